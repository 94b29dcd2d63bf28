"""The one-page summary a clerk can put in front of the appendix: the round's
grade mix and the movement since the round before, from the gathered
document alone (no queries)."""

from collections import Counter
from dataclasses import dataclass

from actionplans.grading import MOVEMENT_ORDER, Movement
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
    grades, moves = Counter(), Counter()
    for action in document.actions:
        by_round = {e.round.period: e for e in action.entries}
        now = by_round.get(document.round.period)
        if now is None:
            continue  # signed off before this round (a full-history document): not part of it
        grades[now.grade.id if now.received and now.grade else None] += 1
        moves[Movement(now.movement)] += 1
    return DocumentSummary(
        round_label=document.round.label,
        previous_label=previous.label if previous else "",
        mix=GradeMix(document.round.label, dict(grades), _grades(document, grades)),
        movements=[(m.label, moves[m]) for m in MOVEMENT_ORDER if moves[m]],
    )


def _grades(document: ProgressUpdate, counted) -> list:
    """The grades the summary's chart draws: its grading key's, and any
    given under another version of the scale, named as given."""
    key = document.grading_key[0].scale if document.grading_key else None
    return document.scales.groups(counted, listing=key) if document.scales else []
