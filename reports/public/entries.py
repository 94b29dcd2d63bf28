"""The public record's entries, named once for every reader that lists
them (the open data, the public API): each progress entry of a public round
(Round.objects.public) for a public action (Action.objects.public). Its
words are shown only where ProgressEntry.objects.public gives it; the
others read "No update received", or their exempt notice where the clerk
marked one exempt.

It belongs beside ProgressEntry.objects.public, as a QuerySet method of
which public() is the received, not exempt, part; it is here while the
models are being rearranged."""

from actionplans.models import Action, ProgressEntry, Round


def public_record_entries():
    """Every entry the public record lists, exempt ones included."""
    return ProgressEntry.objects.filter(round__in=Round.objects.public(), action__in=Action.objects.public())
