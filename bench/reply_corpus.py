"""How much of the reply corpus the service gets right (issue 72): each
reply in tests/reply_corpus.py (every shape officers answer in, the
robots' and the hostile messages) received through receive() on an update
of its own, and compared word for word with what its officer wrote.

    make bench-reply-corpus   (or: .venv/bin/python bench/reply_corpus.py [--smoke])

Prints, of the corpus's replies, how many kept the officer's words
exactly, the right grade, the right files, and an answer that says what
was kept; then each case that went wrong and how. A count, not a timing:
it is the same at any size, and `--smoke` runs it all. Nothing here is
part of the test suite (tests/test_reply_corpus.py holds the service to
every case)."""

import sys

from common import OUT, ROOT, setup_django

for stale in OUT.glob("reply_corpus.sqlite3*"):
    stale.unlink()
setup_django("reply_corpus.sqlite3")
sys.path.insert(0, str(ROOT))

from django.core import mail  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from actionplans.replies import receiving  # noqa: E402
from tests import reply_corpus  # noqa: E402
from tests.reply_corpus import CASES, Judged, answers_to, figures, judge, prepare  # noqa: E402

SETTINGS = {
    "SCRUTINY_REPLY_ADDRESS": "updates@scrutiny.example.gov.uk",
    "SCRUTINY_REPLY_AUTHSERV_ID": "mx.anytown.gov.uk",
    "SCRUTINY_REPLY_SUBMITS": False,
    "SCRUTINY_REPLY_MAX_BYTES": reply_corpus.MAX_BYTES,
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
}


def received(case, where) -> Judged:
    prepared = prepare(case, where)
    mail.outbox = []
    try:
        for raw in prepared.messages:
            receiving.receive(raw)
    except Exception as error:  # a crash is a case wrong in every way
        return Judged(case, False, False, False, False, said=f"crashed: {type(error).__name__}: {error}")
    return judge(prepared, answers_to(prepared, mail.outbox, where.officer))


def main() -> None:
    with override_settings(**SETTINGS):
        where = reply_corpus.setting()
        judged = [received(case, where) for case in CASES]
    print(f"The reply corpus: {len(CASES)} replies (tests/reply_corpus.py)")
    for label, figure in figures(judged).items():
        print(f"  {label}: {figure}")
    for one in judged:
        if not one.right:
            wrong = ", ".join(name for name in ("words", "grade", "files", "answer") if not getattr(one, name))
            print(f"  wrong: {one.case.name}: {wrong}" + (f" ({one.said})" if one.said.startswith("crashed") else ""))


if __name__ == "__main__":
    main()
