"""How each kind of thing reads in the API. Every item's `id` is its stable
reference (actionplans.models.stable_reference: "action-301"), and so is
every link to another item. The serializers only read what reports/api/reading.py
fetched; the context's `reader` is the token's login, or None for the
public."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from actionplans import grading
from actionplans.models import is_illustrative, period_code, stable_reference
from actionplans.models.council import MEANING_WORDS, scale_level
from actionplans.models.plan import response_of
from reports.achieved.ledger import STATUSES
from reports.api.reading import reads_exempt_words, shows_response


def _reference(kind: str, pk) -> str | None:
    return f"{kind}-{pk}" if pk is not None else None


# An example of each kind's reference, so that each schema shows its own.
EXAMPLES = {
    "review": "review-12",
    "recommendation": "recommendation-45",
    "action": "action-301",
    "round": "round-7",
    "update": "update-88",
    "impact": "impact-9",
}


def reference_schema(kind: str) -> dict:
    """The OpenAPI schema of a reference to an item of `kind`: the kind and
    at most 11 digits, as reports.api.views.pk_in reads one."""
    return {
        "type": "string",
        "pattern": f"^{kind}-[0-9]{{1,11}}$",
        "example": EXAMPLES[kind],
        "description": f"A {kind}'s stable reference.",
    }


class Reference(serializers.Field):
    """An item's stable reference, as a string."""

    def to_representation(self, value):
        return stable_reference(value)


def reference(kind: str) -> Reference:
    """The `id` field of an item of `kind`, documented with its own example."""
    documented = extend_schema_field(reference_schema(kind))(type(f"{kind.title()}Reference", (Reference,), {}))
    return documented(source="*")


class GradeSerializer(serializers.Serializer):
    grade = serializers.IntegerField(
        help_text="What the grade means, the same for every council: 1 achieved, 2 on track, 3 at risk or "
        "slipped, 4 not achieved; null for a grade meaning no grade (not started)."
    )
    meaning = serializers.CharField(help_text="The meaning in words: Achieved, On track, At risk or slipped, …")
    code = serializers.CharField(help_text="The council's number or code for the grade, or an empty string.")
    words = serializers.CharField(help_text="The council's label for the grade, as it was given.")
    label = serializers.CharField(help_text="The grade as the council's papers print it: its code and label.")


def _withheld_notice(reader, *items) -> str:
    """The exempt notice the reader reads in place of an item's words: the
    first of `items` (the item, then what it belongs to) marked as exempt
    information, unless the reader reads exempt words (reads_exempt_words);
    "" when nothing is withheld. As the public version of the documents
    (reports/progress_update/builder.py withhold_exempt)."""
    if reads_exempt_words(reader):
        return ""
    return next((item.exempt_notice for item in items if item.exempt_notice), "")


def _without_strand(words: str, strand: str, notice: str) -> str:
    return words.replace(strand, notice) if strand else words


def _grade(level):
    """A grade as given (`level`: its ScaleLevel, on the council's scale of
    its day) and what it means; None for none. Never the current scale's
    grade for what an update's grade means: a grade is its level as given,
    or none."""
    if level is None:
        return None
    return {
        "grade": level.rank,
        "meaning": MEANING_WORDS[level.meaning],
        "code": level.code,
        "words": level.label,
        "label": level.printed,
    }


