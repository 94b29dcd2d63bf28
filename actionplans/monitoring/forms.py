"""The monitoring round's forms: opening a round, an officer's update (with
a new target month when it slipped), the link officer's approval, a clerk's
correction of a published update, reassigning an action, and publishing."""

import datetime

from django import forms
from django.conf import settings

from actionplans.agenda import AgendaOptionsForm
from actionplans.fields import GovukDateField, GovukMonthField
from actionplans.models import Owner, ProgressEntry, TargetProposal, keep_named_order
from actionplans.models.council import ScaleGrade, current_scale
from actionplans.models.evidence import megabytes
from actionplans.models.targets import REASON_MAX_CHARS as TARGET_REASON_MAX_CHARS
from actionplans.text import CleanTextMixin
from actionplans.workflow.forms import ConfirmMissingForm, DecisionForm, MonthAndYearForm, WorkflowUpdateForm


def next_round_month(review) -> "datetime.date | None":
    """The month the review's next progress update is likely dated: as far
    after its latest round as that was after the one before (six months
    where there is no earlier round, or the gap is over a year), and after
    that round's meeting; or six months after its plan was agreed where it
    has no round yet; None where neither is known."""
    rounds = list(review.rounds.order_by("-period").values_list("period", "meeting_date")[:2])
    if not rounds:
        agreed = review.action_plan_agreed
        return _months_after(agreed, 6) if agreed else None
    gap = 6
    if len(rounds) == 2:
        (latest, _), (before, _) = rounds
        months = (latest.year - before.year) * 12 + latest.month - before.month
        gap = months if 1 <= months <= 12 else 6
    suggested = _months_after(rounds[0][0], gap)
    # And after the latest round's meeting: a round whose meeting came long
    # after its month (the demo's, dated to today) is followed by the next
    # update the committee will see, not one years before that meeting.
    met = rounds[0][1]
    while met is not None and suggested < met.replace(day=1):
        suggested = _months_after(suggested, gap)
    return suggested


