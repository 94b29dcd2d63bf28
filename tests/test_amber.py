"""Amber is among a grade's colours, its tag's text readable on its tint
(WCAG AA: 4.5:1), its chart colour 3:1 against white like the others."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from actionplans.models.council import COLOURS, PRESETS, GradingScale, current_scale

SCSS = Path(__file__).resolve().parent.parent / "static" / "scss" / "app.scss"


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_amber_tag_s_text_has_aa_contrast_on_its_tint():
    rule = re.search(r"\.govuk-tag--amber\s*\{([^}]*)\}", SCSS.read_text())
    assert rule, "app.scss styles the amber tag"
    text = re.search(r"(?<!-)color:\s*(#[0-9a-f]{6})", rule.group(1)).group(1)
    tint = re.search(r"background-color:\s*(#[0-9a-f]{6})", rule.group(1)).group(1)
    assert contrast(text, tint) >= 4.5
    assert contrast(COLOURS["amber"][1], "#ffffff") >= 3
    assert ".app-swatch--amber" in SCSS.read_text()


@pytest.mark.django_db
def test_an_administrator_can_colour_a_grade_amber_and_it_prints_in_an_amber_tag(client, administrator):
    client.force_login(administrator)
    page = client.get(reverse("change_grading_scale", args=["progress"])).content.decode()
    assert '<option value="amber">Amber</option>' in page
    GradingScale.make("progress", PRESETS["progress"]["rag_complete"][1], by=administrator, prints="label")
    assert current_scale().at(3).colour == "amber"
    page = client.get(reverse("council_settings")).content.decode()
    assert '<strong class="govuk-tag govuk-tag--amber">Amber</strong>' in page
