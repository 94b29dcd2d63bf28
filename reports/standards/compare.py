"""Two self-assessments of one area against one framework, compared: for
every characteristic its rating in the earlier and the later
(grading.rating_moved: Better, Worse, Same, New, Not assessed), and
whether its Local response, evidence, gap or the actions closing the gap
changed, with the words that did. build_comparison() is the rule; the page
(reports/standards/views.py compare_assessments) only shows it.

Three queries, whatever the number of characteristics: both assessments'
responses, and the actions linked to their gaps."""

from dataclasses import dataclass

from actionplans.grading import rating_label, rating_moved, rating_tag_colour
from actionplans.models import Assessment, GapLink, LocalResponse, marked_day
from reports.diff import Diff, text_diff

# What rating_moved() says, as a tag beside its word.
MOVED_TAGS = {"Better": "green", "Worse": "red", "Same": "grey", "New": "blue", "Not assessed": "grey"}
# Said of a characteristic the earlier assessment has and the later lacks
# (one added to the framework after the later was started, compared the
# other way round).
NOT_IN_LATER = "Not in the later assessment"


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


@dataclass(frozen=True)
class TextChange:
    """A text of the characteristic's record that changed: its words before
    and after, and the after against the before (reports.diff.text_diff)."""

    label: str  # "Local response", "Evidence", "Gap"
    before: str
    after: str
    diff: Diff


@dataclass(frozen=True)
class CharacteristicComparison:
    label: str  # "2 D"
    anchor: str
    text: str
    before: str | None  # the rating (a Rating value); None: not in that assessment
    after: str | None
    moved: str  # rating_moved(): "Better", "Worse", "Same", "New", "Not assessed"
    texts: tuple[TextChange, ...]  # only those that changed
    actions_before: tuple[str, ...]  # the actions closing its gap, as named (GapAction.name)
    actions_after: tuple[str, ...]

    @property
    def before_label(self) -> str:
        return rating_label(self.before) if self.before else "Not in the earlier assessment"

    @property
    def after_label(self) -> str:
        return rating_label(self.after) if self.after else NOT_IN_LATER

    @property
    def before_tag(self) -> str:
        return rating_tag_colour(self.before or "")

    @property
    def after_tag(self) -> str:
        return rating_tag_colour(self.after or "")

    @property
    def moved_tag(self) -> str:
        return MOVED_TAGS[self.moved]

    @property
    def rating_changed(self) -> bool:
        return self.before != self.after

    @property
    def actions_changed(self) -> bool:
        return self.actions_before != self.actions_after

    @property
    def changed(self) -> bool:
        return self.rating_changed or bool(self.texts) or self.actions_changed


@dataclass(frozen=True)
class StandardComparison:
    heading: str  # "1. Third Party Reporting"
    characteristics: tuple[CharacteristicComparison, ...]

    @property
    def changed(self) -> tuple[CharacteristicComparison, ...]:
        return tuple(c for c in self.characteristics if c.changed)


@dataclass(frozen=True)
class Comparison:
    earlier_pk: int
    earlier_label: str  # "1 October 2009"
    earlier_is_draft: bool
    later_pk: int
    later_label: str
    later_is_draft: bool
    area: str
    standards: tuple[StandardComparison, ...]

    @property
    def characteristics(self) -> list[CharacteristicComparison]:
        return [c for standard in self.standards for c in standard.characteristics]

    def count(self, moved: str) -> int:
        return sum(1 for c in self.characteristics if c.moved == moved)

    @property
    def changed_count(self) -> int:
        return sum(1 for c in self.characteristics if c.changed)

    @property
    def summary(self) -> list[str]:
        """'3 characteristics moved: 1 better, 2 worse.', then what else
        changed, a sentence each."""
        better, worse = self.count("Better"), self.count("Worse")
        moved = better + worse
        if moved:
            parts = [f"{n} {word}" for n, word in ((better, "better"), (worse, "worse")) if n]
            sentences = [f"{_plural(moved, 'characteristic', 'characteristics')} moved: {', '.join(parts)}."]
        else:
            sentences = ["No characteristic’s rating moved better or worse."]
        if new := self.count("New"):
            sentences.append(f"{_plural(new, 'characteristic is', 'characteristics are')} new in the later assessment.")
        if unrated := self.count("Not assessed"):
            said = _plural(unrated, "characteristic was", "characteristics were")
            sentences.append(f"{said} assessed in one of the two and not the other.")
        others = sum(1 for c in self.characteristics if c.changed and not c.rating_changed)
        if others:
            said = _plural(others, "other characteristic kept its", "other characteristics kept their")
            sentences.append(f"{said} rating, but the local response, evidence, gap or actions changed.")
        if not self.changed_count:
            sentences.append("Nothing else changed either.")
        return sentences


def in_date_order(one: Assessment, other: Assessment) -> tuple[Assessment, Assessment]:
    """(earlier, later) by the date assessed, then by when recorded."""
    return (one, other) if (one.assessed_on, one.pk) <= (other.assessed_on, other.pk) else (other, one)


def build_comparison(one: Assessment, other: Assessment, *, reader) -> Comparison:
    """`one` and `other` (of the same framework and area), compared from the
    earlier to the later: every characteristic either has, in the
    framework's order, with the actions `reader` may see
    (GapLink.objects.visible_to). Three queries."""
    earlier, later = in_date_order(one, other)
    responses = {}  # characteristic pk -> [earlier's, later's]
    characteristics = {}
    for response in (
        LocalResponse.objects.filter(assessment__in=[earlier.pk, later.pk])
        .select_related("characteristic__standard")
        .in_order()
    ):
        characteristics.setdefault(response.characteristic_id, response.characteristic)
        pair = responses.setdefault(response.characteristic_id, [None, None])
        pair[0 if response.assessment_id == earlier.pk else 1] = response
    statuses = (
        GapLink.objects.filter(local_response__assessment__in=[earlier.pk, later.pk]).visible_to(reader).statuses()
    )

    def actions(response) -> tuple[str, ...]:
        return tuple(action.name for action in statuses.get(response.pk, [])) if response else ()

    by_standard: dict[int, list[CharacteristicComparison]] = {}
    headings = {}
    for pk, characteristic in characteristics.items():
        before, after = responses[pk]
        texts = []
        for field, label in (("response", "Local response"), ("evidence", "Evidence"), ("gap", "Gap")):
            old, new = (getattr(before, field) if before else ""), (getattr(after, field) if after else "")
            if old.strip() != new.strip():
                texts.append(TextChange(label, old, new, text_diff(old, new, show_removed=True)))
        before_rating, after_rating = (before.rating if before else None), (after.rating if after else None)
        # Missing from the later (compared the other way round): not assessed there.
        moved = rating_moved(before_rating, after_rating) if after else "Not assessed"
        standard = characteristic.standard
        headings[standard.pk] = standard.heading
        by_standard.setdefault(standard.pk, []).append(
            CharacteristicComparison(
                label=characteristic.label,
                anchor=characteristic.anchor,
                text=characteristic.text,
                before=before_rating,
                after=after_rating,
                moved=moved,
                texts=tuple(texts),
                actions_before=actions(before),
                actions_after=actions(after),
            )
        )
    return Comparison(
        earlier_pk=earlier.pk,
        earlier_label=marked_day(earlier, "assessed_on"),
        earlier_is_draft=not earlier.is_published,
        later_pk=later.pk,
        later_label=marked_day(later, "assessed_on"),
        later_is_draft=not later.is_published,
        area=later.area,
        standards=tuple(StandardComparison(headings[pk], tuple(items)) for pk, items in by_standard.items()),
    )
