"""Scan every evidence file still held as being checked (clamd could not be
reached when it was attached), and remove the files chosen on an update's
form that was never sent again (evidence/kept.py): run from cron every few
minutes."""

from django.core.management.base import BaseCommand

from actionplans.evidence import kept
from actionplans.models import EvidenceFile


class Command(BaseCommand):
    help = (
        "Scan for malware every evidence file still held as being checked, and remove files chosen on an "
        "update's form more than a day ago and never saved."
    )

    def handle(self, *args, **options):
        held = list(EvidenceFile.objects.being_checked())
        clean = sum(evidence.check_for_malware() for evidence in held)
        refused = sum(evidence.status == EvidenceFile.Status.REFUSED for evidence in held)
        waiting = len(held) - clean - refused
        abandoned = kept.forget_abandoned()
        if options["verbosity"]:  # quiet at 0, cron's run: routine
            self.stdout.write(f"{clean} clean, {refused} refused, {waiting} still waiting for the scanner.")
            if abandoned:
                self.stdout.write(f"{abandoned} file(s) chosen on a form never saved were removed.")
        if waiting:
            self.stderr.write("clamd could not be reached: the files stay held until it can.")
