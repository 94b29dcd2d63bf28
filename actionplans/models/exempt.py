"""Exempt information: what a clerk keeps out of the public record.

Scrutiny is done in public, but a recommendation, an action or an update
may carry information that Schedule 12A to the Local Government Act 1972
lets a council withhold (a named person's affairs, a contract's prices, a
criminal investigation). The clerk marks it with the paragraph of Part 1 of
the Schedule that applies; from then on it is left out of the public pages,
the open data and the public API, and the documents print "Exempt
information (paragraph N)" in its place unless the clerk exports the
confidential version.

Whether something is public is one rule per kind, on its QuerySet:
`Review.objects.public()`, `Recommendation.objects.public()`,
`Action.objects.public()`, `Round.objects.public()` and
`ProgressEntry.objects.public()`. Something exempt hides what hangs from it:
an exempt recommendation's actions and their updates, an exempt action's
updates.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction

from actionplans import permissions
from actionplans.models.common import _attribute
from actionplans.models.published import PublishedDocument


class ExemptParagraph(models.IntegerChoices):
    """The descriptions of exempt information in Part 1 of Schedule 12A to
    the Local Government Act 1972 (England), in its words."""

    INDIVIDUAL = 1, "Information relating to any individual"
    IDENTITY = 2, "Information which is likely to reveal the identity of an individual"
    FINANCIAL = (
        3,
        "Information relating to the financial or business affairs of any particular person "
        "(including the authority holding that information)",
    )
    LABOUR_RELATIONS = (
        4,
        "Information relating to any consultations or negotiations, or contemplated consultations or "
        "negotiations, in connection with any labour relations matter arising between the authority or a "
        "Minister of the Crown and employees of, or office holders under, the authority",
    )
    LEGAL_PRIVILEGE = (
        5,
        "Information in respect of which a claim to legal professional privilege could be maintained in "
        "legal proceedings",
    )
    NOTICES_AND_ORDERS = (
        6,
        "Information which reveals that the authority proposes to give under any enactment a notice under "
        "or by virtue of which requirements are imposed on a person, or to make an order or direction "
        "under any enactment",
    )
    CRIME = (
        7,
        "Information relating to any action taken or to be taken in connection with the prevention, "
        "investigation or prosecution of crime",
    )


def exempt_notice(paragraph: int) -> str:
    """What the documents print in place of exempt information."""
    return f"Exempt information (paragraph {paragraph})"


class MayBeExempt(models.Model):
    """A recommendation, an action or a progress entry: the clerk may mark
    it as exempt information, with the paragraph of Schedule 12A."""

    exempt_paragraph = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        choices=ExemptParagraph.choices,
        verbose_name="exempt information",
        help_text="The paragraph of Schedule 12A to the Local Government Act 1972 under which this is "
        "exempt information, kept out of the public pages and open data; blank if it is public.",
    )

    class Meta:
        abstract = True

    @property
    def is_exempt(self) -> bool:
        return self.exempt_paragraph is not None

    @property
    def exempt_notice(self) -> str:
        """'Exempt information (paragraph 3)', or '' when it is public."""
        return exempt_notice(self.exempt_paragraph) if self.is_exempt else ""

    def papers_printing_it(self):
        """The published rounds whose papers print this: each kind says."""
        raise NotImplementedError

    def mark_exempt(self, paragraph: int | None, *, by) -> None:
        """Mark this as exempt information under `paragraph` of Schedule 12A
        (None: public again), in the history with who. The public copy of
        each published round whose paper prints it is made anew, with the
        marking as its reason; the committee's files stay as they went out."""
        permissions.require(by, permissions.MARK_EXEMPT, self)
        if paragraph is not None and paragraph not in ExemptParagraph.values:
            raise ValidationError(
                {"exempt_paragraph": "Choose a paragraph of Schedule 12A from 1 to 7, or say it is not exempt."}
            )
        with transaction.atomic():
            locked = type(self).objects.select_for_update().get(pk=self.pk)
            if locked.exempt_paragraph == paragraph:
                self.exempt_paragraph = paragraph
                return
            locked.exempt_paragraph = paragraph
            locked._change_reason = (
                exempt_notice(paragraph) if paragraph is not None else "No longer exempt information"
            )
            _attribute(locked, by)
            locked.save(update_fields=["exempt_paragraph"])
            reason = f"{locked._change_reason}: {locked}"
            for round in locked.papers_printing_it():
                PublishedDocument.objects.start_public_version(round, by=by, reason=reason)
        self.exempt_paragraph = paragraph
