"""Capture without typing twice: mail and calendar files become activities and follow-ups
(`leadtui ingest`, the TUI's watched folders), one typed line becomes a lead (`leadtui capture`,
the quick add), and due work is announced when the TUI is closed (`leadtui remind`).

`sources` finds the files and tells their kind by content, `mail` and `calendar` read messages
and events with the standard library's `email` and with `icalendar`, `ingest` matches them to
leads by address and writes what is new in IMMEDIATE batches, remembering each message and event
per lead so that reading the same files again adds nothing.
"""
