"""The update workflow every kind of plan shares (a round's progress entries,
a quarter's partnership updates): the writer's draft and submit, withdrawing,
the checker's approve-or-return and the conflict pages, written once as view
steps and form bases; monitoring/ and partnership/ each declare their kind
of update once (views.UpdateKind: its forms, templates, fetch, verbs and
words) and hand it to the steps. Its rules are the models'
(actionplans/models/workflow.py)."""
