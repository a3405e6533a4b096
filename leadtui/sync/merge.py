"""Three-way merge of one record: what the server held at the last sync (the base), the laptop's
copy now and the server's now. Plain values in, plain decisions out: no database here.

- a field changed on one side only takes that change;
- a field changed on both sides to different values keeps the server's and is a conflict (the
  laptop's value is kept in the conflict, never lost);
- a record only one side has is new there (no base) or was deleted on the other (a base): a
  delete wins unless the other side changed the record since the last sync.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Conflict:
    field: str
    server: object
    laptop: object


@dataclass
class Merged:
    """What to do with one record: values to write to each side, conflicts, or a delete."""

    to_server: dict = field(default_factory=dict)
    to_laptop: dict = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    result: dict | None = None  # the record both sides hold afterwards (None: deleted on both)
    action: str = "merge"  # merge, push-new, pull-new, delete-server, delete-laptop, revive


def merge_fields(base: dict | None, laptop: dict, server: dict) -> Merged:
    """Both sides have the record."""
    base = base if base is not None else server  # pushed by a sync that stopped half-way
    out = Merged(result=dict(server))
    for name in laptop.keys() | server.keys():
        mine, theirs, was = laptop.get(name), server.get(name), base.get(name)
        if mine == theirs:
            continue
        if mine != was and theirs == was:
            out.to_server[name] = mine
            out.result[name] = mine
        elif theirs != was and mine == was:
            out.to_laptop[name] = theirs
        else:
            out.conflicts.append(Conflict(name, theirs, mine))
            out.to_laptop[name] = theirs
    return out


def merge_record(base: dict | None, laptop: dict | None, server: dict | None) -> Merged:
    """One record whichever sides have it."""
    if laptop is not None and server is not None:
        return merge_fields(base, laptop, server)
    if laptop is None and server is None:
        return Merged(result=None, action="gone")
    if base is None:  # new on the side that has it
        if laptop is not None:
            return Merged(to_server=dict(laptop), result=dict(laptop), action="push-new")
        return Merged(to_laptop=dict(server), result=dict(server), action="pull-new")
    if laptop is None:  # deleted on the laptop
        if server != base:  # changed on the server since: the change wins, the lead comes back
            return Merged(to_laptop=dict(server), result=dict(server), action="pull-new")
        return Merged(result=None, action="delete-server")
    if laptop != base:  # deleted on the server (or no longer this member's), edited here since
        return Merged(to_server=dict(laptop), result=dict(laptop), action="revive",
                      conflicts=[Conflict("deleted", "deleted on the server", "edited on the laptop")])
    return Merged(result=None, action="delete-laptop")
