"""Run a private clamd knowing only the EICAR test signature, for the demo
council (`make run` starts it beside the server and the task worker): its
socket is DIRECTORY/clamd.sock, for SCRUTINY_CLAMD_SOCKET. Production runs
Debian's clamav-daemon with freshclam's full database instead."""

import signal
import time

from django.core.management.base import BaseCommand, CommandError

from actionplans.private_clamd import ClamAVMissing, PrivateClamd


class Command(BaseCommand):
    help = (
        "Run a private clamd in DIRECTORY, knowing only the EICAR test signature (the demo's virus scanner), "
        "until stopped (Ctrl+C or SIGTERM)."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Its configuration, database and socket (clamd.sock) go here.")

    def handle(self, *args, directory, **options):
        # A signal is only noted, so that one arriving while clamd starts
        # (Ctrl+C just after make run) cannot interrupt PrivateClamd before
        # it has handed clamd over, which would leave clamd running on its
        # own; it is acted on once clamd answers.
        stop = []
        signal.signal(signal.SIGTERM, lambda signum, frame: stop.append(signum))
        signal.signal(signal.SIGINT, lambda signum, frame: stop.append(signum))
        try:
            clamd = PrivateClamd(directory)
        except ClamAVMissing as error:
            raise CommandError(str(error)) from None

        self.stdout.write(f"clamd (EICAR test signature only) answers on {clamd.socket}")
        self.stdout.flush()
        try:
            while not stop and clamd.process.poll() is None:
                time.sleep(0.2)
        finally:
            clamd.stop()
        if not stop:
            raise CommandError(f"clamd stopped by itself; its log is {clamd.log}")
