"""Exempt information (Schedule 12A): a clerk marks a recommendation, an
action or an update with its paragraph, in the history with who; every
document format prints "Exempt information (paragraph N)" in place of its
words, unless a clerk exports the confidential version."""

import datetime
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from docx import Document

from actionplans.models import Action, ProgressEntry, Recommendation
from tests.documents import body, docx_text, pdf_text, squash
from tests.factories import store_public_copies

pytestmark = pytest.mark.django_db


def text_of(fmt: str, data: bytes) -> str:
    """The document's words as a reader's software reads them back."""
    if fmt == "pdf":
        return pdf_text(data)
    if fmt == "docx":
        return docx_text(Document(io.BytesIO(data)))
    if fmt == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        return "\n".join(
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value
        )
    return data.decode()


@pytest.fixture
def marked(demo):
    """Recommendation 4, 1 b)'s on-line form and 1 a) Frontline staff's March
    2020 update, marked exempt by the demo's clerk; March 2020's public copy
    made anew, as the worker would."""
    clerk = get_user_model().objects.get(username="clerk")
    rec = Recommendation.objects.get(review=demo, number=4)
    online = Action.objects.get(strand__startswith="The development of an on-line form")
    frontline = ProgressEntry.objects.get(action__strand="Frontline staff", round__period=datetime.date(2020, 3, 1))
    rec.mark_exempt(1, by=clerk)
    online.mark_exempt(3, by=clerk)
    frontline.mark_exempt(7, by=clerk)
    store_public_copies(frontline.round)
    return {
        "review": demo,
        "rec": rec,
        "online": online,
        "frontline": frontline,
        # A line of each one's words long enough to tell apart.
        "words": [
            rec.text.splitlines()[0][:60],
            online.agreed_action.splitlines()[0][:60],
            frontline.evidence_of_progress.splitlines()[0][:60],
        ],
    }


