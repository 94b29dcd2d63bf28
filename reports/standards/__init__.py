"""Frameworks of good-practice standards and self-assessments as their
readers read them: an assessment's page, its committee appendix
(appendix.py) in the four formats, a framework's dashboard and the
comparison of two assessments."""