def _months_after(month: datetime.date, months: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


class OpenRoundForm(MonthAndYearForm):
    deadline = GovukDateField(
        label="Deadline for officers’ updates",
        name="Deadline",
        help_text="For example, 26 2 2021",
        error_messages={"required": "Enter the deadline"},
    )
    meeting_date = GovukDateField(
        label="Date of the committee meeting",
        name="Meeting date",
        help_text="For example, 18 3 2021",
        error_messages={"required": "Enter the meeting date"},
    )

    def __init__(self, *args, review=None, **kwargs):
        """`review`: the month and year start at its next round's month
        (next_round_month), not at January."""
        super().__init__(*args, **kwargs)
        suggested = next_round_month(review) if review is not None and not self.is_bound else None
        if suggested:
            self.initial.setdefault("month", suggested.month)
            self.initial.setdefault("year", suggested.year)


def grade_hint(level) -> str:
    """A grade's radio hint: its description (the grading key's words), and
    for the achieved grade that choosing it proposes sign-off."""
    words = level.description if level.description and level.description != level.label else ""
    if level.proposes_sign_off:
        proposal = "Choosing it proposes the action for sign-off: the committee decides"
        return f"{words.rstrip('.')}. {proposal}" if words else proposal
    return words


class GradeOnScaleMixin:
    """The Assessment of Progress as the council's current scale offers it:
    its grades' radios, by position ("2 – On-Track", "Amber"); what is
    cleaned is what the grade means (ProgressEntry.grade), and `level()` is
    the grade itself (ProgressEntry.level)."""

    def offer_scale(self):
        # The scale the update's review grades on: its own, else the council's.
        self.scale = current_scale(review=self.instance.round.review_id if self.instance.round_id else None)
        old = self.fields["grade"]
        self.fields["grade"] = forms.TypedChoiceField(
            label=old.label,
            help_text=old.help_text,
            choices=self.scale.choices(),
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            required=False,
            error_messages={"invalid_choice": "Select one of the grades offered"},
        )
        # Each grade's radio says what it means: its description, and for
        # the achieved grade that it proposes sign-off (templates/includes/radios.html).
        self.fields["grade"].hints = {str(level.position): grade_hint(level) for level in self.scale}
        if not self.is_bound and self.instance.pk:
            given = self.instance.grade_level
            current = self.scale.at(given.position) if given else None
            if given and (current is None or current.id != given.id):
                current = self.scale.meaning(given.rank)
            self.initial["grade"] = current.position if current else None
        if "grade_explanation" in self.fields:
            needing = [level.label for level in self.scale if level.needs_explanation]
            self.fields["grade_explanation"].help_text = (
                f"Required for {' or '.join(needing)}, or when the grade is worse than last time."
                if needing
                else "Required when the grade is worse than last time."
            )

    def chosen_level(self):
        """The grade chosen, on the current scale (a ScaleLevel), or None."""
        position = self.cleaned_data.get("grade_position")
        return self.scale.at(position) if position else None

    def clean_grade(self):
        position = self.cleaned_data.get("grade")
        self.cleaned_data["grade_position"] = position
        level = self.scale.at(position) if position else None
        return level.rank if level else None

    def level_field(self) -> dict:
        """ProgressEntry's `level` keyword, as its verbs take it."""
        level = self.chosen_level()
        return {"level": ScaleGrade.objects.get(pk=level.id) if level else None}


class UpdateForm(GradeOnScaleMixin, WorkflowUpdateForm):
    """The officer's update. A draft may be saved half-written; a submitted
    update needs its evidence, its grade and, where the grade calls for it,
    an explanation, and a Slipped one a new target month with the reason
    (actionplans.models.proposal_needed)."""

    TYPED_FIELDS = ("evidence_of_progress", "grade_explanation", "evidence_of_impact", "target_reason")

    proposed_target = GovukMonthField(
        label="New target month",
        name="New target month",
        required=False,
        help_text="For example, 9 2021.",
    )
    target_reason = forms.CharField(
        label="Why the target needs to change",
        help_text="The link officer reads it when they accept or refuse the new date, and the action's story keeps it.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TARGET_REASON_MAX_CHARS,
        error_messages={
            "max_length": f"The reason must be {TARGET_REASON_MAX_CHARS:,} characters or fewer",
        },
    )

    # The files chosen with the update (the view reads them from
    # request.FILES; ProgressEntry.save_update attaches them): here for its
    # label, hint and the checks' errors by the field.
    files = forms.Field(label="Add files", required=False)

    class Meta:
        model = ProgressEntry
        fields = ["evidence_of_progress", "grade", "grade_explanation", "evidence_of_impact"]
        labels = {
            "evidence_of_progress": "Evidence of Progress",
            "grade": "Assessment of Progress",
            "grade_explanation": "Explanation of the assessment",
            "evidence_of_impact": "Evidence of Impact (optional)",
        }
        help_texts = {
            "evidence_of_progress": "What has taken place since the last update. Start a line with “- ” for a "
            "bullet; leave a blank line between paragraphs.",
            "grade_explanation": "Required for Slipped or Not Achieved, or when the grade is worse than last time.",
            "evidence_of_impact": "What difference the action has made, where it can be seen yet.",
        }
        widgets = {
            "evidence_of_progress": forms.Textarea(attrs={"rows": 8}),
            "grade": forms.RadioSelect,
            "grade_explanation": forms.Textarea(attrs={"rows": 4}),
            "evidence_of_impact": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, previous_grade=None, files_problem="", **kwargs):
        super().__init__(*args, **kwargs)
        self.previous_grade = previous_grade
        # Files chosen that could not be kept: more than the update has room
        # for, or than the server has (monitoring/views.py).
        self.files_problem = files_problem
        self.offer_scale()
        self.fields["files"].help_text = (
            f"Minutes, reports or pictures that show the progress: several at once if you like. Each is titled "
            f"by its file name. PDF, Word, Excel, PowerPoint, CSV, plain text, PNG or JPEG, up to "
            f"{megabytes(settings.EVIDENCE_MAX_BYTES).replace('.0 MB', ' MB')} each; up to "
            f"{settings.EVIDENCE_MAX_FILES} files in all. Files with macros or a password are not accepted."
        )
        if not self.is_bound:
            proposal = self.instance.target_proposal() if self.instance.pk else None
            if proposal is not None:
                self.initial["proposed_target"] = proposal.target_month
                self.initial["target_reason"] = proposal.reason

    def clean(self):
        data = super().clean()
        if self.files_problem:
            self.add_error("files", self.files_problem)
        month, reason = data.get("proposed_target"), data.get("target_reason", "").strip()
        # A proposal is saved whole or not at all, draft or not.
        if month and not reason and "target_reason" not in self.errors:
            self.add_error("target_reason", "Give the reason for the new target month")
        elif reason and not month and "proposed_target" not in self.errors:
            self.add_error("proposed_target", "Enter the new target month, or clear the reason")
        if not self.submitting:
            return data
        # What the verb would refuse (ProgressEntry.submission_problems),
        # shown all at once beside the fields.
        problems = self.instance.submission_problems(
            evidence_of_progress=data.get("evidence_of_progress", ""),
            grade=self.chosen_level(),
            grade_explanation=data.get("grade_explanation", ""),
            proposes_target=bool(month) or "proposed_target" in self.errors,
            previous_grade=self.previous_grade,
        )
        for field, message in problems.items():
            if field not in self.errors:
                self.add_error(field, message)
        if "proposed_target" in problems and not reason and "target_reason" not in self.errors:
            self.add_error("target_reason", "Give the reason for the new target month")
        return data

    def update_fields(self) -> dict:
        return {**super().update_fields(), **self.level_field()}

    def proposal(self) -> TargetProposal | None:
        """ProgressEntry.save_update()'s `proposal`: the new target, or None."""
        month = self.cleaned_data.get("proposed_target")
        return TargetProposal(month=month, reason=self.cleaned_data["target_reason"]) if month else None


class ApprovalForm(DecisionForm):
    """The link officer's decision on an officer's update, and on the new
    target date it may propose."""

    # Asked only when the update proposes a new target (ProgressEntry.approve).
    target_decision = forms.ChoiceField(
        label="The new target date",
        choices=[("accept", "Accept the new target date"), ("refuse", "Refuse it: the target stays as it is")],
        widget=forms.RadioSelect,
        required=False,
    )
    target_comment = forms.CharField(
        label="Why the new target date is refused",
        help_text="Needed only to refuse it. The officer and the action's story show it.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal

    def clean(self):
        data = super().clean()
        if data.get("decision") == "approve" and self.proposal is not None and self.proposal.is_proposed:
            if not data.get("target_decision"):
                self.add_error("target_decision", "Accept or refuse the new target date")
            elif data["target_decision"] == "refuse" and not data.get("target_comment", "").strip():
                self.add_error("target_comment", "Say why the new target date is refused")
        return data

    def target_arguments(self) -> dict:
        """ProgressEntry.approve()'s decision on the proposed target."""
        return {
            "target_decision": self.cleaned_data.get("target_decision", ""),
            "target_comment": self.cleaned_data.get("target_comment", ""),
        }


class ApproveTogetherForm(ApprovalForm):
    """One of the updates a link officer approves together: the single
    page's approval (with its decision on a proposed target date), under the
    update's own prefix, for the version the page showed. It only approves:
    returning stays one at a time, with its comment."""

    def __init__(self, data=None, *, entry, proposal):
        super().__init__(data, prefix=f"update-{entry.pk}", proposal=proposal, initial={"version": entry.version})
        self.entry = entry
        del self.fields["decision"], self.fields["comment"], self.fields["seen"]

    def clean(self):
        self.cleaned_data["decision"] = "approve"
        return super().clean()


class CorrectionForm(GradeOnScaleMixin, CleanTextMixin, forms.ModelForm):
    """A clerk's correction of a published entry: its text and grade, who was
    responsible in that round, and the reason."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    owners = forms.ModelMultipleChoiceField(
        label="Responsibility in this round",
        queryset=Owner.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one person or group"},
    )
    reason = forms.CharField(
        label="Reason for the correction",
        help_text="Kept in the history beside the change.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=ProgressEntry.REASON_MAX_CHARS,
        error_messages={
            "required": "Give the reason for correcting a published entry",
            "max_length": f"The reason for the correction must be {ProgressEntry.REASON_MAX_CHARS:,} characters "
            "or fewer",
        },
    )

    class Meta:
        model = ProgressEntry
        fields = ["evidence_of_progress", "grade", "grade_explanation", "evidence_of_impact"]
        labels = UpdateForm.Meta.labels
        widgets = UpdateForm.Meta.widgets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_scale()
        if not self.is_bound:
            self.initial["version"] = self.instance.version
            self.initial["owners"] = [link.owner for link in self.instance.responsibilities.all()]

    def correction(self) -> dict:
        """The keyword arguments of ProgressEntry.correct(), owners in the
        order the round named them, newcomers after."""
        named = [link.owner for link in self.instance.responsibilities.all()]
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return {
            **self.level_field(),
            "version": self.cleaned_data["version"],
            "reason": self.cleaned_data["reason"],
            "owners": keep_named_order(named, self.cleaned_data["owners"]),
            **fields,
        }


class ReassignForm(CleanTextMixin, forms.Form):
    owners = forms.ModelMultipleChoiceField(
        label="Who is responsible from now on",
        queryset=Owner.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one person or group"},
    )


class PublishForm(ConfirmMissingForm):
    # The agenda options the published record is rendered with: the export
    # form's own fields, so both read and check them alike.
    agenda_header = AgendaOptionsForm.base_fields["agenda_header"]
    first_page = AgendaOptionsForm.base_fields["first_page"]
    clean_agenda_header = AgendaOptionsForm.clean_agenda_header

    def agenda_options(self) -> dict:
        return {"agenda_header": self.cleaned_data["agenda_header"], "first_page": self.cleaned_data["first_page"]}


class ReminderNoteForm(CleanTextMixin, forms.Form):
    """The clerk's own words added to every reminder they send."""

    NOTE_MAX_CHARS = 1000

    note = forms.CharField(
        label="A note to add to each reminder (optional)",
        help_text="For example, that the committee meets a week early, or who to ask for help.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=NOTE_MAX_CHARS,
        error_messages={"max_length": f"The note must be {NOTE_MAX_CHARS:,} characters or fewer"},
    )