def test_a_clerk_marks_an_action_exempt_and_the_history_says_who_and_why(demo, clerk, client):
    action = Action.objects.get(strand="Younger men")
    client.force_login(clerk)
    page = client.get(reverse("exempt_information", args=[demo.slug]))
    assert "1 a) Younger men" in page.content.decode()
    url = reverse("mark_exempt", args=["action", action.pk])
    form = client.get(url).content.decode()
    assert "Paragraph 3: Information relating to the financial or business affairs" in form
    response = client.post(url, {"paragraph": "3"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("exempt_information", args=[demo.slug])
    assert "Recommendation 1 a) Younger men is now Exempt information (paragraph 3)." in response.content.decode()
    action.refresh_from_db()
    assert action.exempt_paragraph == 3 and action.exempt_notice == "Exempt information (paragraph 3)"
    latest = action.history.first()
    assert latest.history_user == clerk
    assert latest.history_change_reason == "Exempt information (paragraph 3)"
    # And public again.
    client.post(url, {"paragraph": "none"})
    action.refresh_from_db()
    assert action.exempt_paragraph is None
    assert action.history.first().history_change_reason == "No longer exempt information"


@pytest.mark.parametrize("kind", ["recommendation", "update"])
def test_a_clerk_marks_a_recommendation_or_an_update_exempt(kind, demo, administrator, client):
    thing = (
        Recommendation.objects.get(review=demo, number=2)
        if kind == "recommendation"
        else ProgressEntry.objects.filter(round__review=demo).first()
    )
    client.force_login(administrator)
    client.post(reverse("mark_exempt", args=[kind, thing.pk]), {"paragraph": "5"})
    thing.refresh_from_db()
    assert thing.exempt_paragraph == 5 and thing.history.first().history_user == administrator


def test_choosing_nothing_says_what_to_choose_and_saves_nothing(demo, clerk, client):
    action = Action.objects.get(strand="Younger men")
    client.force_login(clerk)
    before = action.history.count()
    response = client.post(reverse("mark_exempt", args=["action", action.pk]), {"paragraph": "8"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in text
    assert text.count("Select whether it is exempt information, and under which paragraph") == 2
    assert action.history.count() == before


def test_an_unknown_kind_is_not_found(demo, clerk, client):
    client.force_login(clerk)
    assert client.get(reverse("mark_exempt", args=["review", demo.pk])).status_code == 404


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx", "html"])
def test_every_format_prints_the_notice_in_place_of_exempt_words(fmt, marked, councillor, client):
    client.force_login(councillor)
    url = reverse("progress_update", args=[marked["review"].slug])
    response = client.get(url, {"round": "2020-03", "format": fmt, "confidential": "on"}, follow=True)
    text = squash(text_of(fmt, body(response)))
    for paragraph in (1, 3, 7):
        assert squash(f"Exempt information (paragraph {paragraph})") in text, (fmt, paragraph)
    for words in marked["words"]:
        assert squash(words) not in text, (fmt, words)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx", "html"])
def test_the_clerks_confidential_version_prints_the_words(fmt, marked, clerk, client):
    client.force_login(clerk)
    url = reverse("progress_update", args=[marked["review"].slug])
    response = client.get(url, {"round": "2020-03", "format": fmt, "confidential": "on"}, follow=True)
    text = squash(text_of(fmt, response.content))
    for words in marked["words"]:
        assert squash(words) in text, (fmt, words)
    assert squash("Exempt information (paragraph 3)") not in text


def test_only_clerks_are_offered_the_confidential_version(demo, clerk, councillor, client):
    url = reverse("progress_update", args=[demo.slug])
    client.force_login(councillor)
    assert "confidential version" not in client.get(url).content.decode()
    client.force_login(clerk)
    assert "Print the exempt information (the confidential version)" in client.get(url).content.decode()


def test_the_review_page_shows_clerks_the_words_and_others_the_notice(marked, clerk, councillor, client):
    url = reverse("review_detail", args=[marked["review"].slug])
    client.force_login(councillor)
    page = squash(client.get(url).content.decode())
    assert squash("Exempt information (paragraph 3)") in page
    assert squash(marked["words"][1]) not in page
    client.force_login(clerk)
    page = client.get(url).content.decode()
    assert squash(marked["words"][1]) in squash(page)
    assert reverse("exempt_information", args=[marked["review"].slug]) in page


def test_the_public_round_page_prints_the_notices(marked, client, settings):
    settings.SCRUTINY_PUBLIC_PAGES = True
    page = squash(client.get(reverse("public_round", args=[marked["review"].slug, "2020-03"])).content.decode())
    for paragraph in (1, 3, 7):
        assert squash(f"Exempt information (paragraph {paragraph})") in page
    for words in marked["words"]:
        assert squash(words) not in page


def test_what_changed_is_left_out_of_the_public_version_of_a_review_holding_exempt_information(marked):
    from actionplans.models import Round
    from reports.progress_update.builder import build_progress_update

    review = marked["review"]
    rounds = list(Round.objects.filter(review=review, status=Round.Status.PUBLISHED))
    since = min(r.meeting_date for r in rounds)
    public = build_progress_update(review, rounds=rounds, changes_since=since)
    confidential = build_progress_update(review, rounds=rounds, changes_since=since, confidential=True)
    assert public.changes is None and confidential.changes is not None


def test_the_confidential_version_says_not_for_publication_on_every_page_and_in_its_name(marked, clerk, client):
    """So a clerk cannot put it in the public agenda pack by mistake."""
    import io

    import openpyxl
    from docx import Document

    client.force_login(clerk)
    url = reverse("progress_update", args=[marked["review"].slug])
    files = {
        fmt: client.get(url, {"round": "2020-03", "format": fmt, "confidential": "on"})
        for fmt in ("pdf", "docx", "xlsx")
    }
    for fmt, response in files.items():
        assert response["Content-Disposition"].endswith(f'-2020-03-not-for-publication.{fmt}"'), fmt
    marking = "NOT FOR PUBLICATION: exempt information (Schedule 12A)"
    assert squash(text_of("pdf", files["pdf"].content)).count(squash(marking)) >= 2  # every page
    assert marking in Document(io.BytesIO(files["docx"].content)).sections[0].header.paragraphs[0].text
    sheet = openpyxl.load_workbook(io.BytesIO(files["xlsx"].content)).worksheets[0]
    assert marking in sheet.oddHeader.center.text
    public = client.get(url, {"round": "2020-03", "format": "pdf"})
    assert public["Content-Disposition"].endswith('-2020-03.pdf"')
    assert squash(marking) not in squash(text_of("pdf", body(public)))


@pytest.mark.parametrize("latest_only", [False, True], ids=["the document", "the review page's reading"])
def test_an_exempt_updates_owners_are_not_the_actions_responsibility_in_the_public_version(marked, latest_only):
    """Withholding an exempt update blanks who it named: the action's
    Responsibility does not print them either, in the public version; the
    clerk's confidential version does."""
    from actionplans.models import EntryResponsibility, Owner, Round
    from reports.progress_update.builder import build_progress_update

    frontline = marked["frontline"]
    secret = Owner.objects.create(name="Secret Person")
    EntryResponsibility.objects.create(entry=frontline, owner=secret, position=9)
    rounds = list(Round.objects.filter(review=marked["review"], period__lte=frontline.round.period).order_by("period"))

    def responsibility(confidential: bool) -> tuple:
        document = build_progress_update(
            marked["review"], rounds=rounds, confidential=confidential, latest_only=latest_only
        )
        (action,) = [a for a in document.actions if a.strand == "Frontline staff"]
        return action.responsibility

    assert "Secret Person" in responsibility(confidential=True)
    public = responsibility(confidential=False)
    assert "Secret Person" not in public
    assert public, "the public version still names who was responsible, as a round not withheld recorded it"
