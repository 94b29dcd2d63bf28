"""python manage.py import_plan FILE --review SLUG --by USERNAME [--dry-run]
[--period 2020-03] [--create-people]: the import of the "Import from a
spreadsheet" page, for a clerk at the command line. It prints the same
preview, and saves everything or nothing; with problems it prints them and
exits non-zero. --by names the login the audit history records, one who
may set up plans (a clerk or an administrator), as the page requires."""

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from actionplans import permissions
from actionplans.importing import reading, saving, sheets
from actionplans.models import Review


def month(value: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        raise CommandError(f"--period {value!r}: give the month as 2020-03.") from None


class Command(BaseCommand):
    help = (
        "Import an action-plan tracker (.xlsx or .csv) or a Word progress update (.docx) into a review: "
        "everything, or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--review", required=True, help="The review's slug, as in its address.")
        parser.add_argument("--dry-run", action="store_true", help="Show what would be imported; change nothing.")
        parser.add_argument("--period", type=month, help="The month the file's progress is for, as 2020-03.")
        parser.add_argument(
            "--create-people", action="store_true", help="Create the people the file names who do not exist yet."
        )
        parser.add_argument(
            "--by", required=True, help="The username the audit history names: a clerk or an administrator."
        )

    def handle(self, *args, file: Path, review: str, dry_run, period, create_people, by, **options):
        try:
            target = Review.objects.get(slug=review)
        except Review.DoesNotExist:
            raise CommandError(f"No review has the slug {review!r}.") from None
        try:
            user = get_user_model().objects.get(username=by)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user is called {by!r}.") from None
        if not user.is_active or not permissions.builds_plans(user):
            raise CommandError(f"{by!r} may not set up plans: give the username of a clerk or an administrator.")
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        try:
            read = reading.read(data, file.name, period=period)
        except sheets.UnreadableFile as error:
            raise CommandError(f"{file.name}: {error}") from None
        preview = saving.compare(target, read.plan, create_people=create_people, owner_column=read.owner_column)
        for line in preview.lines():
            self.stdout.write(line)
        if preview.problems:
            for problem in preview.problems:
                self.stderr.write(f"Problem: {problem}")
            raise CommandError(f"{len(preview.problems)} problem(s): nothing was imported.")
        if dry_run:
            self.stdout.write("Dry run: nothing was imported.")
            return
        try:
            record = saving.import_plan(
                target, read.plan, by=user, create_people=create_people, owner_column=read.owner_column
            )
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Imported {file.name} into {target.title}: {record.summary}."))
