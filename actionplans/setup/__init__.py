"""Setting up a review's plan, for clerks and administrators: the review's
details, its recommendations with their lettered parts, strands and action
records, checked and then confirmed. Its views, forms and addresses."""
