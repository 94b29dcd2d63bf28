"""The admin's history pages, for every model kept with its history: in a
clerk's words, to read and never to revert. The back office (admin.py) and
the API tokens' pages (api_token_admin.py) both build on it."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin as BaseHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper


class ReadableHistory(HistoricalRecordContextHelper):
    """History in a clerk's words: a grade as '2 (On-Track)', not '2'."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if getattr(field, "choices", None) and value not in (None, ""):
            label = dict(field.flatchoices).get(value)
            if label is not None:
                return f"{value} ({label})" if isinstance(value, int) else label
        return super().prepare_delta_change_value(change, value)


class SimpleHistoryAdmin(BaseHistoryAdmin):
    """History to read, never to revert: a revert saved an old version over
    the rules (it reopened published rounds and wiped published entries
    without a reason). Changes go through the change form, and so through
    the model's verbs and checks."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        # A field with a callable default (a record's `illustrative` list)
        # asks for a hidden copy of its initial value, and Django gives the
        # copy the box's aria-describedby, which a hidden input may not have.
        # The copy tells a blank extra inline row from one filled in; these
        # forms are each one record's, and without it a change is still
        # seen against the value the record holds.
        if formfield is not None:
            formfield.show_hidden_initial = False
        return formfield

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistory(self.model, historical_record)

    def revert_disabled(self, request, obj=None):
        return True

    def history_view(self, request, object_id, extra_context=None):
        # simple_history links "Changed by" to the login's page in the admin,
        # by the URL name admin_user_view, or names the login as text when
        # the name leads nowhere: it does for whoever may not open logins
        # (a clerk), for whom the link was refused.
        if not self.admin_site.get_model_admin(get_user_model()).has_view_permission(request):
            extra_context = {**(extra_context or {}), "admin_user_view": None}
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
