"""Reading leads back: the query language, Today and one lead's detail (`queries`),
the list's pages by key, saved views, who comes next (`priority`), whose leads
are "mine" (`owners`), and worker reads a newer one interrupts (`background`).
"""
