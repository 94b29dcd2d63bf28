"""Committees, and the people and groups that actions are the responsibility of."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from actionplans.models.common import ONE_LINE, can_read_reviews, can_see_unpublished_rounds


class CommitteeQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if can_read_reviews(user) else self.none()

    def followed_by(self, user):
        """Where a reader starts: a member's own committees; for everyone who
        works across committees (officers, clerks), all of them."""
        committees = self.visible_to(user)
        return committees if can_see_unpublished_rounds(user) else committees.filter(members=user)


class Committee(models.Model):
    name = models.CharField(max_length=200, unique=True, validators=ONE_LINE)
    slug = models.SlugField(max_length=100, unique=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="committees",
        help_text="Councillors who sit on the committee.",
    )
    history = HistoricalRecords(m2m_fields=[members])

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "committee"

    def __str__(self):
        return self.name


class Owner(models.Model):
    """Somebody an action can be the responsibility of: a named person, or a
    role or group ("SBC Hate Crime Lead", "All Stockton hate crime group
    members"). A person, or whoever holds a role, may have a login."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ROLE = "role", "Role or group"

    name = models.CharField(max_length=200, unique=True, validators=ONE_LINE)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PERSON)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owner_records",
        help_text="The login of this person, or of whoever holds this role.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "responsible person or group"
        verbose_name_plural = "responsible people and groups"

    def __str__(self):
        return self.name

    @property
    def can_be_emailed(self) -> bool:
        """Reminders reach an owner with an active login and an e-mail address."""
        return bool(self.user and self.user.email and self.user.is_active)
