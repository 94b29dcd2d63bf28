"""The update workflow every kind of plan shares (a round's progress entries,
a quarter's partnership updates): the writer's draft and submit, withdrawing,
the checker's approve-or-return and the conflict pages, written once as view
steps and form bases that monitoring/ and partnership/ call with their own
words. Its rules are the models' (actionplans/models/workflow.py)."""
