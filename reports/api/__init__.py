"""The read-only API (docs/public-pages-and-api.md): who reads what (reading.py), how
each kind reads (serializers.py), tokens and the public (auth.py), the
views with their request log (views.py) and pages (pages.py)."""
