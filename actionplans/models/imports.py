"""What an import leaves behind: the uploaded file while the clerk checks
the preview, and one record per import, so that the review's history shows
it as one change by the clerk."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from actionplans.grading import Grade
from actionplans.models.common import ONE_LINE, AuditHistory, _attribute
from actionplans.models.review import Review


class ImportUploadQuerySet(models.QuerySet):
    def stale(self, now=None):
        """Uploads nobody confirmed within a day: cleaned up at the next upload."""
        return self.filter(uploaded_at__lt=(now or timezone.now()) - datetime.timedelta(days=1))

    def of_partnership_plans(self):
        return self.filter(review__isnull=True)


class ImportUpload(models.Model):
    """An uploaded file kept between the upload and the confirmation. It is
    kept in the database, not on disk or in the session: councils run
    several app servers against one PostgreSQL, and the next request may
    reach another server. Deleted once imported; old ones are cleaned up."""

    # The review imported into; none for a partnership plan, which the
    # import creates from `details` (the upload form's answers).
    review = models.ForeignKey(Review, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    details = models.JSONField(default=dict, blank=True)
    file_name = models.CharField(max_length=255)
    data = models.BinaryField()
    period = models.DateField(null=True, blank=True, help_text="The month the file's progress is for, if given.")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = ImportUploadQuerySet.as_manager()

    def __str__(self):
        return self.file_name


class PlanImport(models.Model):
    """One import of a spreadsheet into a review: which file, who, when and
    what it did. Rows are only ever added."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="imports")
    file_name = models.CharField(max_length=255)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="plan_imports"
    )
    imported_at = models.DateTimeField(default=timezone.now)
    actions_created = models.PositiveIntegerField(default=0)
    actions_changed = models.PositiveIntegerField(default=0)
    rounds_created = models.PositiveIntegerField(default=0)
    entries_created = models.PositiveIntegerField(default=0)
    people_created = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self):
        return f"{self.file_name} into {self.review}"

    @property
    def summary(self) -> str:
        parts = [
            (self.actions_created, "action created", "actions created"),
            (self.actions_changed, "action changed", "actions changed"),
            (self.rounds_created, "round added", "rounds added"),
            (self.entries_created, "update added", "updates added"),
            (self.people_created, "person added", "people added"),
        ]
        said = [f"{n:,} {one if n == 1 else many}" for n, one, many in parts if n]
        return ", ".join(said) or "nothing changed"


class StatusMeaningQuerySet(models.QuerySet):
    def remembered(self) -> dict[str, int | None]:
        """Each status word's or colour's meaning as last confirmed, by its
        key (grading.status_key): a grade, or None for no grade."""
        return dict(self.values_list("key", "grade"))


class StatusMeaning(models.Model):
    """What a status word or colour in the council's trackers ("Ongoing",
    "Paused", "Amber") meant to the rules, as a clerk confirmed it once, at
    an import, making it one of the scale's grades: a grade's meaning, or
    none. The next import proposes a grade of the word's own with that
    meaning's role (importing/grades.remembered_answer), never folds it into
    another. A word that became a grade of its own needs no memory: it is on
    the council's scale."""

    key = models.CharField(max_length=200, unique=True, help_text="The word as compared: case and punctuation aside.")
    word = models.CharField(max_length=200, validators=ONE_LINE, help_text="The word as a file first wrote it.")
    grade = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=Grade.choices, help_text="Blank: no grade, the update's progress only."
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(default=timezone.now)
    history = AuditHistory()

    objects = StatusMeaningQuerySet.as_manager()

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return self.word

    @classmethod
    def remember(cls, meanings: dict[str, tuple[str, int | None]], *, by, reason: str = "") -> None:
        """Keep `meanings` (key -> (word as written, grade or None)) for the
        next import: each one new or changed is saved, with its history."""
        known = {meaning.key: meaning for meaning in cls.objects.select_for_update().filter(key__in=meanings)}
        for key, (word, grade) in meanings.items():
            meaning = known.get(key)
            if meaning is not None and meaning.grade == grade:
                continue
            if meaning is None:
                meaning = cls(key=key[:200], word=word[:200])
            meaning.grade, meaning.confirmed_by, meaning.confirmed_at = grade, by, timezone.now()
            meaning.full_clean()
            _attribute(meaning, by)
            if reason:
                meaning._change_reason = reason[:100]
            meaning.save()
