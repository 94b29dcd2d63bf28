"""The link officer follows updates as they are written (issue 41, item 2):
/approvals/ lists the updates not started, in draft or returned, with who
owns each and a link to its conversation, which shows the update as it
stands and leads back to the list; his comment on a draft reaches the
officer above her form and on her list."""

import pytest
from django.urls import reverse

from actionplans.models import ProgressEntry
from tests import test_evidence
from tests.test_evidence import signed_in, text

pytestmark = pytest.mark.django_db

plan = test_evidence.plan  # the fixture: a review whose link officer is Lin, its round open


def test_the_link_officer_sees_each_update_being_written_with_its_owners_and_comments_on_a_draft(
    plan, officer, link_officer
):
    entry = plan["entry"]
    entry.save_update(by=officer, version=entry.version, submit=False, evidence_of_progress="Workshops planned.")
    lin = signed_in(link_officer)

    listed = lin.get(reverse("approvals")).content.decode()
    being_written = listed.split('id="being-written"')[1]
    conversation = reverse("update_comments", args=[entry.pk])
    assert f'href="{conversation}"' in being_written and entry.action.name in text_of(being_written)
    assert "Cora Colleague" in being_written and "Draft" in being_written

    page = lin.get(conversation)
    assert "The update as it stands" in text(page) and "Workshops planned." in text(page)
    assert f'href="{reverse("approvals")}#being-written"' in page.content.decode()
    answer = lin.post(conversation, {"text": "Add the dates of the workshops, please.", "back": "approve"})
    assert answer.status_code == 302

    olu = signed_in(officer)
    assert "New comment from" in text(olu.get(reverse("my_updates")))
    assert "Add the dates of the workshops" in text(olu.get(reverse("update_entry", args=[entry.pk])))


def test_a_submitted_update_leaves_the_list_being_written_and_its_conversation_leads_to_the_approval(
    plan, officer, link_officer
):
    entry = plan["entry"]
    entry.save_update(by=officer, version=entry.version, submit=True, evidence_of_progress="Workshops held.", grade=2)
    assert ProgressEntry.objects.get(pk=entry.pk).status == ProgressEntry.Status.SUBMITTED
    lin = signed_in(link_officer)
    assert 'id="being-written"' not in lin.get(reverse("approvals")).content.decode()
    page = lin.get(reverse("update_comments", args=[entry.pk])).content.decode()
    assert f'href="{reverse("approve_entry", args=[entry.pk])}"' in page


def text_of(html: str) -> str:
    import re

    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
