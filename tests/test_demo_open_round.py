"""The demo shows the cycle: `manage.py load_demo` (and so `make run`)
leaves the round after its published ones open, so that each demo login
signs in to work of its own: officers with updates to write, the link
officer with one to approve and a draft he has commented on, the clerk with
the round to run. The two published rounds stay as the council's papers
have them; the open round's dates and words are the demo's own, marked."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from docx import Document

from actionplans.demo import demo_password, open_demo_round
from actionplans.models import ILLUSTRATIVE_MARK, CommitteeDecision, Owner, ProgressEntry, Quarter, Review, Round
from tests.documents import body, docx_text

pytestmark = pytest.mark.django_db

MARCH_2021 = datetime.date(2021, 3, 1)
PUBLISHED = ("2020-03", "2020-09")
# Who is responsible for the actions March 2021 carries (1 a) Schools, 1 b)
# the on-line form, 1 f) the group's terms of reference).
WRITING = ("alex.love", "dale.metcalfe", "vanessa.housley", "errol.parks")
SUBMITTED_BY = "dawn.tyerman"


def sign_in(username):
    """Signs in through the form; where it lands, and that page's text."""
    response = Client().post(reverse("login"), {"username": username, "password": demo_password()}, follow=True)
    assert response.status_code == 200
    return response.redirect_chain[-1][0], response.content.decode()


def test_load_demo_leaves_march_2021_open_and_each_login_lands_on_work_to_do(db, capsys):
    call_command("load_demo")
    assert "March 2021 round is open" in capsys.readouterr().out
    review = Review.objects.get()
    round = review.rounds.get(status=Round.Status.OPEN)
    assert round.period == MARCH_2021

    for username in WRITING:
        landed, page = sign_in(username)
        assert landed == reverse("my_updates"), username
        assert "You have no progress updates to write" not in page, username
        assert "Hate Crime: March 2021 progress update" in page, username
        assert "Not started" in page or "Draft" in page, username
        mine = round.entries.owned_by(get_user_model().objects.get(username=username))
        assert mine.filter(status__in=ProgressEntry.WAITING_FOR_OFFICERS).exists(), username
    # Errol Parks's draft carries the link officer's comment.
    assert "New comment" in sign_in("errol.parks")[1]
    # Dawn Tyerman's is submitted: her page shows it waiting.
    landed, page = sign_in(SUBMITTED_BY)
    assert landed == reverse("my_updates")
    assert "Hate Crime: March 2021 progress update" in page and "Submitted" in page

    landed, page = sign_in("marc.stephenson")
    assert landed == reverse("approvals")
    submitted = round.entries.get(status=ProgressEntry.Status.SUBMITTED)
    assert reverse("approve_entry", args=[submitted.pk]) in page  # 1 f), Dawn Tyerman's
    assert "Dawn Tyerman" in page

    landed, page = sign_in("clerk")
    assert landed == reverse("round_detail", args=[round.pk])
    assert "March 2021" in page

    # The plan's coordinator has a lead's update to check.
    landed, page = sign_in("satnam.singh")
    assert landed == reverse("partnership_updates")
    assert "Waiting for you to check" in page and "Officers attended the annual Safeguarding Forum" in page


def test_every_demo_login_lands_on_work_with_its_deadline_ahead(db):
    """Nobody signs in to "nothing to do" or to "Deadline passed": the open
    round's and the open quarters' invented deadlines fall after the day
    the demo is loaded; the people the papers name who have nothing left
    to do have no login."""
    call_command("load_demo")
    today = datetime.date.today()
    round = Round.objects.get(status=Round.Status.OPEN)
    assert today < round.deadline < round.meeting_date
    assert all(quarter.deadline > today for quarter in Quarter.objects.filter(status=Quarter.Status.OPEN))
    logins = get_user_model().objects.filter(is_active=True).order_by("username")
    assert logins.count() > 20
    for user in logins:
        landed, page = sign_in(user.username)
        assert landed != reverse("home"), user.username  # a task's page, not the reviews at large
        assert "Deadline passed" not in page, user.username
        assert "You have no progress updates to write" not in page, user.username
        assert "no updates to write" not in page.lower(), user.username
    assert not get_user_model().objects.filter(username="neil.mitchell").exists()
    assert Owner.objects.get(name="Neil Mitchell").user is None


def test_published_only_loads_the_two_published_rounds_alone(db):
    call_command("load_demo", published_only=True)
    assert sorted(r.status for r in Round.objects.all()) == [Round.Status.PUBLISHED] * 2
    assert sign_in("vanessa.housley")[1].count("You have no progress updates to write") == 1


def published_record(review, client) -> dict:
    """What the two published rounds hold and print: their entries, the
    committee's decisions, the rounds themselves and their papers' words."""
    record = {}
    for period in PUBLISHED:
        round = review.rounds.get(period=datetime.date.fromisoformat(f"{period}-01"))
        record[period, "round"] = Round.objects.filter(pk=round.pk).values().get()
        record[period, "entries"] = list(round.entries.order_by("pk").values())
        record[period, "decisions"] = list(CommitteeDecision.objects.filter(round=round).order_by("pk").values())
        url = reverse("progress_update", args=[review.slug]) + f"?round={period}&format=docx"
        record[period, "paper"] = docx_text(Document(io.BytesIO(body(client.get(url)))))
    return record


def test_the_open_round_leaves_the_published_rounds_as_the_papers_have_them(demo, client):
    client.force_login(get_user_model().objects.get(username="clerk"))
    before = published_record(demo, client)
    assert all(before[period, "paper"] for period in PUBLISHED)
    open_demo_round(demo)
    assert published_record(demo, client) == before


def test_the_open_round_is_marked_and_holds_a_submission_a_commented_draft_and_updates_to_write(demo_served):
    users = get_user_model().objects
    round = demo_served.rounds.get(status=Round.Status.OPEN)
    assert round.period == MARCH_2021
    # Its dates are invented, as the published rounds' are: marked where shown.
    assert round.illustrative == ["meeting_date", "deadline"]
    entries = {entry.action.reference.split(" ", 2)[1]: entry for entry in round.entries.all()}
    assert set(entries) == {"a)", "b)", "f)"}

    submitted = entries["f)"]
    assert submitted.status == ProgressEntry.Status.SUBMITTED and submitted.grade == 1
    assert submitted.submitter_pk() == users.get(username=SUBMITTED_BY).pk
    draft = entries["b)"]
    assert draft.status == ProgressEntry.Status.DRAFT
    (comment,) = draft.thread()
    assert comment.author_name == "Marc Stephenson"
    assert entries["a)"].status == ProgressEntry.Status.NOT_STARTED

    # The words are the demo's: each ends with the mark.
    for text in (
        submitted.evidence_of_progress,
        submitted.evidence_of_impact,
        draft.evidence_of_progress,
        comment.text,
    ):
        assert text.endswith(f" {ILLUSTRATIVE_MARK}")
    # Saved through the verbs, by the people who would have saved them.
    assert round.history.earliest("history_date").history_user == users.get(username="clerk")
    assert submitted.history.latest("history_date").history_user == users.get(username=SUBMITTED_BY)
    assert draft.history.latest("history_date").history_user == users.get(username="errol.parks")
