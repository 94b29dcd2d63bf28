from django.contrib.admin.apps import AdminConfig


class ScrutinyAdminConfig(AdminConfig):
    """django.contrib.admin with the site of scrutiny/admin_site.py."""

    default_site = "scrutiny.admin_site.ScrutinyAdminSite"
