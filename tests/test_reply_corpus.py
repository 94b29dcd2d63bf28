"""The corpus of replies (tests/reply_corpus.py), every shape officers
answer in and the robots' and hostile messages, held to what each officer
wrote word for word, through receive() one at a time and through the
mailbox all at once (issue 72)."""

import pytest
from django.core import mail

from actionplans.replies import receiving
from actionplans.replies.mailbox import fetch_replies
from tests import reply_corpus
from tests.reply_corpus import CASES, answers_to, judge, prepare
from tests.replying import REPLIES_ON


@pytest.fixture
def corpus_settings(settings):
    settings.SCRUTINY_REPLY_ADDRESS = REPLIES_ON["SCRUTINY_REPLY_ADDRESS"]
    settings.SCRUTINY_REPLY_AUTHSERV_ID = "mx.anytown.gov.uk"  # as tests/reply_mail.py's delivered() writes
    settings.SCRUTINY_REPLY_SUBMITS = False
    settings.SCRUTINY_REPLY_MAX_BYTES = reply_corpus.MAX_BYTES
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


def described(judged) -> str:
    return f"{judged.case.name}: {judged}\nanswers:\n{judged.said}"


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_reply_keeps_the_officers_words_grade_and_files_and_is_answered_truly(db, corpus_settings, case):
    where = reply_corpus.setting()
    prepared = prepare(case, where)
    mail.outbox = []
    for raw in prepared.messages:
        receiving.receive(raw)

    judged = judge(prepared, answers_to(prepared, mail.outbox, where.officer))

    assert judged.right, described(judged)


@pytest.mark.django_db
def test_the_whole_corpus_read_from_the_mailbox_comes_out_the_same(corpus_settings, reply_mailbox):
    where = reply_corpus.setting()
    prepared = [prepare(case, where) for case in CASES]
    reply_mailbox.deliver_all([raw for one in prepared for raw in one.messages])
    mail.outbox = []

    fetch_replies()

    wrong = [judge(one, answers_to(one, mail.outbox, where.officer)) for one in prepared]
    assert [described(one) for one in wrong if not one.right] == []
