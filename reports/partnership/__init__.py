"""Partnership action plans as their readers read them: a quarter's report
(report.py) in the four formats, the plan's dashboard, and their pages."""
