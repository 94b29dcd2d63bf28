"""The committee's decisions in a real browser: the clerk records what the
committee decided on September 2020's proposals, a closing without its
reason is refused by the field with the other choices kept, and the next
round carries exactly what the committee left open."""

import datetime

from django.urls import reverse

from actionplans.models import Action, Round
from tests.browser.conftest import assert_accessible, sign_in


def test_the_clerk_records_the_decisions_and_the_next_round_carries_what_was_left_open(page, demo_site):
    september = Round.objects.get(review__slug="hate-crime", period=datetime.date(2020, 9, 1))
    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    online_form = Action.objects.get(strand__startswith="The development of an on-line form")
    membership = Action.objects.get(recommendation__number=1, sub_action__letter="f")
    assert {a.pk for a in Action.objects.carried_into(september)} == {schools.pk, online_form.pk, membership.pk}

    sign_in(page, "clerk")
    page.goto(reverse("review_detail", args=["hate-crime"]))
    page.get_by_role("link", name="Record the committee's decisions on the September 2020 round").click()
    page.wait_for_url(f"**/rounds/{september.pk}/decisions/")
    assert_accessible(page)
    # The officers' grade of 1 proposes sign-off; the page chooses nothing.
    assert page.locator("input[type=radio]:checked").count() == 0

    # All three are graded Fully Achieved: each may be kept open, never carried forward.
    assert page.locator(f"input[name=decision_{online_form.pk}][value=carried]").count() == 0
    page.locator(f"input[name=decision_{schools.pk}][value=kept_open]").check()
    page.locator(f"input[name=decision_{online_form.pk}][value=kept_open]").check()
    page.locator(f"input[name=decision_{membership.pk}][value=closed]").check()
    page.get_by_role("button", name="Publish the decisions").click()

    # Refused: the message by the reason's field and in the summary, the choices kept.
    message = f"Say why the committee closed {membership.reference} unachieved."
    assert page.locator(".govuk-error-summary").inner_text().count(message) == 1
    assert message in page.locator(f"#id_reason_{membership.pk}-error").inner_text()
    assert page.locator(f"input[name=decision_{schools.pk}][value=kept_open]").is_checked()
    assert page.locator(f"input[name=decision_{online_form.pk}][value=kept_open]").is_checked()
    assert page.locator(f"input[name=decision_{membership.pk}][value=closed]").is_checked()
    assert_accessible(page)
    september.refresh_from_db()
    assert september.decisions_published_at is None and not september.decisions.exists()

    page.locator(f"#id_reason_{membership.pk}").fill("Transferred to the Hate Crime Group's action plan")
    page.get_by_role("button", name="Publish the decisions").click()
    assert "The committee's decisions on the September 2020 round are published." in page.inner_text("body")
    assert_accessible(page)

    # The next round carries what the committee left open: the two kept open.
    page.goto(reverse("open_round", args=["hate-crime"]))
    assert "no published decision" not in page.inner_text("body")
    page.locator("#id_month").select_option(label="March")
    page.locator("#id_year").fill("2021")
    page.locator("#id_deadline_day").fill("26")
    page.locator("#id_deadline_month").fill("2")
    page.locator("#id_deadline_year").fill("2021")
    page.locator("#id_meeting_date_day").fill("18")
    page.locator("#id_meeting_date_month").fill("3")
    page.locator("#id_meeting_date_year").fill("2021")
    page.get_by_role("button", name="Open the round").click()
    page.wait_for_url("**/rounds/*/")
    table = page.get_by_role("table", name="Every action the round carries")
    carried = [cell.strip() for cell in table.locator("tbody tr td:first-child").all_inner_texts()]
    assert carried == [schools.name, online_form.name]
    assert_accessible(page)
