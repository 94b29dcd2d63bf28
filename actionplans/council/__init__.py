"""The council's settings page: its wording and grading scales
(actionplans/models/council.py), changed by administrators."""
