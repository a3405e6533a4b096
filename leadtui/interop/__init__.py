"""Moving leads in and out: files other tools write, and files other tools read.

Reading recognises a file by its content (CSV from CRMs, spreadsheets and address
books, vCards, leadtui's own JSON), decodes it, maps its columns to lead fields
(presets for well-known exports, header words in our users' languages for any other
CSV, or a mapping saved by name), checks every row, and reports what an import would
create, update, skip as a duplicate, keep unverified or refuse, row by row, before
writing anything. A value that cannot be checked is kept as written, never a reason to
lose the row. Writing happens in
batches inside IMMEDIATE transactions. Exports write CSV, JSON (a complete copy),
vCard 3.0 and iCalendar follow-ups. Duplicate detection and merging live here too.
Nothing in this package imports textual.
"""
