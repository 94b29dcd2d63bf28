"""Frameworks of good-practice standards (seed 003: "Tackling Hate
Incidents: North East Standards of Achievable Good Practice for Local
Areas"): a framework's levels ("Regional level", "Local level", each with its
text), its numbered standards (each with the paragraph that defines it) and
each standard's lettered characteristics of good practice with their
Function. An area's self-assessments against a framework are above it, in
assessments.py.

Clerks and administrators (permissions.builds_plans) hold frameworks. Every
write is a verb with `by=`, in the history."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, Max, OuterRef
from django.utils.text import slugify

from actionplans import permissions
from actionplans.models.common import LONG_TEXT, ONE_LINE, AuditHistory, _attribute

# Letters a PDF's text layer gives as Cyrillic look-alikes (seed 003 prints
# "В" and "С" for B and C): a characteristic's letter is stored in Latin.
_LOOK_ALIKES = str.maketrans("АВСЕНКМОРТХІ", "ABCEHKMOPTXI")


def latin_letter(letter: str) -> str:
    """'В' (Cyrillic) -> 'B'; the letter as stored, upper case."""
    return letter.strip().upper().translate(_LOOK_ALIKES)


def _check(obj, by) -> None:
    obj.full_clean()
    _attribute(obj, by)
    obj.save()


def _next_position(siblings) -> int:
    """After the last of `siblings`: a count would repeat a position once one has been deleted."""
    last = siblings.aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


def _reorder(obj, siblings, direction: str) -> list:
    """`siblings` (its own kind, in their order, itself included), locked,
    in their new order: `obj` swapped with its neighbour "up" (earlier) or
    "down" (later). Within a transaction."""
    if direction not in ("up", "down"):
        raise ValueError(direction)
    items = list(siblings.select_for_update())
    index = next(i for i, item in enumerate(items) if item.pk == obj.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(items):
        raise ValidationError(f"It is already the {'first' if direction == 'up' else 'last'}.")
    items[index], items[other] = items[other], items[index]
    return items


def _move(obj, siblings, direction: str, by) -> None:
    """Swap `obj` with its neighbour among `siblings` (_reorder), numbering
    their positions afresh from 0; each one moved is in the history."""
    permissions.require(by, permissions.CHANGE_FRAMEWORK)
    with transaction.atomic():
        items = _reorder(obj, siblings, direction)
        for position, item in enumerate(items):
            if item.position != position:
                item.position = position
                _attribute(item, by)
                item.save(update_fields=["position"])
        obj.position = next(position for position, item in enumerate(items) if item.pk == obj.pk)


# The framework -------------------------------------------------------------------

# The readers' addresses under /standards/ that are not a framework's:
# /standards/new/ and /standards/assessments/<pk>/ (reports/standards/urls.py).
RESERVED_SLUGS = frozenset({"new", "assessments"})


class FrameworkQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every framework for those who read the scrutiny papers."""
        return self if permissions.reads_papers(user) else self.none()

    def add(self, *, title: str, short_title: str, by, issued_by: str = "", slug: str = "") -> "Framework":
        permissions.require(by, permissions.CHANGE_FRAMEWORK)
        framework = Framework(
            title=title.strip(),
            short_title=short_title.strip(),
            issued_by=issued_by.strip(),
            slug=slug or slugify(short_title)[:90],
        )
        if not framework.slug:
            raise ValidationError(
                {"slug": "Enter a short title with letters or numbers in it: the framework’s address is made from it."}
            )
        _check(framework, by)
        return framework


class Framework(models.Model):
    """A framework of standards of good practice, as its issuing body
    prints it."""

    title = models.CharField(max_length=300, validators=ONE_LINE)
    short_title = models.CharField(
        max_length=120,
        validators=ONE_LINE,
        help_text="As pages and links name it, such as “North East hate incident standards”",
    )
    slug = models.SlugField(max_length=100, unique=True)
    issued_by = models.CharField(max_length=200, blank=True, validators=ONE_LINE)
    history = AuditHistory()

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        ordering = ["short_title"]

    def __str__(self):
        return self.short_title

    def clean(self):
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": f"The address /standards/{self.slug}/ is another page’s: choose another short title."}
            )

    def validate_unique(self, exclude=None):
        try:
            super().validate_unique(exclude)
        except ValidationError as error:
            if "slug" not in error.message_dict:
                raise
            raise ValidationError(
                {"slug": f"Another framework has the address /standards/{self.slug}/: choose another short title."}
            ) from None

    def change_details(self, *, title: str, short_title: str, issued_by: str, by) -> None:
        permissions.require(by, permissions.CHANGE_FRAMEWORK)
        self.title, self.short_title, self.issued_by = title.strip(), short_title.strip(), issued_by.strip()
        _check(self, by)

    def add_level(self, *, name: str, defined_as: str = "", text: str = "", by) -> "Level":
        permissions.require(by, permissions.CHANGE_FRAMEWORK)
        level = Level(
            framework=self, name=name.strip(), defined_as=defined_as.strip(), text=text.strip(),
            position=_next_position(self.levels),
        )  # fmt: skip
        _check(level, by)
        return level

    def add_standard(self, *, number: int, title: str, definition: str = "", by) -> "Standard":
        permissions.require(by, permissions.CHANGE_FRAMEWORK)
        standard = Standard(
            framework=self, number=number, title=title.strip(), definition=definition.strip(),
            position=_next_position(self.standards),
        )  # fmt: skip
        _check(standard, by)
        return standard

    def why_not_renumberable(self) -> str:
        """Why its standards may not be moved or renumbered, or '' while
        they may. A published assessment's appendix prints each standard's
        number and the framework's order as they are now (the numbers are
        not copied into the assessment), and a published assessment is the
        committee's record: once there is one, they stay."""
        # The assessments (models/assessments.py) sit above the framework:
        # asked through its relation, by their own named query.
        if self.assessments.published().exists():
            return (
                "A published assessment prints the standards with these numbers, in this order: they stay as "
                "they are, as the committee’s record."
            )
        return ""

    def characteristics(self):
        """Every characteristic of every standard, in the framework's order."""
        return Characteristic.objects.filter(standard__framework=self).select_related("standard").in_order()


