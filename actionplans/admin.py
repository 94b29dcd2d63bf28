"""The back office: every record and its history (django-simple-history:
who changed what, when, old and new value), to read.

Writes go through the models' verbs, so the admin changes only what a verb
backs: a published entry's correction (ProgressEntry.correct), an open
round's dates, and logins and roles (administrators). The plan, committees,
people and the committee's decisions are changed in the service, to which
their pages link.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    ReadOnlyPasswordHashWidget,
    SetUnusablePasswordMixin,
    UserChangeForm,
)
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django_tasks_db.models import DBTaskResult

from actionplans import api_token_admin  # noqa: F401 (the administrators' API tokens and the API's request log)
from actionplans.history_admin import ReadableHistory, SimpleHistoryAdmin
from actionplans.models import (
    ILLUSTRATIVE_MARK,
    Action,
    Committee,
    CommitteeDecision,
    EditConflict,
    EmailedReply,
    EntryResponsibility,
    ExecutiveResponse,
    Owner,
    ProgressEntry,
    Recommendation,
    Responsibility,
    Review,
    Round,
    SentReminder,
    StatusMeaning,
    SubAction,
    TargetRevision,
    day_label,
    is_illustrative,
    keep_named_order,
    marked,
)
from actionplans.models.notifications import REMINDERS, Notification
from actionplans.text import CleanTextMixin


def login_name(field: str, description: str):
    """A record's login in `field`, shown by its name. Django links a
    read-only field naming a login to the login's page in the admin, which
    only those who look after logins may open: a clerk reading a person, a
    round or a reminder followed it to a 403."""

    @admin.display(description=description)
    def name(model_admin, obj):
        return str(getattr(obj, field) or model_admin.get_empty_value_display())

    return name


# The plan, committees and people: read here, changed in the service ----------
#
# Every write goes through the models' verbs, which keep the plan's version,
# its rules (a new review starts Being set up) and who did it. The service's
# pages call them; the admin's own forms would not, so here these models are
# to read, with their history, and each page links to where they are changed.


class ChangedInTheService(SimpleHistoryAdmin):
    """Read-only for everyone, with a link to the service's page that
    changes the record (`service_link`)."""

    change_form_template = "admin/actionplans/changed_in_the_service.html"
    change_list_template = "admin/actionplans/added_in_the_service_list.html"
    # (URL name, words) of the service's page that adds one, if there is one.
    service_add: tuple[str, str] | None = None

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def service_link(self, obj) -> tuple[str, str]:
        """(address, words) of the service's page that changes `obj`."""
        raise NotImplementedError

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["service_url"], context["service_words"] = self.service_link(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changelist_view(self, request, extra_context=None):
        if self.service_add:
            name, words = self.service_add
            extra_context = {**(extra_context or {}), "service_add_url": reverse(name), "service_add_words": words}
        return super().changelist_view(request, extra_context)


class ReadOnlyInline(admin.StackedInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PlanAdmin(ChangedInTheService):
    def review_of(self, obj) -> Review:
        raise NotImplementedError

    def service_link(self, obj):
        return reverse("review_plan", args=[self.review_of(obj).slug]), "Change this plan in the service"


# The demo's invented days, marked here as on every page -----------------------
#
# A record lists the days the demo invents in its `illustrative` field
# (common.is_illustrative); the back office shows each one marked
# "(illustrative)" too: in a list's column, in a read-only form's row, and
# beside a date a clerk may change (its help text).


def invented_day(field: str, description: str):
    """A record's day `field` as the papers write it ('24 September 2020'),
    marked where the demo invents it: for a column of a list, or a row of a
    read-only form, of an admin with `listed_on` (MarksInventedDays)."""

    @admin.display(description=description, ordering=field)
    def day(model_admin, obj):
        shown = marked(day_label(getattr(obj, field)), model_admin.listed_on(obj), field)
        return shown or model_admin.get_empty_value_display()

    return day


class InventedDaysHistory(ReadableHistory):
    """A history whose changes mark each invented day, old or new, as the
    version holding it listed it (MarksInventedDays `marks`)."""

    def __init__(self, *args, marks, **kwargs):
        super().__init__(*args, **kwargs)
        self.marks = marks

    def context_for_delta_changes(self, delta):
        shown = super().context_for_delta_changes(delta)
        for change, row in zip(delta.changes, shown, strict=True):
            if change.field not in self.marks.invented_days:
                continue
            for side, version in (("old", delta.old_record), ("new", delta.new_record)):
                if getattr(change, side) is not None and is_illustrative(self.marks.listed_on(version), change.field):
                    row[side] = format_html("{} {}", row[side], ILLUSTRATIVE_MARK)
        return shown


class MarksInventedDays:
    """An admin whose records' days the demo may invent: `invented_days`
    maps each day field to the name of its marked display (invented_day).
    Where the form is read-only the marked display takes the field's row;
    where a clerk may change the date, its help text carries the mark."""

    invented_days: dict[str, str] = {}

    def listed_on(self, obj):
        """The record whose `illustrative` lists `obj`'s days (an executive
        response's are its review's; a decision's meeting, its round's)."""
        return obj

    def _read_only(self, request, obj) -> bool:
        return obj is not None and not self.has_change_permission(request, obj)

    def marked_days(self, request, obj) -> list[str]:
        """The marked displays the form shows read-only in place of the days."""
        return list(self.invented_days.values()) if self._read_only(request, obj) else []

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self.marked_days(request, obj)]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if not self._read_only(request, obj):
            return fields
        # Each day's row shows its marked display, where the day was.
        return list(dict.fromkeys(self.invented_days.get(name, name) for name in fields))

    def get_historical_record_context_helper(self, request, historical_record):
        return InventedDaysHistory(self.model, historical_record, marks=self)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        for name in self.invented_days:
            field = form.base_fields.get(name)
            if field is not None and obj is not None and is_illustrative(self.listed_on(obj), name):
                # The form's own copy of the field: made anew for each form.
                field.help_text = f"{ILLUSTRATIVE_MARK} The demo’s: no council paper gives it. {field.help_text}"
        return form


@admin.register(Committee)
class CommitteeAdmin(ChangedInTheService):
    service_add = ("add_committee", "Add a committee in the service")
    list_display = ["name", "slug"]
    search_fields = ["name"]

    def service_link(self, committee):
        return reverse("committee_members", args=[committee.slug]), "Change this committee in the service"


@admin.register(Owner)
class OwnerAdmin(ChangedInTheService):
    service_add = ("add_person", "Add a person in the service")
    list_display = ["name", "kind", "user"]
    list_filter = ["kind"]
    search_fields = ["name", "user__username"]
    # A plain list, labelled: the admin's search-as-you-type box has no
    # accessible name and asks the admin's user pages, which clerks cannot
    # open. The People pages are where clerks give people logins.
    list_select_related = ["user"]
    fields = ["name", "kind", "user_name", "manager"]
    readonly_fields = ["user_name"]
    user_name = login_name("user", "User")

    def service_link(self, owner):
        if owner.is_person:
            return reverse("change_person", args=[owner.pk]), "Change this person in the service"
        return reverse("change_role", args=[owner.pk]), "Change this role or group in the service"


class RecommendationInline(ReadOnlyInline):
    model = Recommendation
    fields = ["number", "text"]
    show_change_link = True


@admin.register(Review)
class ReviewAdmin(MarksInventedDays, PlanAdmin):
    service_add = ("set_up_review", "Set up a review in the service")
    list_display = ["title", "committee", "action_plan_agreed_label", "status"]
    list_filter = ["committee", "status"]
    search_fields = ["title"]
    exclude = ["version"]
    inlines = [RecommendationInline]
    invented_days = {"report_agreed": "report_agreed_day", "report_to_executive": "report_to_executive_day"}
    report_agreed_day = invented_day("report_agreed", "Report agreed")
    report_to_executive_day = invented_day("report_to_executive", "Report to the executive")

    def review_of(self, review):
        return review

    @admin.display(description="Action Plan Agreed", ordering="action_plan_agreed")
    def action_plan_agreed_label(self, review):
        return review.action_plan_agreed_label


class SubActionInline(ReadOnlyInline):
    model = SubAction
    fields = ["letter", "text"]
    verbose_name_plural = "Lettered sub-actions"


class ActionInline(ReadOnlyInline):
    """The recommendation's action records in the document's order, with
    their owners."""

    model = Action
    show_change_link = True
    fields = ["reference", "owner_names", "target_label", "agreed_action", "success_measure"]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("recommendation", "sub_action")
            .prefetch_related(Prefetch("responsibilities", queryset=Responsibility.objects.select_related("owner")))
        )

    @admin.display(description="Reference")
    def reference(self, action):
        return action.reference

    @admin.display(description="Responsibility")
    def owner_names(self, action):
        return ", ".join(link.owner.name for link in action.responsibilities.all())

    @admin.display(description="Date")
    def target_label(self, action):
        return action.target_label


