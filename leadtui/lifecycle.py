"""What happens to a lead's tracked fields, in one place.

Stage, kind, qualification and temperature changes are events: `record_change`
sets the field and writes the StageChange row the funnel figures are built
from. The writing services (leads, scoring) both go through it.
"""

from __future__ import annotations

from datetime import datetime

from leadtui.db.models import Lead, StageChange


def record_change(lead: Lead, field_name: str, value: str, at: datetime) -> StageChange | None:
    """Set `field_name` to `value` and record the event; None when it was already `value`."""
    old = getattr(lead, field_name)
    if old == value:
        return None
    setattr(lead, field_name, value)
    return StageChange.create(lead=lead, field=field_name, from_value=old, to_value=value, at=at)
