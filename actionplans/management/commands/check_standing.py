"""Works every published round's standing out again by the rules and lists
each stored row that differs (models/standing.py): CI runs it over the demo
and the test councils, and after a migration it should find nothing.

Each line is for a clerk to act on: the review, the round, the action as
the papers print it ("1 a) Schools, Colleges and …") and what differs in
words, a grade by its label as it was given; the command then exits
non-zero."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Min

from actionplans.grading import NO_UPDATE_RECEIVED, Decision, Movement
from actionplans.models import Action, Round
from actionplans.models.council import Scales, all_scales, terms_read_once
from actionplans.models.standing import FACTS, differences, known_actions

# What each stored fact is called in a line of the report.
FACT_WORDS = {
    "entry": "the update",
    "grade": "the Assessment of Progress",
    "grade_before": "the grade before",
    "movement": "the movement",
    "decision": "the committee's decision",
    "target": "the target date",
    "target_month": "the target month",
}


def said(name: str, value, scales: Scales) -> str:
    """A stored fact's value `value` as a clerk reads it: a grade by its
    label as it was given, a movement or decision in its words."""
    if value in (None, ""):
        empty = {"grade": NO_UPDATE_RECEIVED, "grade_before": "none", "decision": "none published"}
        return empty.get(name, "none")
    if name in ("grade", "grade_before"):
        level = scales.level(value)
        return level.in_full if level else f"a grade no scale has (#{value})"
    if name == "movement":
        return Movement(value).label
    if name == "decision":
        return Decision(value).label
    if name == "entry":
        return f"update #{value}"
    if name == "target_month":
        return f"{value:%B %Y}"
    return str(value)


class Command(BaseCommand):
    help = "Check every published round's stored standing against the rules, and list any row that differs."

    def handle(self, *args, **options):
        with terms_read_once():
            problems = list(self._problems())
        for problem in problems:
            self.stdout.write(problem)
        rounds = Round.objects.filter(status=Round.Status.PUBLISHED).count()
        if problems:
            raise CommandError(
                f"{len(problems)} stored fact(s) of the published rounds' standing differ from the rules "
                f"({rounds} rounds): each line above names the review, the round and the action."
            )
        self.stdout.write(f"The standing of {rounds} published round(s) is as the rules make it.")

    def _problems(self):
        scales = all_scales()
        rounds = (
            Round.objects.filter(status=Round.Status.PUBLISHED).select_related("review").order_by("review", "period")
        )
        known, names = {}, {}
        # When each action was added to its plan (its first history row).
        created = dict(Action.history.values("id").annotate(first=Min("history_date")).values_list("id", "first"))
        for round in rounds:
            if round.review_id not in known:
                known[round.review_id] = known_actions(round.review_id, scales=scales)
                names.update((item.action.pk, item.action.name) for item in known[round.review_id])
            differ = differences(round, known[round.review_id], scales)
            where = f"{round.review.title}, {round.label} round"
            # An action added to the plan since the round was published has
            # no row there, and needs none: one there when it was published
            # (or with an update in it) is missing.
            published = round.published_at()
            for row in differ.new:
                made = created.get(row.action_id)
                if row.entry_id is not None or published is None or made is None or made <= published:
                    yield f"{where}, {names[row.action_id]}: not stored, but the round carried it"
            for stored, wanted in differ.changed:
                for name, was, now in zip(FACTS, stored.facts(), wanted.facts(), strict=True):
                    if was != now:
                        yield (
                            f"{where}, {names[stored.action_id]}: {FACT_WORDS[name]} is stored as "
                            f"{said(name, was, scales)}; the rules make it {said(name, now, scales)}"
                        )
            for row in differ.gone:
                yield f"{where}, {names.get(row.action_id, row.action)}: stored, but the round does not carry it"