class Level(models.Model):
    """'Regional level (defined as the entire North East Government Office
    region)': what the framework asks at that level, as its text (a
    newline separates paragraphs; a line starting "- " is a bullet)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="levels")
    name = models.CharField(max_length=100, validators=ONE_LINE)
    defined_as = models.CharField(max_length=300, blank=True, validators=ONE_LINE)
    text = models.TextField(blank=True, validators=LONG_TEXT)
    position = models.PositiveSmallIntegerField(default=0)
    history = AuditHistory()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name

    @property
    def heading(self) -> str:
        """'Regional level (defined as the entire North East Government Office region):'."""
        return f"{self.name} ({self.defined_as}):" if self.defined_as else f"{self.name}:"

    def change(self, *, name: str, defined_as: str, text: str, by) -> None:
        permissions.require(by, permissions.CHANGE_FRAMEWORK)
        self.name, self.defined_as, self.text = name.strip(), defined_as.strip(), text.strip()
        _check(self, by)

    def move(self, *, direction: str, by) -> None:
        """Earlier ("up") or later ("down") among the framework's levels."""
        _move(self, Level.objects.filter(framework_id=self.framework_id).order_by("position", "pk"), direction, by)

    def why_not_deletable(self) -> str:
        return ""  # No assessment rates a level: one added by mistake can always go.

    def delete(self, *args, by=None, **kwargs):
        permissions.require(by, permissions.CHANGE_FRAMEWORK)
        _attribute(self, by)
        return super().delete(*args, **kwargs)