@admin.register(Recommendation)
class RecommendationAdmin(PlanAdmin):
    list_display = ["__str__", "review", "short_text", "action_count"]
    list_filter = ["review"]
    search_fields = ["text", "review__title"]
    ordering = ["review__title", "number"]
    inlines = [SubActionInline, ActionInline]

    def review_of(self, recommendation):
        return recommendation.review

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("review").annotate(action_total=Count("actions"))

    @admin.display(description="Text")
    def short_text(self, recommendation):
        return recommendation.text[:120]

    @admin.display(description="Action records", ordering="action_total")
    def action_count(self, recommendation):
        return recommendation.action_total


class ProgressEntryInline(ReadOnlyInline):
    """The action's entries, to read. Changing one goes through its own page,
    which asks the reason for correcting a published entry."""

    model = ProgressEntry
    fields = ["round", "status", "grade", "evidence_of_progress", "grade_explanation", "evidence_of_impact"]
    readonly_fields = fields
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("round__review")


class CommitteeDecisionInline(ReadOnlyInline):
    """The committee's decisions on the action, to read: the clerk records
    them on the round's page in the service."""

    model = CommitteeDecision
    fields = ["round", "decision", "reason", "meeting_day"]
    readonly_fields = fields
    verbose_name_plural = "The committee's decisions"
    meeting_day = invented_day("meeting_date", "Meeting date")

    def listed_on(self, decision):
        return decision.round

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("round__review")


