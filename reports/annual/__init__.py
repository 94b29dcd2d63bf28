"""The scrutiny annual report of a municipal year: gathered (builder.py)
into plain data (data.py), printed in the four formats; its page and its
downloads."""
