from django.core.management.base import BaseCommand

from actionplans.demo import demo_password, load_demo
from actionplans.models import Review


class Command(BaseCommand):
    help = "Load the demo council (the Hate Crime review of seeds 000 and 001) into an empty database."

    def handle(self, *args, **options):
        if Review.objects.exists():
            self.stdout.write("Reviews are already loaded; the demo council was not loaded again.")
            return
        review = load_demo()
        self.stdout.write(self.style.SUCCESS(f"Loaded the demo council: the {review.title} review."))
        self.stdout.write(
            f"Sign in as clerk, councillor, admin or a named officer such as vanessa.housley "
            f"with the demo password {demo_password()!r} (for the demo only)."
        )
