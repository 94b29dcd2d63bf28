"""A text against its earlier version, as a reader takes it in: the new
words marked among a little of the unchanged text around them; where most
of it is new, the whole of it as rewritten (text_diff()). What changed
between two meetings shows new evidence and corrections so
(reports/changes/), and the comparison of two self-assessments their texts
(reports/standards/compare.py)."""

import difflib
import re
from dataclasses import dataclass

from actionplans import richtext

# Unchanged words kept either side of new evidence; longer runs are elided.
CONTEXT_WORDS = 12


@dataclass(frozen=True)
class Piece:
    """A run of a text against its earlier version: new words, unchanged
    ones, or (in a correction's change alone) words it removed."""

    text: str
    is_new: bool
    removed: bool = False


@dataclass(frozen=True)
class Diff:
    """A text against its earlier version, as a reader takes it in: the new
    words marked among a little of the unchanged text around them; where
    most of it is new, `rewritten` and the whole text in one unmarked piece;
    `removed` where earlier words are gone."""

    pieces: tuple[Piece, ...] = ()
    rewritten: bool = False
    removed: bool = False  # earlier words gone and not shown: said

    def __bool__(self) -> bool:
        return bool(self.pieces) or self.removed

    @property
    def marks_new(self) -> bool:
        return not self.rewritten and any(piece.is_new for piece in self.pieces)

    @property
    def marks_removed(self) -> bool:
        return any(piece.removed for piece in self.pieces)

    @property
    def plain(self) -> str:
        """For a spreadsheet cell: 'New: … the new words …', 'Rewritten: …',
        'Removed: … the words removed …'."""
        if self.rewritten:
            said = "Rewritten: " + "".join(piece.text for piece in self.pieces).strip()
        else:

            def words(pieces):
                return " … ".join(piece.text.strip() for piece in pieces if piece.text.strip())

            new = words(piece for piece in self.pieces if piece.is_new)
            gone = words(piece for piece in self.pieces if piece.removed)
            said = " ".join(part for part in (f"New: {new}" if new else "", f"Removed: {gone}" if gone else "") if part)
        if self.removed:
            said = f"{said} {REMOVED}" if said else REMOVED[1:-1].capitalize()
        return said


# Said where a text lost earlier words, after its new ones.
REMOVED = "(some earlier text removed)"


# The share of a text's words that, new, make it read as rewritten.
REWRITTEN_SHARE = 0.6


def evidence_pieces(before: str, after: str) -> tuple[Piece, ...]:
    """`after` in pieces, the words not in `before` marked new; long runs of
    unchanged words are cut to their ends, so the old text is not repeated
    in full. Both read as plain text (paragraphs, '•' bullets)."""
    if before == after:
        return ()
    old = re.findall(r"\S+\s*", richtext.to_plain(before))
    new = re.findall(r"\S+\s*", richtext.to_plain(after))
    return _pieces(old, new, _word_opcodes(old, new))


def _pieces(old: list[str], new: list[str], opcodes, *, show_removed=False, context=CONTEXT_WORDS) -> tuple[Piece, ...]:
    """evidence_pieces() of `new` against `old` (their words, each with the
    space after it) from the opcodes of their diff (_word_opcodes());
    `show_removed`: the words removed too, each run before the new words
    that replaced it; `context`: the unchanged words kept either side."""
    runs = _runs(old, new, opcodes)

    def shows(run) -> bool:
        # A change the reader sees: new words, or words removed where shown.
        return run[0] and bool(run[2] or (show_removed and run[1]))

    if not any(shows(run) for run in runs):
        return ()
    merged = _merged(runs, shows)
    pieces = []
    last = len(merged) - 1
    for n, (changed, removed, added) in enumerate(merged):
        if changed:
            if show_removed and removed.strip():
                pieces.append(Piece(removed, False, removed=True))
            if added:
                pieces.append(Piece(added, True))
            continue
        pieces.append(Piece(_unchanged_words(added, n == 0, n == last, context), False))
    return tuple(pieces)


def _runs(old: list[str], new: list[str], opcodes) -> list[list]:
    """Runs of unchanged words and of changes, each [changed, removed, added]."""
    runs = []
    for tag, i1, i2, j1, j2 in opcodes:
        changed = tag != "equal"
        removed, added = ("".join(old[i1:i2]) if changed else ""), "".join(new[j1:j2])
        if runs and runs[-1][0] == changed:
            runs[-1][1] += removed
            runs[-1][2] += added
        else:
            runs.append([changed, removed, added])
    return runs