@admin.register(Action)
class ActionAdmin(PlanAdmin):
    """An action record to read, with its updates. What it says and who is
    responsible for it are changed in the service (the plan's set-up pages;
    Reassign for an action being monitored); the committee's decisions on
    it on each round's decisions page."""

    list_display = ["reference", "review", "target_label", "owner_names"]
    list_filter = ["recommendation__review"]
    search_fields = ["agreed_action", "strand", "recommendation__review__title"]
    plan_fields = [
        "recommendation",
        "sub_action",
        "strand",
        "position",
        "owner_names",
        "target_label",
        "agreed_action",
        "success_measure",
    ]
    fields = plan_fields
    readonly_fields = plan_fields
    inlines = [ProgressEntryInline, CommitteeDecisionInline]

    def review_of(self, action):
        return action.recommendation.review

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["reassign_url"] = reverse("reassign_action", args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)

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
class RoundAdmin(MarksInventedDays, SimpleHistoryAdmin):
    """Dates can be fixed here; opening, publishing and deleting go through
    the round's own pages, which apply the rules (a pending update for each
    carried action; no deleting a round with updates)."""

    list_display = ["review", "label", "deadline_day", "meeting_day", "status"]
    list_filter = ["review", "status"]
    # The committee's decisions are published on their own page (the verb).
    decided = ["decisions_published_at", "decisions_published_by_name"]
    decisions_published_by_name = login_name("decisions_published_by", "Decisions published by")
    exclude = ["decisions_version", "decisions_published_by"]
    # Whether an import brought the round in as a past meeting's record: the import says so, nobody else.
    readonly_fields = ["status", "imported", *decided]

    invented_days = {"deadline": "deadline_day", "meeting_date": "meeting_day"}
    deadline_day = invented_day("deadline", "Deadline")
    meeting_day = invented_day("meeting_date", "Meeting date")

    def get_readonly_fields(self, request, obj=None):
        fixed = ["review", "period"] if obj else []
        return [*fixed, "status", "imported", *self.decided, *self.marked_days(request, obj)]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # A published round is the committee's record: corrections go
        # through its entries, with a reason.
        return super().has_change_permission(request, obj) and (obj is None or obj.is_open)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or not obj.why_not_deletable())

    @admin.display(description="Progress update", ordering="period")
    def label(self, round):
        return round.label


