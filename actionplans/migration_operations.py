"""Operations of the project's own for its migrations (Django's are in
django.db.migrations.operations)."""

from django.db.migrations.operations.base import Operation


class CreateTables(Operation):
    """The operations given, at once. Their state moves on one after
    another, as Django's own would, but the models are rendered again only
    once at the end rather than after each (every model here reaches every
    other through the user, so each of Django's CreateModel operations
    renders them all again: most of a new install's migrate). The tables
    are then made from the final state, as `migrate --run-syncdb` makes
    them: the same columns, indexes and constraints, foreign keys added
    after every table exists."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, operations):
        self.operations = operations

    def deconstruct(self):
        return (self.__class__.__qualname__, [self.operations], {})

    def state_forwards(self, app_label, state):
        # Forget the rendered models (ProjectState.clear_delayed_apps_cache
        # does the same): they are rendered afresh when next asked for.
        state.__dict__.pop("apps", None)
        for operation in self.operations:
            operation.state_forwards(app_label, state)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for model in self.models(app_label, schema_editor, to_state):
            schema_editor.create_model(model)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        for model in reversed(self.models(app_label, schema_editor, from_state)):
            schema_editor.delete_model(model)

    def models(self, app_label, schema_editor, state) -> list:
        return [
            model
            for model in state.apps.get_app_config(app_label).get_models()
            if self.allow_migrate_model(schema_editor.connection.alias, model)
        ]

    def describe(self):
        return f"Create the tables of {len(self.operations)} operations at once"
