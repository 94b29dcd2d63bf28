"""The monitoring round: a clerk opens a round, officers write their actions'
updates, link officers approve or return them, the clerk chases (the
reminders), publishes the round and corrects a published update; reassigning
an action and its history. Its views, forms and addresses."""