@admin.register(CommitteeDecision)
class CommitteeDecisionAdmin(MarksInventedDays, ChangedInTheService):
    """The committee's decisions, to read with their history: recorded and
    published on the round's decisions page (CommitteeDecision.record_round)."""

    list_display = ["action", "round", "decision", "meeting_day"]
    list_filter = ["decision", "round__review"]
    fields = ["action", "round", "decision", "reason", "meeting_date"]
    readonly_fields = fields
    invented_days = {"meeting_date": "meeting_day"}
    meeting_day = invented_day("meeting_date", "Meeting date")

    def listed_on(self, decision):
        return decision.round

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("round__review", "action__recommendation", "action__sub_action")
        )

    def service_link(self, decision):
        return reverse("round_decisions", args=[decision.round_id]), "Record the committee's decisions in the service"


@admin.register(TargetRevision)
class TargetRevisionAdmin(ChangedInTheService):
    """Revised target dates, to read with their history: proposed with an
    officer's update and decided by the link officer, or changed by a clerk
    with the reason (Action.revise_target)."""

    list_display = ["action", "target_before", "target_month", "status", "proposed_by", "decided_by"]
    list_filter = ["status", "action__recommendation__review"]
    fields = [
        "action",
        "target_before",
        "target_month",
        "reason",
        "status",
        "proposed_by_name",
        "proposed_at",
        "decided_by_name",
        "decided_at",
        "refusal_comment",
    ]
    readonly_fields = fields
    proposed_by_name = login_name("proposed_by", "Proposed by")
    decided_by_name = login_name("decided_by", "Decided by")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("action__recommendation__review", "action__sub_action", "proposed_by", "decided_by")
        )

    def service_link(self, revision):
        return reverse("action_story", args=[revision.action_id]), "Read the action's story in the service"