class Standard(models.Model):
    """'1. Third Party Reporting', with the paragraph that defines it."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="standards")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200, validators=ONE_LINE)
    definition = models.TextField(blank=True, validators=LONG_TEXT)
    position = models.PositiveSmallIntegerField(default=0)
    history = AuditHistory()

    class Meta:
        ordering = ["position", "number"]
        constraints = [models.UniqueConstraint(fields=["framework", "number"], name="standard_number_once")]

    def __str__(self):
        return self.heading

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}"

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude)
        except ValidationError:
            raise ValidationError({"number": f"The framework already has a standard {self.number}."}) from None

    def change(self, *, number: int, title: str, definition: str, by) -> None:
        """Its words may be corrected at any time; its number only while no
        published assessment prints it (Framework.why_not_renumberable)."""
        permissions.require(by, permissions.CHANGE_FRAMEWORK)
        if number != self.number and (reason := self.framework.why_not_renumberable()):
            raise ValidationError({"number": f"Standard {self.number} keeps its number. {reason}"})
        self.number, self.title, self.definition = number, title.strip(), definition.strip()
        _check(self, by)

    def move(self, *, direction: str, by) -> None:
        """Earlier ("up") or later ("down") among the framework's standards,
        and the numbers follow the new order: between them the standards
        keep the numbers they have, smallest first, so the one moved takes
        its neighbour's number and the neighbour takes its own (seed 003's
        1, 2, 3 stay 1, 2, 3; a framework numbered from 4 stays numbered
        from 4). Its characteristics, and the assessments' responses to
        them, go with it: they point to the standard, not its number, and
        their labels ("2 D") read its new one. Each standard renumbered is
        in the history with `by`. Refused once a published assessment
        prints the standards (Framework.why_not_renumberable)."""
        permissions.require(by, permissions.CHANGE_FRAMEWORK)
        with transaction.atomic():
            framework = Framework.objects.select_for_update().get(pk=self.framework_id)
            if reason := framework.why_not_renumberable():
                raise ValidationError(reason)
            siblings = Standard.objects.filter(framework_id=self.framework_id).order_by("position", "number", "pk")
            items = _reorder(self, siblings, direction)
            numbers = sorted(item.number for item in items)
            wanted = {item.pk: number for item, number in zip(items, numbers, strict=True) if item.number != number}
            moved = {item.pk for position, item in enumerate(items) if item.position != position} | set(wanted)
            for position, item in enumerate(items):
                item.position = position
            # A standard's number is unique in its framework, so one whose
            # new number is still another's waits, and where each waits for
            # another, one goes through a number no standard has (as
            # Review.move_recommendation goes through 0).
            while wanted:
                taken = {item.number for item in items}
                free = [item for item in items if item.pk in wanted and wanted[item.pk] not in taken]
                for item in free or [next(item for item in items if item.pk in wanted)]:
                    item.number = wanted.pop(item.pk) if free else max(taken) + 1
                    _attribute(item, by)
                    item.save(update_fields=["number", "position"])
                    moved.discard(item.pk)
            for item in items:
                if item.pk in moved:
                    _attribute(item, by)
                    item.save(update_fields=["position"])
            itself = next(item for item in items if item.pk == self.pk)
            self.position, self.number = itself.position, itself.number

    def has_been_assessed(self) -> bool:
        """Whether an assessment has rated any of its characteristics: read
        from its characteristics if they were prefetched with_assessed()."""
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("characteristics")
        if prefetched is not None:
            return any(characteristic.has_been_assessed() for characteristic in prefetched)
        # The local responses (assessments.py) are above the framework: reached by the relation.
        return self.characteristics.filter(responses__isnull=False).exists()

    def why_not_deletable(self) -> str:
        if self.has_been_assessed():
            return "Its characteristics have been assessed: an assessment’s record keeps them."
        return ""

    def delete(self, *args, by=None, **kwargs):
        """With its characteristics, each in the history; refused once any has been assessed."""
        permissions.require(by, permissions.CHANGE_FRAMEWORK)
        with transaction.atomic():
            if reason := self.why_not_deletable():
                raise ValidationError(reason)
            for characteristic in self.characteristics.all():
                characteristic.delete(by=by)
            _attribute(self, by)
            return super().delete(*args, **kwargs)

    def add_characteristic(self, *, letter: str, text: str, function: str = "", by) -> "Characteristic":
        permissions.require(by, permissions.CHANGE_FRAMEWORK)
        characteristic = Characteristic(
            standard=self, letter=letter, text=text.strip(), function=function.strip(),
            position=_next_position(self.characteristics),
        )  # fmt: skip
        _check(characteristic, by)
        return characteristic


class CharacteristicQuerySet(models.QuerySet):
    def in_order(self):
        return self.order_by("standard__position", "standard__number", "position", "letter")

    def with_assessed(self):
        """Each with `assessed`: whether any assessment has rated it
        (Characteristic.has_been_assessed reads it), in the same query."""
        # The local responses (models/assessments.py) sit above the
        # framework: asked through the characteristic's own relation.
        rated = Characteristic.objects.filter(pk=OuterRef("pk"), responses__isnull=False)
        return self.annotate(assessed=Exists(rated))


class Characteristic(models.Model):
    """'A: Local third party reporting mechanisms are in place …', with its
    Function ('To ensure that all victims …')."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="characteristics")
    letter = models.CharField(max_length=3, validators=ONE_LINE)
    text = models.TextField(validators=LONG_TEXT)
    function = models.TextField(blank=True, validators=LONG_TEXT)
    position = models.PositiveSmallIntegerField(default=0)
    history = AuditHistory()

    objects = CharacteristicQuerySet.as_manager()

    class Meta:
        ordering = ["position", "letter"]
        constraints = [models.UniqueConstraint(fields=["standard", "letter"], name="characteristic_letter_once")]

    def __str__(self):
        return f"{self.standard.number} {self.letter}"

    @property
    def label(self) -> str:
        """'2 D': the standard's number and the letter, as pages name it."""
        return f"{self.standard.number} {self.letter}"

    @property
    def anchor(self) -> str:
        return f"characteristic-{self.pk}"

    def clean(self):
        self.letter = latin_letter(self.letter)
        if not self.letter:
            raise ValidationError({"letter": "Enter the characteristic’s letter, such as A."})

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude)
        except ValidationError:
            raise ValidationError(
                {"letter": f"Standard {self.standard.number} already has a characteristic {self.letter}."}
            ) from None

    def change(self, *, letter: str, text: str, function: str, by) -> None:
        permissions.require(by, permissions.CHANGE_FRAMEWORK)
        self.letter, self.text, self.function = letter, text.strip(), function.strip()
        _check(self, by)

    def move(self, *, direction: str, by) -> None:
        """Earlier ("up") or later ("down") among its standard's characteristics."""
        siblings = Characteristic.objects.filter(standard_id=self.standard_id).order_by("position", "letter", "pk")
        _move(self, siblings, direction, by)

    def has_been_assessed(self) -> bool:
        """Whether any assessment has rated it (from with_assessed() when it was annotated)."""
        assessed = getattr(self, "assessed", None)
        return self.responses.exists() if assessed is None else assessed

    def why_not_deletable(self) -> str:
        if self.has_been_assessed():
            return "It has been assessed: an assessment’s record keeps it."
        return ""

    def delete(self, *args, by=None, **kwargs):
        permissions.require(by, permissions.CHANGE_FRAMEWORK)
        if reason := self.why_not_deletable():
            raise ValidationError(reason)
        _attribute(self, by)
        return super().delete(*args, **kwargs)
