"""Frameworks of good-practice standards and self-assessments against them:
a clerk types a framework in from its paper (framework_views.py) and records,
publishes and deletes an assessment (assessment_views.py). Their forms and
addresses, included at /standards/ (the readers' pages are reports/standards/)."""
