"""Calendars: each person's feed of their own dates at a secret address
they can reset, and each committee's public feed of its meetings (the
builder and renderer: feed.py; the link: actionplans/models/calendars.py)."""
