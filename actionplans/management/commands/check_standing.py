"""Works every published round's standing out again by the rules and lists
each stored row that differs (models/standing.py): CI runs it over the demo
and the test councils, and after a migration it should find nothing."""

from django.core.management.base import BaseCommand, CommandError

from actionplans.models import Round
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
        for round in rounds:
            if round.review_id not in known:
                known[round.review_id] = known_actions(round.review_id)
            differ = differences(round, known[round.review_id], scales)
            where = f"{round.review.title}, {round.label}"
            # An action added to the plan since the round was published has
            # no row there, and needs none: only an action with an update in
            # the round is missing.
            for row in differ.new:
                if row.entry_id is not None:
                    yield f"{where}, {row.action}: not stored, but the round carried it"
            for stored, wanted in differ.changed:
                for name, was, now in zip(FACTS, stored.facts(), wanted.facts(), strict=True):
                    if was != now:
                        yield f"{where}, {stored.action}: {name} stored as {was!r}, the rules make it {now!r}"
            for row in differ.gone:
                yield f"{where}, {row.action}: stored, but the round does not carry it"
