"""The committees' dashboards and the filtered list of actions."""
