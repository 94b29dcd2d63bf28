"""An action's line in the dashboards' lists and in Find actions: where it
stood in a published round, read from the round's stored standing
(actionplans/models/standing.py), its grades as they were given."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, Value, When

from actionplans.grading import PROPOSED_FOR_SIGN_OFF, Decision, Movement
from actionplans.models import EntryResponsibility, Responsibility, action_name, action_reference, month_label
from actionplans.models.council import Scales
from actionplans.models.standing import PROPOSED
from reports.charts import NO_UPDATE_WORDS
from reports.expressions import OneOf

# What a line reads of its standing row, its action and its round, as one
# row (Standing.objects.values_list): no models.
LINE_FIELDS = (
    "pk",
    "action",
    "action__recommendation__review",
    "action__recommendation__review__title",
    "action__recommendation__number",
    "action__sub_action__letter",
    "action__strand",
    "action__sub_action__text",
    "action__recommendation__text",
    "round__period",
    "entry",
    "grade",
    "grade_before",
    "movement",
    "decision",
    "target",
    "overdue",
    "proposed",
)


@dataclass(slots=True)
class ActionLine:
    standing: int  # its row of standing (Standing)
    pk: int  # the action's
    reference: str
    name: str  # Action.name: "1 b) The development of an on-line form…"
    review_pk: int
    review_title: str
    round_label: str  # the round it stands at
    owners: str
    target: str  # as the round's paper printed it
    # The grades as they were given ('2 (On-Track)'), on the scale of their
    # day, whatever the council's scale says now; '' for none.
    grade_now_words: str
    grade_before_words: str
    movement: str  # a Movement value
    decision: str  # the committee's published decision there (a Decision value), or ''
    overdue: bool
    # Graded achieved with no published decision yet: the officer's proposal.
    is_proposed: bool = False

    @property
    def grade_now_label(self) -> str:
        return self.grade_now_words or NO_UPDATE_WORDS

    @property
    def grade_before_label(self) -> str:
        return self.grade_before_words or "–"

    @property
    def movement_label(self) -> str:
        return Movement(self.movement).label

    @property
    def decision_label(self) -> str:
        if self.decision:
            return Decision(self.decision).label
        return PROPOSED_FOR_SIGN_OFF if self.is_proposed else "Awaiting the committee's decision"


def standing_lines(rows, scales: Scales) -> list[ActionLine]:
    """The lines of `rows` (a Standing queryset with_overdue(), in the order
    listed), each read as one row of LINE_FIELDS. Two or three queries,
    whatever the number of rows."""
    proposed = Case(When(PROPOSED, then=Value(True)), default=Value(False))
    read = [
        dict(zip(LINE_FIELDS, row, strict=True)) for row in rows.annotate(proposed=proposed).values_list(*LINE_FIELDS)
    ]
    owners = line_owners(read)
    return [_line(row, owners[row["pk"]], scales) for row in read]


def _line(row: dict, owners: str, scales: Scales) -> ActionLine:
    parts = (row["action__recommendation__number"], row["action__sub_action__letter"], row["action__strand"])
    grade, before = scales.level(row["grade"]), scales.level(row["grade_before"])
    return ActionLine(
        standing=row["pk"],
        pk=row["action"],
        reference=action_reference(*parts),
        name=action_name(*parts, row["action__sub_action__text"] or "", row["action__recommendation__text"]),
        review_pk=row["action__recommendation__review"],
        review_title=row["action__recommendation__review__title"],
        round_label=month_label(row["round__period"]),
        owners=owners,
        target=row["target"],
        grade_now_words=grade.printed if grade else "",
        grade_before_words=before.printed if before else "",
        movement=row["movement"],
        decision=row["decision"],
        overdue=bool(row["overdue"]),
        is_proposed=bool(row["proposed"]),
    )


def line_owners(rows) -> dict[int, str]:
    """Each row's owners, by its pk, as names: those its update in the
    round shown names, else (no update there, or one without owners:
    usually none of them) the action's present owners. One or two queries."""
    owners_then, owners_now = defaultdict(list), defaultdict(list)
    entries = [row["entry"] for row in rows if row["entry"] is not None]
    if entries:
        for entry, name in EntryResponsibility.objects.filter(OneOf("entry", entries)).values_list(
            "entry", "owner__name"
        ):
            owners_then[entry].append(name)
    actions = [row["action"] for row in rows if not owners_then.get(row["entry"])]
    if actions:
        for action, name in Responsibility.objects.filter(OneOf("action", actions)).values_list(
            "action", "owner__name"
        ):
            owners_now[action].append(name)
    return {row["pk"]: ", ".join(owners_then.get(row["entry"]) or owners_now[row["action"]]) for row in rows}