class ReviewSerializer(serializers.Serializer):
    id = reference("review")
    title = serializers.CharField()
    slug = serializers.CharField(help_text="The review's address on the site.")
    committee = serializers.CharField(source="committee.name", help_text="The scrutiny committee that ran the review.")
    status = serializers.CharField(help_text="setting_up, monitoring or completed.")
    status_words = serializers.CharField(source="get_status_display")
    link_officers = serializers.SerializerMethodField(help_text="The Link Officer/s, in the plan's order.")
    action_plan_agreed = serializers.SerializerMethodField(help_text="The month: 2019-03.")
    executive_responses_published = serializers.DateTimeField(source="responses_published_at", allow_null=True)

    def _draft(self, review) -> bool:
        # A plan still being set up is public for its published responses
        # only: its link officers and agreed month are the clerks' draft.
        return self.context["reader"] is None and review.is_being_set_up

    def get_link_officers(self, review) -> list[str]:
        if self._draft(review):
            return []
        return [place.owner.name for place in review.link_officer_places.all()]

    def get_action_plan_agreed(self, review) -> str | None:
        if self._draft(review) or not review.action_plan_agreed:
            return None
        return period_code(review.action_plan_agreed)


# The demo's mark on the values it invents, beside them (common.is_illustrative).
ILLUSTRATIVE_HELP = (
    "The names of this record's fields whose values are illustrative, not from the council's papers "
    "(a demonstration's invented dates); empty for a council's own record."
)


class ExecutiveResponseSerializer(serializers.Serializer):
    response = serializers.CharField(help_text="accepted, partially, in_principle or rejected.")
    words = serializers.CharField(source="get_response_display")
    responded_on = serializers.DateField()
    reasons = serializers.CharField()
    accepted_part = serializers.CharField()
    illustrative = serializers.SerializerMethodField(help_text=ILLUSTRATIVE_HELP)

    def get_illustrative(self, response) -> list[str]:
        return ["responded_on"] if is_illustrative(response.recommendation.review, "responded_on") else []


class ImpactSerializer(serializers.Serializer):
    id = reference("impact")
    kind = serializers.CharField(help_text="policy, service, money, process or partnership; none_yet.")
    words = serializers.CharField(source="get_kind_display", help_text="The kind in words: Policy or strategy, …")
    statement = serializers.CharField(help_text="What changed.")
    evidence_link = serializers.CharField(help_text="A link to the decision, report or page that shows it, or ''.")
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, coerce_to_string=False, help_text="Its figure, if any."
    )
    unit = serializers.CharField(help_text="What the figure counts: £, days, residents; '' without a figure.")
    period = serializers.CharField(help_text="The period the figure covers, or ''.")


class OutcomeSerializer(serializers.Serializer):
    outcome = serializers.CharField(help_text="implemented, partly, superseded or not_implemented.")
    words = serializers.CharField(source="get_outcome_display")
    reason = serializers.CharField()


class RecommendationSerializer(serializers.Serializer):
    id = reference("recommendation")
    review = serializers.SerializerMethodField()
    number = serializers.IntegerField()
    text = serializers.CharField()
    exempt_information = serializers.CharField(source="exempt_notice", allow_null=True)
    executive_response = serializers.SerializerMethodField(
        help_text="The executive's response, where the reader may read it (for the public: once published)."
    )
    status = serializers.ChoiceField(
        choices=STATUSES,
        source="ledger_row.status",
        help_text="Open while the committee monitors it; Completed once it has finished with every action; "
        "Rejected by the executive.",
    )
    months = serializers.IntegerField(
        source="ledger_row.clock.months",
        allow_null=True,
        help_text="Whole months open (to today), or taken to complete; null without a report or plan date.",
    )
    completed_on = serializers.DateField(source="ledger_row.clock.finished", allow_null=True)
    illustrative = serializers.SerializerMethodField(help_text=ILLUSTRATIVE_HELP)
    priority = serializers.SerializerMethodField(help_text="Why the committee made it a priority, while it is open.")
    outcome = serializers.SerializerMethodField(help_text="What it achieved, once recorded.")
    impacts = serializers.SerializerMethodField(help_text="What changed because of it, as the clerk recorded it.")

    @extend_schema_field(reference_schema("review"))
    def get_review(self, rec) -> str:
        return _reference("review", rec.review_id)

    def get_illustrative(self, rec) -> list[str]:
        return ["completed_on"] if rec.ledger_row.clock.finished_invented else []

    def get_priority(self, rec) -> str | None:
        mark = rec.ledger_row.open_priority
        return mark.reason if mark else None

    @extend_schema_field(OutcomeSerializer(allow_null=True))
    def get_outcome(self, rec):
        outcome = rec.ledger_row.outcome
        return OutcomeSerializer(outcome).data if outcome else None

    @extend_schema_field(ImpactSerializer(many=True))
    def get_impacts(self, rec):
        return ImpactSerializer(rec.ledger_row.impacts, many=True).data

    @extend_schema_field(ExecutiveResponseSerializer(allow_null=True))
    def get_executive_response(self, rec):
        answer = response_of(rec)
        if answer is None or not shows_response(self.context["reader"], rec):
            return None
        return ExecutiveResponseSerializer(answer).data

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["exempt_information"] = data["exempt_information"] or None
        if notice := _withheld_notice(self.context["reader"], instance):
            data.update(text=notice, executive_response=None, priority=None, outcome=None, impacts=[])
        return data


