"""Scan every evidence file still held as being checked (clamd could not be
reached when it was attached): run from cron every few minutes."""

from django.core.management.base import BaseCommand

from actionplans.models import EvidenceFile


class Command(BaseCommand):
    help = "Scan for malware every evidence file still held as being checked."

    def handle(self, *args, **options):
        held = list(EvidenceFile.objects.being_checked())
        clean = sum(evidence.check_for_malware() for evidence in held)
        refused = sum(evidence.status == EvidenceFile.Status.REFUSED for evidence in held)
        waiting = len(held) - clean - refused
        self.stdout.write(f"{clean} clean, {refused} refused, {waiting} still waiting for the scanner.")
        if waiting:
            self.stderr.write("clamd could not be reached: the files stay held until it can.")
