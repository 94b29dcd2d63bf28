from django.core.management.base import BaseCommand

from actionplans.demo import demo_password, load_demo
from actionplans.models import Partnership, Review


class Command(BaseCommand):
    help = (
        "Load the demo council (the Hate Crime review of seeds 000 and 001, and the partnership action plans "
        "of seeds 002 and 004, and seed 003's standards and self-assessment) into an empty database."
    )

    def handle(self, *args, **options):
        if Review.objects.exists() or Partnership.objects.exists():
            self.stdout.write("Reviews or partnership plans are already loaded; the demo council was not loaded again.")
            return
        review = load_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the demo council: the {review.title} review, two partnership action plans and a "
                "self-assessment against a framework of good-practice standards."
            )
        )
        self.stdout.write(
            f"Sign in as clerk, councillor, admin, a named officer such as vanessa.housley or a partner lead "
            f"such as opcc.lead with the demo password {demo_password()!r} (for the demo only)."
        )
