"""People, their logins and roles, and committees: the clerk's and
administrator's pages for adding and changing a person, giving a role,
adding and renaming a committee and choosing its members. Its views, forms
and addresses."""
