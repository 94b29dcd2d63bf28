"""A conversation on an update: the comments its officers, the review's link
officers and the clerks write to each other while its round is open.

A comment is working correspondence, not part of the record the committee
receives: no document, public page, open data file, API answer or search
result reads it (tests/test_update_comments.py proves it of each). The link
officer's comment on returning an update is the thread's comment too
(`is_return`): ProgressEntry.return_to_officer writes it here, so the
officer's page, the link officer's page and the reminders read one thread.

Each comment tells every other participant (the update's officers, the
review's link officers and whoever has written in the thread: not the
writer) once, as a notification of kind UPDATE_COMMENTED, which each person
takes each time, in a daily digest or never. An update that is exempt
information (itself, its action or its recommendation: Schedule 12A) is
named in the e-mail, but its comment's words are not copied into it: they
are read on the service, signed in.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from actionplans import permissions
from actionplans.models.common import LONG_TEXT, AuditHistory, _attribute
from actionplans.models.notifications import Kind, Notification, link


class UpdateCommentQuerySet(models.QuerySet):
    def thread(self, entry):
        """`entry`'s comments, oldest first, with who wrote each."""
        return self.filter(entry=entry).select_related("author").order_by("created_at", "pk")

    def latest_returns(self, entries) -> dict[int, "UpdateComment"]:
        """Each of `entries`' latest return comment, by the entry's pk, in one query."""
        returns = {}
        for comment in (
            self.filter(entry__in=entries, is_return=True).select_related("author").order_by("created_at", "pk")
        ):
            returns[comment.entry_id] = comment
        return returns

    def latest_by_entry(self, entries) -> dict[int, "UpdateComment"]:
        """Each of `entries`' latest comment, by the entry's pk, in one query."""
        latest = {}
        for comment in self.filter(entry__in=entries).select_related("author").order_by("created_at", "pk"):
            latest[comment.entry_id] = comment
        return latest

    def counts(self, entries) -> dict[int, int]:
        """How many comments each of `entries` has, by the entry's pk, in one query."""
        rows = self.filter(entry__in=entries).values("entry").annotate(n=models.Count("pk"))
        return {row["entry"]: row["n"] for row in rows}

    def add(self, entry, *, by, text: str, is_return: bool = False) -> "UpdateComment":
        """`by` writes `text` on `entry`'s thread, in the history with who;
        every other participant is told (a return comment excepted: the
        return's own e-mail carries it). Refused while the round is
        published (permissions.COMMENT_ON_UPDATE); an empty comment is
        refused by its field."""
        permissions.require(by, permissions.COMMENT_ON_UPDATE, entry)
        text = (text or "").strip()
        if not text:
            raise ValidationError({"text": "Enter your comment"})
        comment = UpdateComment(entry=entry, author=by, text=text, is_return=is_return)
        comment.full_clean(exclude=["entry", "author"])
        with transaction.atomic():
            _attribute(comment, by)
            comment.save()
            if not is_return:
                comment.tell_the_others()
        return comment

    def participants(self, entry) -> list:
        """Who takes part in `entry`'s conversation: its officers (co-owners
        too), its review's link officers and anyone who has written in it."""
        users = get_user_model().objects
        ids = (
            entry.responsible_user_ids()
            | set(users.filter(owner_records__linked_reviews=entry.round.review_id).values_list("pk", flat=True))
            | set(self.filter(entry=entry).values_list("author", flat=True))
        )
        # Only those who take part now: someone whose action was reassigned,
        # or who left a role, no longer hears the conversation.
        return [user for user in users.filter(pk__in=ids).order_by("pk") if permissions.takes_part_in(user, entry)]


class UpdateComment(models.Model):
    """One comment on a progress update, by one person, while its round is open."""

    # The update (models/rounds.py, above: ProgressEntry writes its
    # comments through UpdateComment.objects).
    entry = models.ForeignKey("ProgressEntry", on_delete=models.CASCADE, related_name="comments")
    # None only for a return comment from before the conversation whose
    # history named nobody (an import, a command).
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(validators=LONG_TEXT)
    # The link officer's comment on returning the update (return_to_officer).
    is_return = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    history = AuditHistory()

    objects = UpdateCommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "comment on an update"
        indexes = [models.Index(fields=["entry", "created_at"], name="comment_entry_created")]

    def __str__(self):
        return f"{self.author} on {self.entry}"

    @property
    def author_name(self) -> str:
        if self.author is None:
            return "the link officer"
        return self.author.get_full_name() or self.author.username

    def tell_the_others(self):
        """Every participant but the writer, once for this comment."""
        entry = self.entry
        review = entry.round.review
        return Notification.objects.record(
            event_key=f"update-{entry.pk}-comment-{self.pk}",
            kind=Kind.UPDATE_COMMENTED,
            recipients=UpdateComment.objects.participants(entry),
            subject=f"Comment on the update: {entry.action.mail_name}, {review.title}, {entry.round.label}",
            template="actionplans/email/update_commented.txt",
            context={
                "comment": self,
                "entry": entry,
                "review": review,
                "withheld": entry.words_exempt_notice,
                "link": link("update_comments", entry.pk),
            },
            by=self.author,
            answerable=entry,
        )
