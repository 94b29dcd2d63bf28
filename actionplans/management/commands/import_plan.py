"""python manage.py import_plan FILE --review SLUG --by USERNAME [--dry-run]
[--period 2020-03] [--year "Sept 24=2024"]... [--responded-on 2025-03-12] [--allow-partial]
[--create-people [--as-person NAME]...]
[--past-record [--meeting-date 2020-03=2020-03-12]... | --drafts | --leave-progress-out]
[--status "Minor slippage=at_risk" …]: the import
of the "Import from a spreadsheet or Word paper" page, for a clerk at the command line. A file with
progress for months the review has no round for needs --past-record (each
month's meeting date, unless the file's Rounds sheet gives it) or
--leave-progress-out: nothing is published unless the clerk says so. It prints the same
preview, and saves everything or nothing; with problems it prints them and
exits non-zero, as it does where the file holds a sheet of a plan's rows
that is not read, unless --allow-partial says to go on. --by names the login the audit history records, one who
may set up plans (a clerk or an administrator), as the page requires.
--status says what a status word or colour of the file becomes, once per
word: a grade of its own with its role in the rules ("Minor slippage=at_risk",
"Not started=not_graded"), or one of the council's grades by its number or
label ("Ongoing=2"). As the page asks, a word no import has confirmed yet is
named, and nothing is imported until it is given."""

import argparse
import datetime
import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from actionplans import grading, permissions
from actionplans.grading import Role
from actionplans.importing import grades, reading, round_columns, saving, sheets
from actionplans.importing.grades import GradeAnswer
from actionplans.models import Review, StatusMeaning
from actionplans.models.council import current_scale


