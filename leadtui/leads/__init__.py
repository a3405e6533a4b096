"""Every write to a lead: adding, editing, logging, stages (`writes`), the follow-ups a
user manages, outreach templates, hand-offs, and working one lead at a time (`focus`).
"""