class EntryResponsibilityInline(admin.StackedInline):
    """Who was responsible in the round, to read: a correction changes it on
    the entry's own form, with the reason."""

    model = EntryResponsibility
    fields = ["owner", "position"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "Responsibility in this round"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ProgressEntryAdminForm(CleanTextMixin, forms.ModelForm):
    """A correction of a published entry, through ProgressEntry.correct():
    the version read, the reason, and who was responsible in the round."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    responsibility = forms.ModelMultipleChoiceField(
        queryset=Owner.objects.all(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        label="Responsibility in this round",
        help_text="Hold Ctrl (Cmd on a Mac) to choose more than one.",
    )
    correction_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept in the history beside the change.",
        max_length=ProgressEntry.REASON_MAX_CHARS,
        error_messages={
            "required": "Give the reason for correcting a published entry.",
            "max_length": f"The reason for the correction must be {ProgressEntry.REASON_MAX_CHARS:,} characters "
            "or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version
            self.initial["responsibility"] = [link.owner for link in self.instance.responsibilities.all()]

    def clean(self):
        data = super().clean()
        version = data.get("version")
        if version is not None and version != ProgressEntry.objects.values_list("version", flat=True).get(
            pk=self.instance.pk
        ):
            raise forms.ValidationError(
                "Someone else changed this entry after you opened it. Open it again to see their change."
            )
        return data

    def correction(self) -> dict:
        named = [link.owner for link in self.instance.responsibilities.all()]
        fields = {name: self.cleaned_data[name] for name in ProgressEntryAdmin.content_fields}
        return {
            "version": self.cleaned_data["version"],
            "reason": self.cleaned_data["correction_reason"],
            "owners": keep_named_order(named, self.cleaned_data["responsibility"]),
            **fields,
        }


@admin.register(ProgressEntry)
class ProgressEntryAdmin(SimpleHistoryAdmin):
    """Entries are made by opening a round and written by their officers; in
    the admin a clerk reads them, and corrects a published one with a reason
    (ProgressEntry.correct). An open round's entry is read-only here, so an
    admin edit can never race an officer's form."""

    form = ProgressEntryAdminForm
    content_fields = ["grade", "grade_explanation", "evidence_of_progress", "evidence_of_impact"]
    list_display = ["action_reference", "review", "round_label", "status", "grade"]
    list_filter = ["round__review", "round__period", "status", "grade"]
    search_fields = ["evidence_of_progress", "evidence_of_impact"]
    # The version read is in the form (ProgressEntryAdminForm) but not a row:
    # it goes in hidden at the form's top (admin/actionplans/progressentry/change_form.html).
    fields = ["action_link", "round", "status", *content_fields, "responsibility", "correction_reason"]
    readonly_fields = ["action_link", "round", "status"]
    inlines = [EntryResponsibilityInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.round.is_published)

    def has_delete_permission(self, request, obj=None):
        # An entry goes with its round (see the round's delete page).
        return False

    def get_fields(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            return ["action_link", "round", "status", *self.content_fields]
        return self.fields

    def get_inlines(self, request, obj):
        # Shown only when the form cannot change the owners itself.
        return self.inlines if obj is not None and not self.has_change_permission(request, obj) else []

    def save_model(self, request, obj, form, change):
        obj.correct(by=request.user, **form.correction())

    def save_related(self, request, form, formsets, change):
        pass  # the owners were saved by the correction

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Django's changeform_view is one transaction: a refused correction
        # leaves nothing behind.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict as conflict:
            who = conflict.changed_by or "Someone else"
            self.message_user(
                request,
                f"{who} changed this entry while you were correcting it, so your correction was not saved. "
                "The entry as it is now is shown: make your correction again if it is still needed.",
                messages.ERROR,
            )
        except ValidationError as error:
            self.message_user(request, f"The correction was not saved. {' '.join(error.messages)}", messages.ERROR)
        return HttpResponseRedirect(request.path)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("action__recommendation__review", "action__sub_action", "round__review")
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


@admin.register(ExecutiveResponse)
class ExecutiveResponseAdmin(MarksInventedDays, ChangedInTheService):
    """The executive's responses, to read with their history: recorded and
    changed on the service's page, through Review.record_responses()."""

    list_display = ["recommendation", "review", "response", "responded_day"]
    list_filter = ["response", "recommendation__review"]
    list_select_related = ["recommendation__review"]
    invented_days = {"responded_on": "responded_day"}
    responded_day = invented_day("responded_on", "Date of the response")

    def listed_on(self, answer):
        return answer.recommendation.review

    @admin.display(description="Review", ordering="recommendation__review__title")
    def review(self, answer):
        return answer.recommendation.review

    def service_link(self, answer):
        return (
            reverse("record_response", args=[answer.recommendation.review.slug]),
            "Change the executive’s response in the service",
        )


class ReminderKindFilter(admin.SimpleListFilter):
    """The kinds a reminder can be, not every kind of notification."""

    title = "kind"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(kind.value, kind.label) for kind in Notification.Kind if kind in REMINDERS]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(StatusMeaning)
class StatusMeaningAdmin(SimpleHistoryAdmin):
    """What the council's status words and colours mean on the grading
    scale, as clerks confirmed them at imports (the import's preview sets
    them, StatusMeaning.remember). Deleting one makes the next import ask
    again."""

    list_display = ["word", "grade", "confirmed_by", "confirmed_at"]
    fields = ["word", "key", "grade", "confirmed_by_name", "confirmed_at"]
    readonly_fields = fields
    confirmed_by_name = login_name("confirmed_by", "Confirmed by")
    search_fields = ["word"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RecordToRead(admin.ModelAdmin):
    """A record the service keeps of itself (the reminders it sent, the
    replies it received): to read in the back office, never to add,
    change or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SentReminder)
class SentReminderAdmin(RecordToRead):
    """Who was reminded of an update or an executive response due, when,
    and by whom (blank: the daily `send_reminders`): a record, to read.
    Reminders are e-mails on the one outbox (Notification); the rest of the
    outbox is people's own notifications and is not listed here."""

    list_display = ["subject", "recipient", "kind", "created_at", "sent_at", "sent_by", "attempts"]
    list_filter = [ReminderKindFilter]
    list_select_related = ["recipient", "sent_by"]
    search_fields = ["subject", "recipient__username", "recipient__last_name"]
    fields = [
        "recipient_name",
        "kind",
        "subject",
        "body",
        "created_at",
        "sent_at",
        "sent_by_name",
        "attempts",
        "last_error",
    ]
    readonly_fields = fields
    recipient_name = login_name("recipient", "Recipient")
    sent_by_name = login_name("sent_by", "Sent by")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(kind__in=REMINDERS)


@admin.register(EmailedReply)
class EmailedReplyAdmin(RecordToRead):
    """The replies officers e-mailed to the reply mailbox (docs/replies.md):
    what became of each, the answer its sender was sent, and the message
    as it arrived. A record, to read; never public."""

    list_display = ["received_at", "from_address", "outcome", "entry", "answer_sent_at"]
    list_filter = ["outcome"]
    list_select_related = ["entry__action", "entry__round"]
    search_fields = ["from_address", "message_id"]
    fields = [
        "received_at",
        "from_address",
        "message_id",
        "outcome",
        "entry",
        "recheck",
        "officer_name",
        "said",
        "answer_to",
        "answer_subject",
        "answer_sent_at",
        "answer_error",
        "message_as_received",
    ]
    readonly_fields = fields
    officer_name = login_name("officer", "Officer")

    @admin.display(description="Message as received")
    def message_as_received(self, obj):
        return format_html('<pre class="scrutiny-message">{}</pre>', obj.message_text)


# Logins and roles ----------------------------------------------------------


class PasswordSummary(ReadOnlyPasswordHashWidget):
    """Django's summary of a login's password, whose "Reset password" link
    goes to the login's password page by its full address, and only for
    someone who may change the login. Django's own link is "../password/",
    which from a version in the login's history leads nowhere (a 404), and
    is there too for an administrator reading a superuser's login, which
    they may not change (a 403)."""

    template_name = "admin/auth/user/password_summary.html"
    password_url = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # The field is disabled, so the form never takes a password from it;
        # a <div> cannot be, and the attribute there is invalid HTML.
        context["widget"]["attrs"].pop("disabled", None)
        context["password_url"] = self.password_url
        return context


class AccountChangeForm(UserChangeForm):
    # The login's password page, when whoever reads the form may change it
    # (set by AccountAdmin.get_form on the form class it makes for them).
    password_url = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "password" in self.fields:
            self.fields["password"].widget = PasswordSummary()
            self.fields["password"].widget.password_url = self.password_url


class AccountPasswordForm(AdminPasswordChangeForm):
    # The login's password page prints this help text inside a <p>, where
    # Django's warning, a <ul>, closed the paragraph and left its </p>
    # stray. The warning keeps the id and class by which the page's style
    # sheet and script hide it while the password stays enabled.
    usable_password_help_text = SetUnusablePasswordMixin.usable_password_help_text + (
        ' <strong id="id_unusable_warning" class="messagelist">'
        "If disabled, the current password for this user will be lost.</strong>"
    )


class AccountAdmin(SimpleHistoryAdmin, UserAdmin):
    """Administrators who are not superusers look after logins and roles,
    but cannot make anyone a superuser, give permissions outside the roles,
    or change a superuser's account. Each login's history (its roles
    included) is the same as the People pages write (User.history)."""

    # Plain labelled lists: the admin's two-box filter widget fails WCAG
    # checks (an aria-label on a plain element, a box without a label).
    filter_horizontal = ()
    form = AccountChangeForm
    change_password_form = AccountPasswordForm

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and self.has_change_permission(request, obj):
            form.password_url = reverse("admin:auth_user_password_change", args=[obj.pk])
        return form

    def get_readonly_fields(self, request, obj=None):
        # The dates are the system's record, not anyone's to set (and their
        # split date and time boxes carry no labels).
        readonly = [*super().get_readonly_fields(request, obj), "last_login", "date_joined"]
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
        return readonly

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or request.user.is_superuser or not obj.is_superuser)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or request.user.is_superuser or not obj.is_superuser)


class RoleAdmin(GroupAdmin):
    """The roles' permissions are set by every migrate (actionplans.roles);
    only a superuser changes them here."""

    filter_horizontal = ()  # as AccountAdmin's

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly if request.user.is_superuser else [*readonly, "permissions"]


admin.site.unregister(User)
admin.site.register(User, AccountAdmin)
admin.site.unregister(Group)
admin.site.register(Group, RoleAdmin)

# django-tasks-db registers its task results; they are the worker's
# bookkeeping, not the council's record (the round's page shows what a clerk
# needs), and their UUID ids fall outside the admin guard's whole numbers.
# Its admin module is loaded here first (this app comes before it in
# INSTALLED_APPS), so that its registration is there to take away.
import django_tasks_db.admin  # noqa: E402, F401

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
