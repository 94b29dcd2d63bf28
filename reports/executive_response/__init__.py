"""The executive response document, for the Cabinet agenda: gathered once
(builder.py), printed in the four formats; its page and its downloads."""