def month(value: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        raise CommandError(f"--period {value!r}: give the month as 2020-03.") from None


def day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--responded-on {value!r}: give the date as 2025-03-12.") from None


def meeting(value: str) -> tuple[datetime.date | None, datetime.date]:
    """'2020-03=2020-03-12' (the round's month, its meeting), or the
    meeting's date alone, for the round of its own month."""
    period, _, date = value.rpartition("=")
    try:
        when = datetime.date.fromisoformat(date)
        return (datetime.datetime.strptime(period, "%Y-%m").date() if period else None), when
    except ValueError:
        raise CommandError(
            f"--meeting-date {value!r}: give the round's month and the meeting's date, as 2020-03=2020-03-12."
        ) from None


def meaning(value: str) -> tuple[str, str]:
    """'Minor slippage=at_risk' -> ('minor slippage', 'at_risk'); 'Ongoing=2'
    -> ('ongoing', '2'): what the word becomes is checked once the file is read."""
    word, _, becomes = value.rpartition("=")
    if not grading.status_key(word) or not becomes.strip():
        raise CommandError(
            f"--status {value!r}: give the word and what it becomes, as 'Minor slippage=at_risk' (a grade of its "
            f"own, by its role: {', '.join(Role.values)}) or 'Ongoing=2' (one of the council's grades)."
        )
    becomes = becomes.strip()
    return grading.status_key(word), Role.NOT_GRADED.value if becomes.casefold() == "none" else becomes


class Command(BaseCommand):
    help = (
        "Import an action-plan tracker (.xlsx or .csv) or a Word progress update (.docx) into a review: "
        "everything, or nothing."
    )

    def add_arguments(self, parser):
        self._add_file_arguments(parser)
        self._add_progress_arguments(parser)
        self._add_people_and_grade_arguments(parser)

    @staticmethod
    def _add_file_arguments(parser):
        """The file, the review it goes into, and how its headings are read."""
        parser.add_argument("file", type=Path)
        parser.add_argument("--review", required=True, help="The review's slug, as in its address.")
        parser.add_argument("--dry-run", action="store_true", help="Show what would be imported; change nothing.")
        parser.add_argument("--period", type=month, help="The month the file's progress is for, as 2020-03.")
        parser.add_argument(
            "--year",
            type=heading_year,
            action="append",
            default=[],
            help="The year of a heading such as 'Sept 24', whose two figures may be a day, as \"Sept 24=2024\": "
            "once for each such month and figures.",
        )
        parser.add_argument(
            "--responded-on",
            type=day,
            help="The date of the executive's responses the file gives (an Executive Response column), as 2025-03-12.",
        )
        parser.add_argument(
            "--allow-partial",
            action="store_true",
            help="Import what is read though the workbook has a sheet of a plan's rows that is not read (named "
            "with why); without it, such a file is refused.",
        )
        parser.add_argument(
            "--by", required=True, help="The username the audit history names: a clerk or an administrator."
        )

    @staticmethod
    def _add_progress_arguments(parser):
        """What the file's progress for months without a round becomes."""
        progress = parser.add_mutually_exclusive_group()
        progress.add_argument(
            "--past-record",
            action="store_true",
            help="The file's progress for months the review has no round for is past meetings' records: "
            "publish each round as it was, marked imported.",
        )
        progress.add_argument(
            "--drafts",
            action="store_true",
            help="The file's progress for the open round's month goes into it as drafts, for the officers to "
            "finish and submit (where they have not started).",
        )
        progress.add_argument(
            "--leave-progress-out",
            action="store_true",
            help="Leave the file's progress for months the review has no round for out: import the plan only.",
        )
        parser.add_argument(
            "--meeting-date",
            type=meeting,
            action="append",
            default=[],
            help="With --past-record: a round's meeting, as 2020-03=2020-03-12 (or 2020-03-12, for March 2020's "
            "round). Once per month; the file's Rounds sheet gives them otherwise.",
        )

    @staticmethod
    def _add_people_and_grade_arguments(parser):
        """Whom the file names, and what its status words become."""
        parser.add_argument(
            "--create-people", action="store_true", help="Create the people the file names who do not exist yet."
        )
        parser.add_argument(
            "--as-person",
            action="append",
            default=[],
            metavar="NAME",
            help="With --create-people: create NAME as a person, though it reads as a team or group "
            "('Comms Team', 'All partners' are created as groups otherwise). Once per name.",
        )
        parser.add_argument(
            "--status",
            type=meaning,
            action="append",
            default=[],
            metavar="WORD=GRADE",
            help="What a status word or colour of the file becomes: a grade of its own by its role, as "
            "'Minor slippage=at_risk' or 'Grey=not_graded', or one of the council's grades, as 'Ongoing=2'.",
        )

    def handle(
        self,
        *args,
        file: Path,
        review: str,
        dry_run,
        period,
        create_people,
        by,
        year=(),
        past_record,
        drafts,
        leave_progress_out,
        meeting_date,
        as_person,
        status=(),
        allow_partial=False,
        responded_on=None,
        **options,
    ):
        """Read the file, print the preview, and import it unless it has
        problems (printed, with the options that put them right) or this is
        a dry run."""
        target, user = _review_and_user(review, by)
        read = _read(file, period, dict(year))
        if meeting_date and not past_record:
            raise CommandError("--meeting-date is for --past-record: the meeting of a past round's record.")
        scale_to_be = _apply_meanings(read, dict(status), target)
        progress = _progress_choice(past_record, drafts, leave_progress_out, meeting_date)
        choices = {
            "create_people": create_people,
            "owner_column": read.owner_column,
            "progress": progress,
            "as_people": frozenset(as_person),
            "responded_on": responded_on,
        }
        preview = saving.compare(target, read.plan, **choices)
        self._print(read, preview, scale_to_be)
        if preview.problems:
            self._refuse(preview, target, read, file.name)
        if read.left_out and not allow_partial:
            self._refuse_in_part(read, file.name)
        if dry_run:
            self.stdout.write("Dry run: nothing was imported.")
            return
        try:
            record = saving.import_plan(target, read.plan, by=user, **choices)
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Imported {file.name} into {target.title}: {record.summary}."))

    def _print(self, read, preview, scale_to_be) -> None:
        """The preview, as the page shows it: what was read and how, then
        what the import would do."""
        for note in read.grid.notes:
            self.stdout.write(f"Note: {note}")
        for line in preview.lines():
            self.stdout.write(line)
        if scale := scale_to_be.labels:
            self.stdout.write(f"{scale_to_be.whose} becomes: {', '.join(scale)}.")

    def _refuse_in_part(self, read, file_name: str) -> None:
        """Stop where the workbook has sheets of a plan's rows not read: the
        import would bring in less than the file holds."""
        for line in read.left_out:
            self.stderr.write(f"Not read: {line}")
        count = len(read.left_out)
        raise CommandError(
            f"{file_name} has {count} sheet{'s' if count != 1 else ''} not read (listed above): nothing was "
            f"imported. Correct or remove {'it' if count == 1 else 'them'}, or import the rest with --allow-partial."
        )

    def _refuse(self, preview, target, read, file_name: str) -> None:
        """Print the preview's problems, as this command's options put them
        right, and stop: nothing is imported."""
        periods = saving.new_periods(target, read.plan)
        for problem in preview.problems:
            self.stderr.write(f"Problem: {self._in_options(problem, file_name, periods)}")
        unsaid = any(problem.fix == "progress" for problem in preview.problems)
        raise CommandError(
            f"{len(preview.problems)} problem(s): nothing was imported."
            + (" Say what the file's progress is: --past-record, --drafts or --leave-progress-out." if unsaid else "")
        )

    def _in_options(self, problem, file_name: str, periods) -> str:
        """A problem the preview page puts right with its question, as this
        command's options put it right."""
        if problem.fix == "progress":
            if " round is open" in problem.message or not periods:  # the open round's month
                return f"{problem} (--drafts or --leave-progress-out)"
            months = [f"{period:%B %Y}" for period in periods]
            return (
                f"{file_name} has progress for {', '.join(months)}, and the review has no round for "
                f"{'it' if len(months) == 1 else 'them'}: say whether it is a past meeting's record (--past-record, "
                "with --meeting-date 2020-03=2020-03-12 for each month the file's Rounds sheet does not date), or "
                "leave it out (--leave-progress-out)."
            )
        if problem.fix == "responded_on":
            return f"{problem} (--responded-on 2025-03-12)"
        if problem.fix == "year" and (asked := re.search(r"“([^”]+)”", str(problem))):
            return f'{problem} (--year "{asked.group(1)}=YYYY")'
        if problem.fix == "year":
            return f"{problem} (--year)"
        if problem.fix.startswith("meeting:"):
            return f"{problem}: --meeting-date {problem.fix.removeprefix('meeting:')}=YYYY-MM-DD"
        return str(problem)


def _review_and_user(review: str, by: str):
    """The review by its slug, and the user the audit history names, who
    must be able to set up plans (a clerk or an administrator)."""
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
    return target, user


def heading_year(value: str) -> tuple[str, int]:
    """--year "Sept 24=2024": (the heading's round_columns.period_key, 2024)."""
    words, _, year = value.rpartition("=")
    key = round_columns.period_key(words.strip())
    if not key or not year.strip().isdigit() or len(year.strip()) != 4:
        raise argparse.ArgumentTypeError(
            f'{value!r}: give a heading\'s month and two figures and the year they mean, as "Sept 24=2024"'
        )
    return key, int(year)


def _read(file: Path, period, years=None):
    """The file, read as the upload page reads it; refused as it refuses it."""
    try:
        data = file.read_bytes()
    except OSError as error:
        raise CommandError(f"{file}: {error.strerror}") from None
    try:
        return reading.read(data, file.name, period=period, years=years)
    except sheets.UnreadableFile as error:
        raise CommandError(f"{file.name}: {error}") from None


def _apply_meanings(read, status, review) -> grades.ScaleToBe:
    """Make each of the file's own grades what --status says, or what an
    earlier import confirmed. A word without an answer is refused, named
    with the role proposed for it, as the page asks about it."""
    scale = current_scale(review=review)
    remembered = StatusMeaning.objects.remembered()
    answers = {}
    for key, value in read.plan.statuses.items():
        if key in status:
            answer = _answer(value.word, status[key], scale)
        elif key in remembered:
            answer = grades.remembered_answer(value.word, remembered[key])
        else:
            continue
        answers[key] = answer
    unconfirmed = [value for key, value in read.plan.statuses.items() if key not in answers]
    if unconfirmed:
        listed = "; ".join(
            f"'{value.word}' ({value.where}, proposed: {grading.PROPOSED_ROLES[grading.status_key(value.word)]})"
            if grading.status_key(value.word) in grading.PROPOSED_ROLES
            else f"'{value.word}' ({value.where})"
            for value in unconfirmed
        )
        raise CommandError(
            f"The file grades progress in its own words, not confirmed yet: {listed}. Give each once with "
            f"--status, such as --status '{unconfirmed[0].word}=at_risk' (a grade of its own, by its role), or "
            f"--status '{unconfirmed[0].word}=2' (one of the council's grades)."
        )
    return grades.apply_answers(read.plan, answers, review)


def _answer(word: str, becomes: str, scale) -> GradeAnswer:
    """What --status says `word` becomes: a role, or a grade's code or label."""
    if becomes in Role.values:
        return grades.answer_of(word, becomes, "", scale)
    level = next(
        (
            level
            for level in scale
            if grading.status_key(becomes) in {grading.status_key(level.code), grading.status_key(level.label)}
        ),
        None,
    )
    if level is None:
        raise CommandError(
            f"--status '{word}={becomes}': {becomes!r} is neither a role ({', '.join(Role.values)}) nor one "
            "of the council's grades."
        )
    return GradeAnswer(word, level=level)


def _progress_choice(past_record: bool, drafts: bool, leave_progress_out: bool, meeting_date) -> saving.ProgressChoice:
    """The clerk's answer about the file's progress, as the options give it:
    the page's question, answered at the command line."""
    return saving.ProgressChoice(
        what=(
            saving.PAST_RECORD
            if past_record
            else saving.DRAFTS
            if drafts
            else saving.LEAVE_OUT
            if leave_progress_out
            else ""
        ),
        meeting_dates={(month or date.replace(day=1)): date for month, date in meeting_date},
    )
