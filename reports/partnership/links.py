"""The plan side of the links between scrutiny reviews and partnership plans:
what each partnership action delivers ("Delivers: Hate Crime review,
Recommendation 1 a) Schools, Colleges and Universities"), for the plan's
page and its dashboard. Only readers of the scrutiny reviews see it: a
partner lead, who reads the plan and not the reviews, sees nothing of it."""

from dataclasses import dataclass

from django.urls import reverse

from actionplans.models import Delivery


@dataclass(frozen=True)
class Delivers:
    label: str  # "Hate Crime review, Recommendation 1 a) Frontline staff"
    url: str  # the scrutiny action's page, or the review's


def delivers(partnership_actions, reader) -> dict[int, list[Delivers]]:
    """For each of `partnership_actions` (by pk), what it delivers of the
    reviews `reader` reads. One query, however many actions: call it once
    for the page, then look each action up (template include
    reports/includes/delivers.html with delivers=<its list>)."""
    links = Delivery.objects.visible_to(reader).delivers(partnership_actions)
    return {
        pk: [
            Delivers(
                label=link.delivers_label,
                url=reverse("action_story", args=[link.action_id])
                if link.action_id
                else reverse("review_detail", args=[link.review.slug]),
            )
            for link in shown
        ]
        for pk, shown in links.items()
    }
