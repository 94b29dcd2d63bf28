"""Partnership action plans' write side: a plan's own details, a quarter's
updates written by the leads and checked by the coordinator, opening,
publishing and deleting a quarter, and which logins speak for each
organisation. Its views, forms and addresses (the plan's pages and reports
are reports/partnership/; importing a plan is importing/)."""
