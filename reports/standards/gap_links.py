"""Where a page links an action closing a self-assessment's gap: a
partnership action's row in its plan, a scrutiny action's page; nothing
where the reader may not open it. The assessment's page and the standards
dashboard both call gap_action_url, so they cannot disagree."""

from django.urls import reverse

from actionplans import access
from actionplans.models import GapAction
from actionplans.models.partnership import action_anchor


def readable(reader) -> tuple[set[str], set[str]]:
    """(the plans' slugs, the reviews' slugs) `reader` may open: two
    queries, whatever the page shows, so its count never depends on it."""
    plans = access.readable_plan_slugs(reader)
    reviews = set(access.readable_reviews(reader).values_list("slug", flat=True))
    return plans, reviews


def gap_action_url(action: GapAction, *, readable_plans: set[str], readable_reviews: set[str]) -> str:
    """The action's row in its plan's page, or the scrutiny action's page;
    "" where the reader may not open it (readable())."""
    if action.kind == "partnership":
        if action.plan_slug not in readable_plans:
            return ""
        return reverse("partnership_plan", args=[action.plan_slug]) + f"#{action_anchor(action.action_pk)}"
    return reverse("action_story", args=[action.action_pk]) if action.review_slug in readable_reviews else ""
