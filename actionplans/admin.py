"""The clerk's admin: building a review as the committee paper lays it out.

A recommendation is edited on one page with its lettered sub-actions and all
its action records (the recommendation's own, each sub-action's and each
strand's) with their owners, in the document's order. Every model keeps its
history (django-simple-history): who changed what, when, old and new value.
"""

from django import forms
from django.contrib import admin
from django.db import transaction
from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin as BaseHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from actionplans.models import (
    Action,
    Committee,
    EntryResponsibility,
    Owner,
    ProgressEntry,
    Recommendation,
    Responsibility,
    Review,
    Round,
    SubAction,
)
from actionplans.text import CleanTextMixin


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
    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistory(self.model, historical_record)


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Owner)
class OwnerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "user"]
    list_filter = ["kind"]
    search_fields = ["name", "user__username"]
    autocomplete_fields = ["user"]


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    fields = ["number", "text"]
    extra = 0
    show_change_link = True


@admin.register(Review)
class ReviewAdmin(SimpleHistoryAdmin):
    list_display = ["title", "committee", "action_plan_agreed_label", "status"]
    list_filter = ["committee", "status"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [RecommendationInline]

    @admin.display(description="Action Plan Agreed", ordering="action_plan_agreed")
    def action_plan_agreed_label(self, review):
        return review.action_plan_agreed_label


class SubActionInline(admin.StackedInline):
    model = SubAction
    fields = ["letter", "text"]
    extra = 0
    verbose_name_plural = "Lettered sub-actions (save before adding their strands below)"


class ActionAdminForm(CleanTextMixin, forms.ModelForm):
    """An action record with its owners. Owners are kept as Responsibility
    rows so that each addition and removal is in the history."""

    responsibility = forms.ModelMultipleChoiceField(
        queryset=Owner.objects.all(),
        # A plain list: the admin's two-box filter widget fails WCAG checks.
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Who the action is the responsibility of: hold Ctrl (Cmd on a Mac) to choose more than one. "
        "Someone added joins the end of the list.",
    )

    class Meta:
        model = Action
        fields = [
            "sub_action",
            "strand",
            "position",
            "responsibility",
            "target_month",
            "target_text",
            "agreed_action",
            "success_measure",
            "monitoring",
            "closed_at",
        ]
        widgets = {
            "agreed_action": forms.Textarea(attrs={"rows": 3}),
            "success_measure": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["responsibility"] = [link.owner for link in self.instance.responsibilities.all()]

    def _save_m2m(self):
        super()._save_m2m()
        self.instance.set_owners(self.cleaned_data["responsibility"])


class ActionInline(admin.StackedInline):
    model = Action
    form = ActionAdminForm
    extra = 0
    show_change_link = True
    readonly_fields = ["reference"]
    fieldsets = [
        (None, {"fields": ["reference", ("sub_action", "strand", "position"), "responsibility"]}),
        (None, {"fields": [("target_month", "target_text"), "agreed_action", "success_measure"]}),
        ("Monitoring", {"classes": ["collapse"], "fields": ["monitoring", "closed_at"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("recommendation", "sub_action")
            .prefetch_related(Prefetch("responsibilities", queryset=Responsibility.objects.select_related("owner")))
        )

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # Only this recommendation's lettered parts, and only its review's rounds.
        fields = formset.form.base_fields
        if "sub_action" in fields:
            fields["sub_action"].queryset = (
                SubAction.objects.filter(recommendation=obj) if obj else SubAction.objects.none()
            )
        if "closed_at" in fields:
            fields["closed_at"].queryset = Round.objects.filter(review=obj.review) if obj else Round.objects.none()
        return formset

    @admin.display(description="Reference")
    def reference(self, action):
        return action.reference if action.pk else "New action record"


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "review", "short_text", "action_count"]
    list_filter = ["review"]
    search_fields = ["text", "review__title"]
    ordering = ["review__title", "number"]
    inlines = [SubActionInline, ActionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("review").annotate(action_total=Count("actions"))

    @admin.display(description="Text")
    def short_text(self, recommendation):
        return recommendation.text[:120]

    @admin.display(description="Action records", ordering="action_total")
    def action_count(self, recommendation):
        return recommendation.action_total

    @transaction.atomic
    def changeform_view(self, *args, **kwargs):
        # The recommendation, its parts and their owners save together or not at all.
        return super().changeform_view(*args, **kwargs)


class ResponsibilityInline(admin.StackedInline):
    model = Responsibility
    fields = ["owner", "position"]
    extra = 0
    autocomplete_fields = ["owner"]


class ProgressEntryInline(admin.StackedInline):
    """The action's entries, to read. Changing one goes through its own page,
    which asks the reason for correcting a published entry."""

    model = ProgressEntry
    fields = ["round", "status", "grade", "evidence_of_progress", "grade_explanation", "evidence_of_impact"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "review", "target_label", "owner_names"]
    list_filter = ["recommendation__review"]
    search_fields = ["agreed_action", "strand", "recommendation__review__title"]
    fields = [
        "recommendation",
        "sub_action",
        "strand",
        "position",
        ("target_month", "target_text"),
        "agreed_action",
        "success_measure",
        "monitoring",
        "closed_at",
    ]
    inlines = [ResponsibilityInline, ProgressEntryInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("recommendation__review", "sub_action")
            .prefetch_related(Prefetch("responsibilities", queryset=Responsibility.objects.select_related("owner")))
        )

    @admin.display(description="Review", ordering="recommendation__review__title")
    def review(self, action):
        return action.recommendation.review

    @admin.display(description="Date")
    def target_label(self, action):
        return action.target_label

    @admin.display(description="Responsibility")
    def owner_names(self, action):
        return ", ".join(link.owner.name for link in action.responsibilities.all())


@admin.register(Round)
class RoundAdmin(SimpleHistoryAdmin):
    """Dates can be fixed here; opening, publishing and deleting go through
    the round's own pages, which apply the rules (a pending update for each
    carried action; no deleting a round with updates)."""

    list_display = ["review", "label", "deadline", "meeting_date", "status"]
    list_filter = ["review", "status"]
    readonly_fields = ["status"]

    def get_readonly_fields(self, request, obj=None):
        return ["review", "period", "status"] if obj else ["status"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or not obj.why_not_deletable())

    @admin.display(description="Progress update", ordering="period")
    def label(self, round):
        return round.label


class EntryResponsibilityInline(admin.StackedInline):
    model = EntryResponsibility
    fields = ["owner", "position"]
    extra = 0
    autocomplete_fields = ["owner"]
    verbose_name_plural = "Responsibility in this round"


class ProgressEntryAdminForm(CleanTextMixin, forms.ModelForm):
    correction_reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        # Kept as the history's change reason ("Correction: …"), 100 characters at most.
        max_length=88,
        error_messages={"max_length": "The reason for the correction must be 88 characters or fewer"},
        help_text="Required when the round is published: kept in the history beside the change.",
    )

    def clean(self):
        data = super().clean()
        round = self.instance.round if self.instance.pk else data.get("round")
        correcting = self.instance.pk and round and round.is_published and self.has_changed()
        if correcting and not data.get("correction_reason", "").strip():
            self.add_error("correction_reason", "Give the reason for correcting a published entry.")
        return data


@admin.register(ProgressEntry)
class ProgressEntryAdmin(SimpleHistoryAdmin):
    form = ProgressEntryAdminForm
    list_display = ["action_reference", "review", "round_label", "grade"]
    list_filter = ["round__review", "round__period", "grade"]
    search_fields = ["evidence_of_progress", "evidence_of_impact"]
    fields = [
        "action_link",
        "round",
        "grade",
        "grade_explanation",
        "evidence_of_progress",
        "evidence_of_impact",
        "correction_reason",
    ]
    readonly_fields = ["action_link"]
    inlines = [EntryResponsibilityInline]

    def has_delete_permission(self, request, obj=None):
        # What the committee has received stays on the record.
        published = obj is not None and obj.round.is_published
        return super().has_delete_permission(request, obj) and not published

    def save_model(self, request, obj, form, change):
        reason = form.cleaned_data.get("correction_reason", "").strip()
        if reason:
            obj._change_reason = f"Correction: {reason}"
        super().save_model(request, obj, form, change)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("action__recommendation__review", "action__sub_action", "round")
        )

    def get_readonly_fields(self, request, obj=None):
        # An entry stays with its action and round; only its content changes.
        return ["action_link", "round"] if obj else ["action_link"]

    def get_fields(self, request, obj=None):
        return (
            self.fields
            if obj
            else ["action", "round", "grade", "grade_explanation", "evidence_of_progress", "evidence_of_impact"]
        )

    @admin.display(description="Action", ordering="action__recommendation__number")
    def action_reference(self, entry):
        return entry.action.reference

    @admin.display(description="Action")
    def action_link(self, entry):
        url = reverse("admin:actionplans_action_change", args=[entry.action_id])
        return format_html('<a href="{}">{}</a>', url, entry.action.reference)

    @admin.display(description="Review", ordering="round__review__title")
    def review(self, entry):
        return entry.round.review

    @admin.display(description="Round", ordering="round__period")
    def round_label(self, entry):
        return entry.round.label
