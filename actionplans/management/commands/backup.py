from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from actionplans.backup import BackupError, back_up


class Command(BaseCommand):
    help = (
        "Back up the database and the published record's files into a new directory "
        "(docs/operations.md, 'Backup and restore'). Safe while the service runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="a new or empty directory")

    def handle(self, *args, directory, **options):
        try:
            summary = back_up(directory)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if not options["verbosity"]:  # cron's run: a failure alone is said (CommandError)
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the database ({summary.database}) and {summary.files} stored files, "
                f"{summary.bytes / 1_000_000:.1f} MB in all, to {directory}."
            )
        )
