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
        try:
            clamd = PrivateClamd(directory)
        except ClamAVMissing as error:
            raise CommandError(str(error)) from None

        def stop(signum, frame):
            raise SystemExit(0)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"clamd (EICAR test signature only) answers on {clamd.socket}")
        self.stdout.flush()
        try:
            # Polled, not waited on: a signal's handler then only unwinds
            # this loop, and clamd is stopped (and reaped) below.
            while clamd.process.poll() is None:
                time.sleep(0.5)
        finally:
            clamd.stop()
        raise CommandError(f"clamd stopped by itself; its log is {clamd.log}")
