from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ActionPlansConfig(AppConfig):
    name = "actionplans"
    verbose_name = "Action plans"

    def ready(self):
        from actionplans.roles import sync_groups

        # Permissions exist only after migrate has run, so the role groups
        # are brought up to date then rather than in a data migration.
        post_migrate.connect(sync_groups, sender=self)
