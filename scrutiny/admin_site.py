"""The back office (Django's admin), opened by the roles that have it.

Django's admin lets in any active login marked `is_staff`; the flag follows
a person's roles when they are changed through the People pages, but a
role taken away elsewhere (the admin's own user form, a group edited by
hand) could leave it behind. Here the roles decide, as they are now
(permissions.uses_admin), so a clerk who is made an officer no longer
opens the back office, whatever the flag says."""

from django.contrib import admin

from actionplans import permissions


class ScrutinyAdminSite(admin.AdminSite):
    site_header = "Scrutiny monitoring: administration"
    site_title = "Scrutiny monitoring"
    index_title = "Reviews, committees and people"

    def has_permission(self, request):
        return super().has_permission(request) and permissions.uses_admin(request.user)
