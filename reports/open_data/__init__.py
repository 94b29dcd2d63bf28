"""The open data: the published, non-exempt record as CSV and JSON, with
their schemas, under /open-data/."""
