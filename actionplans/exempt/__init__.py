"""Exempt information (Schedule 12A to the Local Government Act 1972): a
clerk marks a recommendation, an action, an update or an evidence file as
exempt, or public again, and the published documents withhold it. Its views,
form and addresses."""
