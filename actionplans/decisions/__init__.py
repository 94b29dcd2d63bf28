"""The committee's decisions on a published round's actions (signed off,
kept open, closed or carried forward), suggested from each grade and recorded
by the clerk. Its view, form and address."""
