"""Each grade's description is its radio's hint on the officer's update
form, and the achieved grade's hint says it proposes sign-off."""

import re

import pytest
from django.urls import reverse

from actionplans.models.council import PRESETS, GradingScale
from tests.test_approval import plan, signed_in  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def radio_hints(html: str) -> dict[str, str]:
    """Each grade radio's label and the hint it is described by."""
    hints = {}
    for item in re.findall(
        r'<div class="govuk-radios__item">(.*?)</div>\s*</div>|<div class="govuk-radios__item">(.*?)</div>', html, re.S
    ):
        body = item[0] or item[1]
        label = re.search(r"<label[^>]*>(.*?)</label>", body, re.S)
        hint = re.search(r'<div id="([^"]+)" class="govuk-hint govuk-radios__hint">(.*?)$', body, re.S)
        if label and 'name="grade"' in body:
            described = re.search(r'aria-describedby="([^"]+)"', body)
            hints[label.group(1).strip()] = (
                hint.group(2).strip() if hint and described and described.group(1) == hint.group(1) else ""
            )
    return hints


def test_each_grade_s_description_is_its_hint_and_complete_proposes_sign_off(plan, officer):  # noqa: F811
    GradingScale.make("progress", PRESETS["progress"]["rag_complete"][1], by=None, prints="label")
    entry = plan["entries"]["advocates"]
    html = signed_in(officer).get(reverse("update_entry", args=[entry.pk])).content.decode()
    hints = radio_hints(html)
    assert hints["Complete"] == (
        "The action is done. Choosing it proposes the action for sign-off: the committee decides"
    )
    assert hints["Green"] == "On track to be achieved by its target date"
    assert hints["Red"] == "Off track: slipped, with a new target date"


def test_the_default_scale_s_achieved_grade_says_it_proposes_sign_off(plan, officer):  # noqa: F811
    entry = plan["entries"]["advocates"]
    html = signed_in(officer).get(reverse("update_entry", args=[entry.pk])).content.decode()
    hints = radio_hints(html)
    assert hints["1 – Fully Achieved"] == "Choosing it proposes the action for sign-off: the committee decides"
    assert hints["2 – On-Track"] == ""
