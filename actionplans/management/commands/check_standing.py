"""Works every published round's standing out again by the rules and lists
each stored row that differs (models/standing.py): CI runs it over the demo
and the test councils, and after a migration it should find nothing."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Min

from actionplans.models import Action, Round
from actionplans.models.council import all_scales, terms_read_once
from actionplans.models.standing import FACTS, differences, known_actions


class Command(BaseCommand):
    help = "Check every published round's stored standing against the rules, and list any row that differs."

    def handle(self, *args, **options):
        with terms_read_once():
            problems = list(self._problems())
        for problem in problems:
            self.stdout.write(problem)
        rounds = Round.objects.filter(status=Round.Status.PUBLISHED).count()
        if problems:
            raise CommandError(f"{len(problems)} stored row(s) of standing differ from the rules ({rounds} rounds).")
        self.stdout.write(f"The standing of {rounds} published round(s) is as the rules make it.")

    def _problems(self):
        scales = all_scales()
        rounds = (
            Round.objects.filter(status=Round.Status.PUBLISHED).select_related("review").order_by("review", "period")
        )
        known = {}
        # When each action was added to its plan (its first history row).
        created = dict(Action.history.values("id").annotate(first=Min("history_date")).values_list("id", "first"))
        for round in rounds:
            if round.review_id not in known:
                known[round.review_id] = known_actions(round.review_id, scales=scales)
            differ = differences(round, known[round.review_id], scales)
            where = f"{round.review.title}, {round.label}"
            # An action added to the plan since the round was published has
            # no row there, and needs none: one there when it was published
            # (or with an update in it) is missing.
            published = round.published_at()
            for row in differ.new:
                made = created.get(row.action_id)
                if row.entry_id is not None or published is None or made is None or made <= published:
                    yield f"{where}, {row.action}: not stored, but the round carried it"
            for stored, wanted in differ.changed:
                for name, was, now in zip(FACTS, stored.facts(), wanted.facts(), strict=True):
                    if was != now:
                        yield f"{where}, {stored.action}: {name} stored as {was!r}, the rules make it {now!r}"
            for row in differ.gone:
                yield f"{where}, {row.action}: stored, but the round does not carry it"
