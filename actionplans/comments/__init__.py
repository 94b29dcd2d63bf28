"""The conversation on an update: its page, the form every page with the
thread posts, and its address (the model and its verb:
actionplans/models/comments.py)."""
