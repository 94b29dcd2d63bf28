"""The one-page summary a clerk can put in front of the appendix: the round's
grade mix and the movement since the round before, from the gathered
document alone (no queries)."""

from collections import Counter
from dataclasses import dataclass

from actionplans.grading import MOVEMENT_ORDER
from reports.charts import GradeMix
from reports.progress_update.builder import ProgressUpdate


@dataclass(frozen=True)
class DocumentSummary:
    round_label: str
    previous_label: str
    mix: GradeMix
    movements: list[tuple[str, int]]


def summarise(document: ProgressUpdate) -> DocumentSummary | None:
    if document.round is None:
        return None
    earlier = [r for r in document.rounds if r.period < document.round.period]
    previous = earlier[-1] if earlier else None
    grades, moves, given = Counter(), Counter(), {}
    for action in document.actions:
        by_round = {e.round.period: e for e in action.entries}
        now = by_round.get(document.round.period)
        if now is None:
            continue  # signed off before this round (a full-history document): not part of it
        grades[now.grade.rank if now.received and now.grade else None] += 1
        if now.received and now.grade and now.grade.rank:
            given.setdefault(now.grade.rank, now.grade)
        # The round's own paper is what the committee decides on: it does
        # not pre-empt the decision, it reads the grades.
        moves[action.movement_at(now, on_paper=True)] += 1
    return DocumentSummary(
        round_label=document.round.label,
        previous_label=previous.label if previous else "",
        mix=GradeMix(document.round.label, dict(grades), _key_with(document.grading_key, given)),
        movements=[(m.label, moves[m]) for m in MOVEMENT_ORDER if moves[m]],
    )


def _key_with(key, given: dict) -> list:
    """The grading key's grades, and a grade given for each meaning the key
    has none for (given under another version of the scale): the chart
    names every meaning it counts as it was given."""
    has = {level.rank for level in key}
    return [*key, *(level for rank, level in sorted(given.items()) if rank not in has)]