class LatestGradeSerializer(GradeSerializer):
    round = serializers.CharField(help_text="The round it was given in: round-7.")
    period = serializers.CharField(help_text="That round's month: 2020-09.")


class ActionSerializer(serializers.Serializer):
    id = reference("action")
    review = serializers.SerializerMethodField()
    recommendation = serializers.SerializerMethodField()
    reference = serializers.CharField(help_text="1 a) Frontline staff")
    title = serializers.CharField(help_text="Recommendation 1 a) Frontline staff")
    sub_action = serializers.SerializerMethodField(help_text="The lettered sub-action's letter, if any.")
    strand = serializers.CharField()
    responsibility = serializers.SerializerMethodField(help_text="Who is responsible, the lead first.")
    target = serializers.SerializerMethodField(
        help_text="October 2019, or the plan's own words; for the public, as the latest published round printed it."
    )
    agreed_action = serializers.CharField()
    agreed_success_measure = serializers.CharField(source="success_measure")
    exempt_information = serializers.CharField(source="exempt_notice", allow_null=True)
    latest_grade = serializers.SerializerMethodField(
        help_text="The latest grade the committee received, as given: that of the newest published round that "
        "gave the action a grade (a round that received no update for it is passed over), as the reader may see "
        "it, with that round; null when no published round gave it one."
    )

    @extend_schema_field(reference_schema("review"))
    def get_review(self, action) -> str:
        return _reference("review", action.recommendation.review_id)

    @extend_schema_field(reference_schema("recommendation"))
    def get_recommendation(self, action) -> str:
        return _reference("recommendation", action.recommendation_id)

    def get_target(self, action) -> str:
        # reading.with_latest_grades gives the public the target as
        # published (published_targets); a token reads it as it is now.
        published = getattr(action, "published_target", None)
        return published[0] if published else action.target_label

    def get_sub_action(self, action) -> str | None:
        return action.sub_action.letter if action.sub_action_id else None

    def get_responsibility(self, action) -> list[str]:
        return [link.owner.name for link in action.responsibility]

    @extend_schema_field(LatestGradeSerializer(allow_null=True))
    def get_latest_grade(self, action):
        # reading.with_latest_grades: the action's Standing row, or None.
        latest = getattr(action, "latest_standing", None)
        if latest is None:
            return None
        return {
            **_grade(latest.grade.level()),
            "round": _reference("round", latest.round_id),
            "period": period_code(latest.round.period),
        }

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["exempt_information"] = data["exempt_information"] or None
        if notice := _withheld_notice(self.context["reader"], instance, instance.recommendation):
            # The whole record, as the public version of the papers prints it.
            strand = instance.strand
            data.update(
                reference=_without_strand(data["reference"], strand, notice),
                title=_without_strand(data["title"], strand, notice),
                strand=notice if strand else "",
                responsibility=[notice],
                target=notice,
                agreed_action=notice,
                agreed_success_measure=notice,
                exempt_information=notice,
                latest_grade=None,
            )
        return data


