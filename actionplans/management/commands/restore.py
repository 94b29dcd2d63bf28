from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from actionplans.backup import BackupError, describe, read_manifest, restore


class Command(BaseCommand):
    help = (
        "Restore the database and the published record's files from a directory made by `manage.py backup`, "
        "replacing what is there now (docs/operations.md, 'Backup and restore'). "
        "Stop the app servers and workers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="a directory made by manage.py backup")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, directory, interactive, **options):
        try:
            manifest = read_manifest(directory)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if interactive and not self.confirmed(manifest):
            raise CommandError("Nothing was restored.")
        try:
            summary = restore(directory)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the database ({summary.database}) and {summary.files} stored files, every one "
                "matching its SHA-256."
            )
        )

    def confirmed(self, manifest) -> bool:
        """Whether the person at the terminal typed yes; with no terminal
        to ask (a script, cron), refused with how to run it unasked."""
        try:
            answer = input(
                f"This replaces everything in the database and the published record with {describe(manifest)}.\n"
                "Type 'yes' to restore it: "
            )
        except (EOFError, KeyboardInterrupt):
            raise CommandError(
                "Nothing was restored: there was no answer to the question (no terminal?). "
                "Run it with --noinput to restore without being asked."
            ) from None
        return answer.strip().lower() == "yes"
