"""Who sees what of the standards pages: a review still being set up is the
clerks' alone, so an action of its plan linked to a gap never shows a
reader its review's title or its agreed action, on any page or document;
partner leads are refused every standards page; drafts are not found by
those who do not build plans."""

import datetime
import io
import re

import docx
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actionplans.models import Assessment, Framework, GapLink, Review
from actionplans.standards.forms import scrutiny_action_choices
from tests.documents import docx_text, squash
from tests.factories import make_action, make_recommendation, make_review

pytestmark = pytest.mark.django_db

SLUG = "north-east-hate-incident-standards"
SECRET_REVIEW = "Undisclosed Draft Inquiry"
SECRET_ACTION = "Quietly commission the unannounced audit."


def text(response) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    return squash(re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'").replace("&amp;", "&"))


@pytest.fixture
def draft_action():
    review = make_review(title=SECRET_REVIEW, status=Review.Status.SETTING_UP)
    return make_action(make_recommendation(review), agreed_action=SECRET_ACTION)


@pytest.fixture
def published_pair(demo, rated_assessment, clerk, draft_action):
    """The demo's published assessment, and a later one started from it,
    published, with a gap linked to `draft_action` (as a link made before
    the rule, or through the admin, would be): the comparison shows the
    gap's actions changed."""
    first = Framework.objects.get(slug=SLUG).assessments.get()
    later = Assessment.objects.start(
        framework=first.framework, assessed_on=datetime.date(2021, 3, 1), start_from=first, by=clerk
    )
    GapLink.objects.create(
        local_response=later.responses.with_gaps().in_order().first(), action=draft_action, position=99
    )
    later.publish(by=clerk)
    return first, later


def pages(first, later) -> list[str]:
    dashboard = reverse("standards_dashboard", args=[SLUG])
    appendix_file = reverse("assessment_appendix_file", args=[later.pk])
    return [
        reverse("assessment_detail", args=[later.pk]),
        f"{dashboard}?area=council&assessment={later.pk}",
        reverse("compare_assessments", args=[later.pk]) + f"?with={first.pk}",
        reverse("assessment_appendix", args=[later.pk]),
        f"{appendix_file}?format=docx",
    ]


def words(client, url) -> str:
    """What the reader reads there, without white space (tests.documents.squash)."""
    response = client.get(url)
    assert response.status_code == 200, url
    if "format=docx" in url:
        return squash(docx_text(docx.Document(io.BytesIO(response.content))))
    return text(response)


def test_an_action_of_a_review_being_set_up_never_shows_to_a_councillor(client, councillor, clerk, published_pair):
    client.force_login(clerk)
    for url in pages(*published_pair)[:4]:  # the clerk, who reads the draft review, sees it: the test can fail
        assert squash(SECRET_REVIEW) in words(client, url), url
    client.force_login(councillor)
    for url in pages(*published_pair):
        said = words(client, url)
        assert squash(SECRET_REVIEW) not in said and squash(SECRET_ACTION) not in said, url


def test_a_review_being_set_up_offers_none_of_its_actions_and_the_verbs_refuse_them(
    rated_assessment, clerk, demo, draft_action
):
    assert draft_action not in scrutiny_action_choices()
    draft_action.recommendation.review.status = Review.Status.MONITORING
    draft_action.recommendation.review.save()
    assert draft_action in scrutiny_action_choices()
    draft_action.recommendation.review.status = Review.Status.SETTING_UP
    draft_action.recommendation.review.save()

    published = Framework.objects.get(slug=SLUG).assessments.get()
    draft = Assessment.objects.start(
        framework=published.framework, assessed_on=datetime.date(2021, 3, 1), start_from=published, by=clerk
    )
    response = draft.responses.with_gaps().in_order().first()
    before = list(GapLink.objects.filter(local_response=response).values_list("pk", flat=True))
    with pytest.raises(ValidationError, match="still being set up"):
        response.record(
            by=clerk, version=response.version, response="Changed.", rating=response.rating, evidence="",
            gap=response.gap, actions=[draft_action],
        )  # fmt: skip
    response.refresh_from_db()
    assert response.response != "Changed."  # nothing half-saved
    assert list(GapLink.objects.filter(local_response=response).values_list("pk", flat=True)) == before
    with pytest.raises(ValidationError, match="still being set up"):
        GapLink.objects.set_for(response, [draft_action], by=clerk)


def closing_links(html: str) -> dict[str, str]:
    """Each linked action closing a gap: its name -> where the page links it."""
    links = re.findall(r'<a class="govuk-link" href="([^"]*)">([^<]*(?:review|Plan)[^<]*, [^<]+)</a>', html)
    return {name.replace("&#x27;", "'"): href for href, name in links}


def test_the_dashboard_links_each_gap_action_where_the_assessment_page_does(rated_assessment, client, demo, councillor):
    published = Framework.objects.get(slug=SLUG).assessments.get()
    client.force_login(councillor)
    page = client.get(reverse("assessment_detail", args=[published.pk])).content.decode()
    dashboard = reverse("standards_dashboard", args=[SLUG])
    board = client.get(f"{dashboard}?area=council&assessment={published.pk}").content.decode()
    on_page, on_board = closing_links(page), closing_links(board)
    assert any("#" in href for href in on_page.values())  # a partnership action's own row in its plan
    assert any("/actions/" in href or "action" in href for href in on_page.values())
    # The same places; the board's link also carries a partnership action's
    # words after its number (issue 28), where the page prints them below.
    assert on_board and all(
        any(href == linked and name.startswith(named) for named, linked in on_page.items())
        for name, href in on_board.items()
    ), (on_board, on_page)


# Every standards address: a partner lead is refused (403), and a draft is not found (404) by a councillor.


def every_url(framework, assessment) -> dict[str, str]:
    """Each standards URL name (both urls modules) -> its address for
    `framework` and `assessment` (a level, standard, characteristic and
    response of theirs where the address names one)."""
    from actionplans.standards import urls as setup_urls
    from reports.standards import urls as reader_urls

    objects = {
        "level": framework.levels.first().pk,
        "standard": framework.standards.first().pk,
        "characteristic": framework.characteristics().first().pk,
    }
    urls = {}
    for pattern in [*setup_urls.urlpatterns, *reader_urls.urlpatterns]:
        route, kwargs = str(pattern.pattern), {}
        if "<slug:slug>" in route:
            kwargs["slug"] = framework.slug
        if "<int:response>" in route:
            kwargs["response"] = assessment.responses.first().pk
        if "<int:pk>" in route:
            if route.startswith("assessments/"):
                kwargs["pk"] = assessment.pk
            else:
                kwargs["pk"] = next(pk for kind, pk in objects.items() if f"/{kind}" in route)
        url = reverse(pattern.name, kwargs=kwargs)
        urls[pattern.name] = url + ("?format=pdf" if pattern.name == "assessment_appendix_file" else "")
    return urls


@pytest.fixture
def draft(demo, clerk):
    published = Framework.objects.get(slug=SLUG).assessments.get()
    return Assessment.objects.start(
        framework=published.framework, assessed_on=datetime.date(2021, 3, 1), start_from=published, by=clerk
    )


def test_a_partner_lead_is_refused_every_standards_page(client, partner_lead, draft):
    client.force_login(partner_lead)
    for assessment in (draft.started_from, draft):
        urls = every_url(draft.framework, assessment)
        assert len(urls) == 25
        for name, url in urls.items():
            assert client.get(url).status_code == 403, name


DRAFT_PAGES = ("assessment_detail", "assessment_appendix", "assessment_appendix_file", "compare_assessments")


def test_a_councillor_does_not_find_a_drafts_pages(client, councillor, clerk, draft):
    urls = every_url(draft.framework, draft)
    client.force_login(clerk)
    for name in DRAFT_PAGES:  # they are there, for the clerk
        assert client.get(urls[name]).status_code == 200, name
    client.force_login(councillor)
    for name in DRAFT_PAGES:
        assert client.get(urls[name]).status_code == 404, name
