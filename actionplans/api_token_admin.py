"""The administrators' pages for API tokens, in the admin: issue a token
(through ApiToken.objects.issue, its key shown once, on the page that
follows), revoke tokens (through ApiToken.revoke), and read every token's
history and the log of API requests. Nobody else sees them."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse

from actionplans import permissions
from actionplans import roles as role_rules
from actionplans.history_admin import SimpleHistoryAdmin
from actionplans.models import ApiRequest, ApiToken
from actionplans.models.api_tokens import why_not_issuable
from actionplans.text import CleanTextMixin


class IssueTokenForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name", "user", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.filter(is_active=True).order_by("username")
        self.fields["role"].choices = [("", "---------")] + [(role, role) for role in role_rules.PERSON_ROLES]

    def clean(self):
        data = super().clean()
        if not self.errors:
            for field, message in why_not_issuable(
                user=data.get("user"), role=data.get("role", ""), name=data.get("name", "")
            ).items():
                self.add_error(field, message)
        return data


class AdministratorsOnly:
    """Administrators (who manage logins) only; nobody deletes or edits a
    token: it is revoked."""

    def has_module_permission(self, request):
        return permissions.administers_logins(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.administers_logins(request.user)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(AdministratorsOnly, SimpleHistoryAdmin):
    list_display = ["name", "key_start", "user", "role", "created_at", "created_by", "last_used_at", "revoked_at"]
    list_filter = ["role"]
    search_fields = ["name", "key_start", "user__username"]
    readonly_fields = [
        "name",
        "key_start",
        "user",
        "role",
        "created_at",
        "created_by",
        "last_used_at",
        "revoked_at",
        "revoked_by",
    ]
    actions = ["revoke_tokens"]

    def has_add_permission(self, request):
        return permissions.administers_logins(request.user)

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = IssueTokenForm
            kwargs["fields"] = ["name", "user", "role"]
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            raise PermissionDenied
        data = form.cleaned_data
        token, key = ApiToken.objects.issue(user=data["user"], role=data["role"], name=data["name"], by=request.user)
        # The admin goes on with `obj` (its log entry, the page that follows).
        obj.__dict__.update({k: v for k, v in token.__dict__.items() if k != "_state"})
        obj._state.adding = False
        request._issued_key = key

    def response_add(self, request, obj, post_url_continue=None):
        """The key, this once: it is not stored, so it cannot be shown again."""
        response = TemplateResponse(
            request,
            "admin/actionplans/apitoken/issued.html",
            {
                **self.admin_site.each_context(request),
                "title": "API token issued",
                "token": obj,
                "key": request._issued_key,
                "opts": self.opts,
            },
        )
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description="Revoke the chosen tokens")
    def revoke_tokens(self, request, queryset):
        revoked = 0
        for token in queryset:
            try:
                token.revoke(by=request.user)
            except ValidationError:
                continue
            revoked += 1
        self.message_user(request, f"{revoked} token(s) revoked: requests with them are now refused.", messages.SUCCESS)


@admin.register(ApiRequest)
class ApiRequestAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ["at", "method", "path", "status", "duration_ms", "token"]
    list_filter = ["status", "method"]
    list_select_related = ["token"]
    search_fields = ["path", "token__name"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False
