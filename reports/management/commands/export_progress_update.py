from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from actionplans.models import Review
from actionplans.text import one_line
from reports.documents import FORMATS, ExportOptions, render
from reports.progress_update.builder import build_progress_update, filename
from reports.progress_update.record import stored_file


def check_output(output: Path) -> None:
    """Refuse, before the work of rendering, a --output that cannot be written."""
    if output.is_dir():
        raise CommandError(f"--output {output} is a folder: give a file name, e.g. {output / 'appendix.pdf'}.")
    folder = output.parent
    if not folder.is_dir():
        raise CommandError(f"--output {output}: there is no folder {folder}. Create it first, or choose another.")


class Command(BaseCommand):
    # A clerk's script for an agenda pack, run where the service runs: its
    # settings were checked when the service started (and by `manage.py
    # check --deploy` at each release). The checks would read the whole
    # URLconf and every sign-in backend, importing the pages, the API,
    # single sign-on and their libraries: more of the command's start than
    # rendering a short paper takes.
    requires_system_checks = []
    help = (
        "Export a review's Scrutiny Monitoring – Progress Update for an agenda pack, e.g. "
        "export_progress_update hate-crime --round 2020-09 --format pdf --output appendix.pdf"
    )

    def add_arguments(self, parser):
        parser.add_argument("review", help="the review's slug, e.g. hate-crime")
        parser.add_argument("--round", help="the round as YYYY-MM (default: the latest published)")
        parser.add_argument("--format", choices=list(FORMATS), default="pdf")
        parser.add_argument("--output", help="the file to write (default: the usual name, in this folder)")
        parser.add_argument("--agenda-header", default="", help="e.g. 'Agenda Item 8: Appendix 1'")
        parser.add_argument("--first-page", type=int, help="continue the agenda pack's page numbering")
        parser.add_argument("--draft", action="store_true", help="mark every page DRAFT")
        parser.add_argument("--full-history", action="store_true", help="every action, with its full history")
        parser.add_argument("--summary", action="store_true", help="a one-page summary in front (PDF and Word)")

    def handle(self, *args, **options):
        try:
            review = Review.objects.select_related("committee").get(slug=options["review"])
        except Review.DoesNotExist:
            raise CommandError(f"No review is called {options['review']!r}.") from None
        rounds = list(review.rounds.order_by("period"))
        if options["round"]:
            round = next((r for r in rounds if r.period_code == options["round"]), None)
            if round is None:
                known = ", ".join(r.period_code for r in rounds) or "none"
                raise CommandError(f"{review} has no round {options['round']} (it has: {known}).")
        else:
            published = [r for r in rounds if r.is_published]
            if not published:
                raise CommandError(f"{review} has no published round yet: name one with --round.")
            round = published[-1]
        if options["first_page"] is not None and options["first_page"] < 1:
            raise CommandError("--first-page must be 1 or more.")

        export = ExportOptions(
            agenda_header=one_line(options["agenda_header"]),
            first_page=options["first_page"],
            draft=options["draft"],
            full_history=options["full_history"],
            summary=options["summary"],
        )
        # A published round's document as it went out, where it is kept
        # and the options ask for nothing more: its stored bytes (in the
        # public version: the committee's files, or the public copy once
        # something has been marked exempt since).
        stored = stored_file(round, options["format"]) if round.is_published else None
        if stored is not None and stored.answers(export):
            if not stored.is_ready:
                raise CommandError(_not_ready(stored, round))
            output = Path(options["output"] or stored.storage_name.rsplit("/", 1)[-1])
            check_output(output)
            with stored.open() as file:
                write(output, file.read())
            self.stdout.write(self.style.SUCCESS(f"Wrote {output} ({round.label}, as published)."))
            return
        document = build_progress_update(review, rounds=rounds, round=round, full_history=export.full_history)
        output = Path(options["output"] or filename(document, options["format"]))
        check_output(output)
        write(output, render(document, options["format"], export))
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {output} ({round.label}{', DRAFT' if document.is_draft else ''}).")
        )


def write(output: Path, data: bytes) -> None:
    try:
        output.write_bytes(data)
    except OSError as error:
        raise CommandError(f"Could not write {output}: {error.strerror or error}.") from None


def _not_ready(stored, round) -> str:
    label = FORMATS[stored.format].label
    if stored.error:
        return (
            f"The {label} of {round.label} as published could not be prepared ({stored.error}); the round's page "
            "says so too. Nothing was written."
        )
    return (
        f"The {label} of {round.label} as published is still being prepared by the task worker "
        "(manage.py db_worker): run this again once it is. Nothing was written."
    )
