"""One reply, received: checked, saved as the officer's draft (or
submitted, or a comment), or refused with an answer saying why."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Received:
    """What became of one message: `outcome` is one of OUTCOMES, `line`
    says it in one line (what `receive_reply` prints)."""

    outcome: str
    line: str

    # saved: a draft; submitted: to the link officer; commented: in the
    # update's conversation; refused: nothing saved, the sender answered;
    # ignored: an automatic reply, not answered; duplicate: seen before.
    OUTCOMES = ("saved", "submitted", "commented", "refused", "ignored", "duplicate")

    @property
    def refused(self) -> bool:
        """Filed among the refused messages rather than the handled ones."""
        return self.outcome == "refused"


def receive(raw: bytes) -> Received:
    """Handle one message (RFC 5322 bytes)."""
    raise NotImplementedError
