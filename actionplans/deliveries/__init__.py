"""Which partnership plans' actions deliver a review's recommendations and
actions: the clerk's page linking them, and the choices of actions that the
standards self-assessment's gap links offer too. Its view, forms and address."""
