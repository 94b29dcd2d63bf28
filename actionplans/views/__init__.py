"""The write side's pages, one module per job: monitoring rounds (officers,
link officers and clerks), setting up a review's plan, people, and import."""