class RoundSerializer(serializers.Serializer):
    id = reference("round")
    review = serializers.SerializerMethodField()
    period = serializers.CharField(source="period_code", help_text="The month the progress update is dated: 2020-09.")
    label = serializers.CharField(help_text="September 2020")
    status = serializers.CharField(help_text="open or published.")
    deadline = serializers.DateField(help_text="When officers' updates are due.")
    meeting_date = serializers.DateField(help_text="The committee meeting that receives it.")
    illustrative = serializers.ListField(child=serializers.CharField(), help_text=ILLUSTRATIVE_HELP)

    @extend_schema_field(reference_schema("review"))
    def get_review(self, round) -> str:
        return _reference("review", round.review_id)


# How an update the reader may not read reads instead.
NOT_YET_RECEIVED = "Not received yet"


class UpdateSerializer(serializers.Serializer):
    id = reference("update")
    review = serializers.SerializerMethodField()
    round = serializers.SerializerMethodField()
    action = serializers.SerializerMethodField()
    action_reference = serializers.CharField(source="action.reference", help_text="1 a) Frontline staff")
    received = serializers.SerializerMethodField(help_text="Whether the reader reads its words.")
    reads = serializers.SerializerMethodField(
        help_text="What the papers print in its place when it is not received: No update received, or "
        "Exempt information (paragraph N) where the reader may not read exempt information (the public, "
        "and any token but a clerk's or an administrator's)."
    )
    evidence_of_progress = serializers.SerializerMethodField()
    assessment_of_progress = serializers.SerializerMethodField(
        help_text="The grade as it was given; in a published round, the grade its standing stored when the round "
        "was published (the approved update's), never relabelled by a later scale; null where none was given."
    )
    explanation = serializers.SerializerMethodField(help_text="The explanation of the grade.")
    evidence_of_impact = serializers.SerializerMethodField()
    exempt_information = serializers.SerializerMethodField()

    @extend_schema_field(reference_schema("review"))
    def get_review(self, entry) -> str:
        return _reference("review", entry.round.review_id)

    @extend_schema_field(reference_schema("round"))
    def get_round(self, entry) -> str:
        return _reference("round", entry.round_id)

    @extend_schema_field(reference_schema("action"))
    def get_action(self, entry) -> str:
        return _reference("action", entry.action_id)

    def get_received(self, entry) -> bool:
        return bool(entry.shown)

    def get_reads(self, entry) -> str | None:
        if entry.shown:
            return None
        return grading.NO_UPDATE_RECEIVED if entry.round.is_published else NOT_YET_RECEIVED

    def get_evidence_of_progress(self, entry) -> str | None:
        return entry.evidence_of_progress if entry.shown else None

    @extend_schema_field(GradeSerializer(allow_null=True))
    def get_assessment_of_progress(self, entry):
        # reading.updates: `given`, the grade its published round's standing
        # stored (an open round's: the update's own).
        return _grade(scale_level(entry.given)) if entry.shown and entry.given else None

    def get_explanation(self, entry) -> str | None:
        return entry.grade_explanation if entry.shown else None

    def get_evidence_of_impact(self, entry) -> str | None:
        return entry.evidence_of_impact if entry.shown else None

    def get_exempt_information(self, entry) -> str | None:
        return entry.exempt_notice or None

    def to_representation(self, instance):
        data = super().to_representation(instance)
        action = instance.action
        if notice := _withheld_notice(self.context["reader"], instance, action, action.recommendation):
            # Its words read the notice, for the public and for a token whose
            # role may not read exempt information alike.
            data.update(
                action_reference=_without_strand(data["action_reference"], action.strand, notice),
                received=False,
                reads=notice,
                evidence_of_progress=None,
                assessment_of_progress=None,
                explanation=None,
                evidence_of_impact=None,
                exempt_information=notice,
            )
        return data
