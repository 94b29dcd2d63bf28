"""python manage.py import_plan FILE --review SLUG --by USERNAME [--dry-run]
[--period 2020-03] [--create-people] [--status "Ongoing=2" …]: the import of the "Import from a
spreadsheet" page, for a clerk at the command line. It prints the same
preview, and saves everything or nothing; with problems it prints them and
exits non-zero. --by names the login the audit history records, one who
may set up plans (a clerk or an administrator), as the page requires.
--status says what a status word or colour of the file means on the
grading scale (1-4, or "none" for no grade), once per word: as the page
asks, a word whose meaning no import has confirmed yet is named, and
nothing is imported until it is given."""

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from actionplans import grading, permissions
from actionplans.importing import reading, saving, sheets, tracker
from actionplans.models import Review, StatusMeaning


def month(value: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        raise CommandError(f"--period {value!r}: give the month as 2020-03.") from None


def meaning(value: str) -> tuple[str, int | None]:
    """'Ongoing=2' -> ('ongoing', 2); 'Not yet due=none' -> ('not yet due', None)."""
    word, _, grade = value.rpartition("=")
    try:
        if not grading.status_key(word):
            raise ValueError(value)
        return grading.status_key(word), grading.meaning_grade(grade)
    except ValueError:
        raise CommandError(
            f"--status {value!r}: give the word and its grade, as 'Ongoing=2', or 'Not yet due=none' for no grade."
        ) from None


class Command(BaseCommand):
    help = "Import an action-plan tracker (.xlsx or .csv) into a review: everything, or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--review", required=True, help="The review's slug, as in its address.")
        parser.add_argument("--dry-run", action="store_true", help="Show what would be imported; change nothing.")
        parser.add_argument("--period", type=month, help="The month the file's progress is for, as 2020-03.")
        parser.add_argument(
            "--create-people", action="store_true", help="Create the people the file names who do not exist yet."
        )
        parser.add_argument(
            "--status",
            type=meaning,
            action="append",
            default=[],
            metavar="WORD=GRADE",
            help="What a status word or colour of the file means: 'Ongoing=2', or 'Grey=none' for no grade.",
        )
        parser.add_argument(
            "--by", required=True, help="The username the audit history names: a clerk or an administrator."
        )

    def handle(self, *args, file: Path, review: str, dry_run, period, create_people, by, status=(), **options):
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
        meanings = {**StatusMeaning.objects.remembered(), **dict(status)}
        unconfirmed = [value for key, value in read.plan.statuses.items() if key not in meanings]
        if unconfirmed:
            listed = "; ".join(
                f"'{value.word}' ({value.where}, proposed: "
                f"{grading.meaning_label(grading.PROPOSED_MEANINGS[grading.status_key(value.word)])})"
                if grading.status_key(value.word) in grading.PROPOSED_MEANINGS
                else f"'{value.word}' ({value.where})"
                for value in unconfirmed
            )
            what = "this one means" if len(unconfirmed) == 1 else "these mean"
            raise CommandError(
                f"The file grades progress in its own words, and what {what} "
                f"on the grading scale is not confirmed yet: {listed}. Give each once with --status, such as "
                f"--status '{unconfirmed[0].word}=2', or --status '{unconfirmed[0].word}=none' for no grade."
            )
        tracker.apply_meanings(read.plan, meanings)
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
