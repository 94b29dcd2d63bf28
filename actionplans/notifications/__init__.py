"""E-mail notifications: how often each person hears of each kind, and
following a review or an action. Its views, form and addresses (the outbox
and its sending are actionplans/models/notifications.py)."""
