"""Quote detection measured on the reply corpus (issue 72, item 1): our
own rules (actionplans/replies/reading.py) beside quotequail's, the
library that marks quoted and unquoted runs of a message's plain text.

    PYTHONPATH=<a folder with quotequail installed> .venv/bin/python bench/quote_detection.py

quotequail is not one of the service's dependencies: install it where you
like (`uv pip install --target /tmp/quotequail quotequail`) and name the
folder. For each reply of tests/reply_corpus.py that has an officer's
words, both are given its plain text; a split is right when every text
the officer wrote is in what is kept, and no line of the quoted reminder
is. Prints the count for each, and the cases each got wrong."""

import email
import email.policy
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.settings")

try:
    import quotequail
except ImportError:
    sys.exit("quotequail is not installed: see this script's docstring.")

from actionplans.replies.reading import read_message  # noqa: E402
from tests.reply_corpus import CASES  # noqa: E402
from tests.reply_mail import REMINDER  # noqa: E402

TO, SENDER = "updates+x@scrutiny.example.gov.uk", "Vanessa Housley <vanessa.housley@anytown.gov.uk>"
# Lines of the reminder that no officer writes.
REMINDER_LINES = [line for line in REMINDER.split("\n") if len(line) > 30]


def squeezed(text: str) -> str:
    return " ".join(re.sub(r"^[>\s]+", "", text, flags=re.M).split())


def right(case, kept: str) -> bool:
    kept = " ".join(kept.split())
    wanted = [squeezed(text) for text in (case.progress, case.impact, case.explanation) if text]
    return all(text in kept for text in wanted) and not any(" ".join(line.split()) in kept for line in REMINDER_LINES)


def plain_text(raw: bytes) -> str:
    body = email.message_from_bytes(raw, policy=email.policy.default).get_body(preferencelist=("plain",))
    return body.get_content() if body is not None else ""


def library(raw: bytes) -> str:
    return "\n".join(text for shown, text in quotequail.quote(plain_text(raw)) if shown)


def main() -> None:
    cases = [case for case in CASES if case.kept and (case.progress or case.impact) and not case.co_owner_first]
    scores = {"ours (reading.py)": [], f"quotequail {quotequail.__version__}": []}
    for case in cases:
        raw = case.build(TO, SENDER)
        for name, words in zip(scores, (read_message(raw).words, library(raw)), strict=True):
            scores[name].append((case.name, right(case, words)))
    print(f"Quote detection on the reply corpus: {len(cases)} replies with an officer's words")
    for name, results in scores.items():
        print(f"  {name}: {sum(ok for _, ok in results)}/{len(results)} right")
        for case, ok in results:
            if not ok:
                print(f"    wrong: {case}")


if __name__ == "__main__":
    main()
