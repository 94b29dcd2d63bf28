"""Everything the service holds about one person, for a subject access
request (UK GDPR, Article 15), and the pages where an administrator exports
it or erases a leaver. The verbs and the log of what was done are in
actionplans/models/personal_data.py."""
