"""The small tools every layer uses: the clock, dates as people type them, money,
formatting, the vocabulary (stages, kinds, temperatures), names, validation of e-mail
and phone, plain-text tables, safe CSV, the clipboard, and which failures are messages.
Above the database layer (formatting cleans stored text, failures read its errors),
below everything else.
"""
