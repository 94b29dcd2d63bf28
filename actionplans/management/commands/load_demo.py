from django.core.management.base import BaseCommand

from actionplans.demo import demo_password, load_demo
from actionplans.models import Partnership, Review


class Command(BaseCommand):
    help = (
        "Load the demo council (the Hate Crime review of seeds 000 and 001, and the partnership action plans "
        "of seeds 002 and 004, and seed 003's standards and self-assessment) into an empty database, with the "
        "round after its published ones open (its dates and words the demo's, marked illustrative): updates "
        "to write, one submitted for the link officer and a draft with the link officer's comment."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--published-only",
            action="store_true",
            help="Leave out the open round: only the two published rounds, as the council's papers have them.",
        )

    def handle(self, *args, published_only=False, **options):
        if Review.objects.exists() or Partnership.objects.exists():
            self.stdout.write("Reviews or partnership plans are already loaded; the demo council was not loaded again.")
            return
        review = load_demo(open_round=not published_only)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the demo council: the {review.title} review, two partnership action plans and a "
                "self-assessment against a framework of good-practice standards."
            )
        )
        if not published_only:
            round = review.rounds.order_by("-period").first()
            self.stdout.write(
                f"Its {round.label} round is open (its dates illustrative): officers such as vanessa.housley have "
                "updates to write, and the link officer marc.stephenson has one to approve."
            )
        self.stdout.write(
            f"Sign in as clerk, councillor, admin, a named officer such as vanessa.housley or a partner lead "
            f"such as opcc.lead with the demo password {demo_password()!r} (for the demo only)."
        )
