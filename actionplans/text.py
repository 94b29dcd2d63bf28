"""What text the product accepts, in one place.

Officers paste from Word, e-mail and PDFs, which bring invisible control
characters with them. Those cannot be printed, XML (so Word and Excel)
refuses them, PostgreSQL refuses NUL, and a line break in a one-line field
breaks e-mail headers. So:

- Forms remove control characters from every text field (keeping line
  breaks and tabs in multi-line text, with every line break written "\\n"),
  refuse line breaks in one-line fields, and refuse long text over
  ``settings.SCRUTINY_EVIDENCE_MAX_CHARS`` (under Excel's cell limit), each
  with a message beside the field and the typed text kept (CleanTextMixin).
- The models carry the same rules as validators, so the admin, an import or
  anything else that calls ``full_clean()`` gets them too.
- The renderers remove what their format cannot hold (``clean_text``), since
  older data may still hold it.
"""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.utils import pretty_name

# C0 and C1 control characters except tab, line feed and carriage return;
# DEL; the non-characters U+FFFE and U+FFFF; lone surrogates.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")
# Every way of ending a line that a browser, Word or a Mac may send.
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# Invisible formatting characters (Unicode's category Cf): right-to-left and
# other direction overrides, byte-order marks, zero-width spaces, soft
# hyphens, tags. Nobody types them on purpose into a name or an update, and
# they can disguise text ("\u202egpj.exe" reads as "exe.jpg"). The zero-width
# non-joiner and joiner (U+200C, U+200D) are not among them: Persian, Indic
# scripts and emoji sequences need them. tests/test_bad_input.py holds this
# list to the Unicode database's.
_INVISIBLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b\u200e-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)


def clean_text(value: str) -> str:
    """Multi-line text as stored: line breaks as "\\n", tabs kept, no other
    control characters and no invisible formatting characters."""
    return _INVISIBLE.sub("", _CONTROL.sub("", _LINE_BREAK.sub("\n", value)))


def has_invisible_formatting(value: str) -> bool:
    return bool(_INVISIBLE.search(value))


def one_line(value: str) -> str:
    """Text for one line (an e-mail subject, a running header): every run of
    white space, line breaks included, as one space."""
    return " ".join(clean_text(value).split())


_LONG_RUN = re.compile(r"\S{61,}")


def breakable(value: str) -> str:
    """`value` with an invisible break opportunity (U+200B) every 60
    characters of any run without a space. The PDF wraps a long word
    anywhere anyway (document.css), but finding where takes WeasyPrint
    seconds for a 10,000-character word, and milliseconds with these."""

    def chunked(match):
        run = match.group()
        return "\u200b".join(run[i : i + 60] for i in range(0, len(run), 60))

    return _LONG_RUN.sub(chunked, value)


def has_line_break(value: str) -> bool:
    return bool(_LINE_BREAK.search(value))


def max_chars() -> int:
    """The most characters a long text field holds (settings.py)."""
    return settings.SCRUTINY_EVIDENCE_MAX_CHARS


def too_long_message(label: str, length: int) -> str:
    return f"{label} must be {max_chars():,} characters or fewer; it has {length:,}"


def within_limit(value: str) -> str:
    """`value`, or, if it is longer than the limit (text saved before there
    was one), its beginning and a note saying so. A 2 MiB field took the PDF
    47 s, past the server's timeout."""
    if len(value) <= max_chars():
        return value
    return (
        value[: max_chars()]
        + f" … [Cut short: the full text has {len(value):,} characters, more than the {max_chars():,} a document"
        " prints. A clerk can correct the entry to shorten it.]"
    )


# Model field validators: the same rules for every door ---------------------


def no_control_characters(value) -> None:
    if isinstance(value, str) and _CONTROL.search(value):
        raise ValidationError(
            "Remove the invisible control characters (often pasted in from another program)",
            code="control_characters",
        )


def single_line(value) -> None:
    if isinstance(value, str) and has_line_break(value):
        raise ValidationError("Enter this on one line: remove the line breaks", code="line_break")
    if isinstance(value, str) and has_invisible_formatting(value):
        raise ValidationError(
            "Remove the invisible formatting characters (such as a right-to-left mark), which can disguise text",
            code="invisible_formatting",
        )


def within_max_chars(value) -> None:
    if isinstance(value, str) and len(value) > max_chars():
        raise ValidationError(too_long_message("This text", len(value)), code="long")


# Forms ------------------------------------------------------------------


def _label(form, name) -> str:
    label = form.fields[name].label or pretty_name(name)
    return re.sub(r"\s*\(optional\)$", "", str(label))


class CleanTextMixin:
    """Put first in a form's bases. Every text field (CharField, password
    fields apart) is cleaned before validation: control characters removed,
    line breaks normalised in multi-line fields (those with a Textarea).
    One-line fields refuse line breaks; multi-line fields refuse text longer
    than SCRUTINY_EVIDENCE_MAX_CHARS. Invisible formatting characters are
    removed from both, silently from multi-line text; a one-line field (a
    name, a title) that had any is refused once, so that its author looks
    again at what it now says. Messages name the field; what was typed is
    shown back."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if not self._is_text(field):
                continue
            label = _label(self, name)
            if isinstance(field.widget, forms.Textarea):
                field.validators.append(_LongTextValidator(label))
            else:
                field.validators.append(_OneLineValidator(label))
        self._invisible_removed = set()
        if self.is_bound:
            self.data = self._cleaned_data_of_text_fields()

    def _clean_fields(self):
        super()._clean_fields()
        for name in self._invisible_removed:
            if name not in self._errors:
                self.add_error(
                    name,
                    ValidationError(
                        f"{_label(self, name)} had invisible formatting characters (such as a right-to-left mark), "
                        "which can disguise text. They have been removed: check it and save again",
                        code="invisible_formatting",
                    ),
                )

    @staticmethod
    def _is_text(field) -> bool:
        return isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput)

    def _cleaned_data_of_text_fields(self):
        data = self.data.copy()  # a QueryDict is immutable; its copy is not
        for name, field in self.fields.items():
            key = self.add_prefix(name)
            if not self._is_text(field) or key not in data:
                continue
            if isinstance(field.widget, forms.Textarea):
                clean = clean_text
            else:
                # Line breaks stay, to be refused with a message.
                def clean(value, name=name):
                    if has_invisible_formatting(value):
                        self._invisible_removed.add(name)
                    return _INVISIBLE.sub("", _CONTROL.sub("", value))

            if hasattr(data, "setlist"):
                data.setlist(key, [clean(v) if isinstance(v, str) else v for v in data.getlist(key)])
            elif isinstance(data[key], str):
                data[key] = clean(data[key])
        return data


class _OneLineValidator:
    def __init__(self, label):
        self.label = label

    def __call__(self, value):
        if isinstance(value, str) and has_line_break(value):
            raise ValidationError(f"{self.label} must be on one line: remove the line breaks", code="line_break")


class _LongTextValidator:
    def __init__(self, label):
        self.label = label

    def __call__(self, value):
        if isinstance(value, str) and len(value) > max_chars():
            raise ValidationError(too_long_message(self.label, len(value)), code="long")
