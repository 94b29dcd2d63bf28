"""Evidence files on a scrutiny update: the officer's page to attach and
remove them, and the download every reader of the update uses (the model
and its verbs are models/evidence.py and ProgressEntry.attach_file)."""