def _merged(runs: list[list], shows) -> list[list]:
    """`runs` with a word or two in common inside changed text ('in', 'the')
    made the new text's own: marked with it, so the reader sees phrases,
    not confetti. `shows`: whether a run is a change the reader sees."""
    merged, between = [], ""
    for run in runs:
        short = not run[0] and len(run[2].split()) < 3
        if merged and shows(merged[-1]) and (shows(run) or short):
            last = merged[-1]
            if run[0]:
                last[1] += (between if last[1] and run[1] else "") + run[1]
                last[2] += run[2]
                between = ""
            else:
                last[2] += run[2]
                between += run[2]
            continue
        between = ""
        if len(merged) == 1 and not merged[0][0] and len(merged[0][2].split()) < 3 and shows(run):
            merged[0] = [True, run[1], merged[0][2] + run[2]]  # a word or two before the first change
            continue
        merged.append(list(run))
    return merged


def _unchanged_words(text: str, first: bool, last: bool, context: int) -> str:
    """Unchanged words between changes, cut to `context` words either side
    of them: before the first change its end alone, after the last its
    start alone."""
    words = re.findall(r"\S+\s*", text)
    if first:
        return ("… " if len(words) > context else "") + "".join(words[-context:])
    if last:
        return "".join(words[:context]) + (" …" if len(words) > context else "")
    if len(words) > 2 * context:
        return "".join(words[:context]) + "… " + "".join(words[-context:])
    return text


def _lines(words: list[str]) -> list[tuple[int, int]]:
    """The (start, end) of each line (a paragraph or a bullet) in `words`,
    each word with the space after it."""
    lines, start = [], 0
    for n, word in enumerate(words):
        if "\n" in word:
            lines.append((start, n + 1))
            start = n + 1
    if start < len(words):
        lines.append((start, len(words)))
    return lines


def _word_opcodes(old: list[str], new: list[str]):
    """(tag, i1, i2, j1, j2) over `old`'s and `new`'s words, as difflib's
    opcodes of a word-by-word diff say them ("equal", "insert", "replace",
    "delete"), runs of the same tag possibly split in two. Lines are matched
    first and words only within the lines that differ: an update that keeps
    a paragraph and adds one is diffed by its lines alone (a word-by-word
    diff of two 200-word texts takes 0.2 ms, and a committee's page makes
    one per action)."""
    a, b = [w.strip() for w in old], [w.strip() for w in new]
    old_lines, new_lines = _lines(old), _lines(new)
    by_line = difflib.SequenceMatcher(
        a=[tuple(a[start:end]) for start, end in old_lines],
        b=[tuple(b[start:end]) for start, end in new_lines],
        autojunk=False,
    )

    def span(lines, first, after, total):
        start = lines[first][0] if first < len(lines) else total
        return start, (lines[after - 1][1] if after > first else start)

    for tag, i1, i2, j1, j2 in by_line.get_opcodes():
        old_lo, old_hi = span(old_lines, i1, i2, len(old))
        lo, hi = span(new_lines, j1, j2, len(new))
        if tag != "replace":
            yield tag, old_lo, old_hi, lo, hi
            continue
        by_word = difflib.SequenceMatcher(a=a[old_lo:old_hi], b=b[lo:hi], autojunk=False)
        for word_tag, k1, k2, m1, m2 in by_word.get_opcodes():
            yield word_tag, old_lo + k1, old_lo + k2, lo + m1, lo + m2


def text_diff(before: str, after: str, *, show_removed: bool = False, context: int = CONTEXT_WORDS) -> Diff:
    """`after` against `before` (evidence_pieces()): most of it new, the
    whole of it, rewritten; earlier words gone, said. `show_removed`, for a
    correction of a published paper: the words it removed shown (struck
    through), never the whole text as rewritten; `context`: the unchanged
    words kept either side of a change."""
    if before == after:
        return Diff()
    old = re.findall(r"\S+\s*", richtext.to_plain(before))
    new = re.findall(r"\S+\s*", richtext.to_plain(after))
    opcodes = list(_word_opcodes(old, new))
    if show_removed:
        return Diff(_pieces(old, new, opcodes, show_removed=True, context=context))
    kept = sum(j2 - j1 for tag, _, _, j1, j2 in opcodes if tag == "equal")
    removed = kept < len(old)
    if new and old and (len(new) - kept) / len(new) > REWRITTEN_SHARE:
        return Diff((Piece(richtext.to_plain(after), False),), rewritten=True, removed=False)
    return Diff(_pieces(old, new, opcodes, context=context), removed=removed)
