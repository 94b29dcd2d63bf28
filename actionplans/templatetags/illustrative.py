"""The demo's mark on a value it invents, beside the value
(common.is_illustrative): `{{ round.meeting_date|date:"j F Y" }}{%
illustrative round "meeting_date" %}` prints "24 September 2020
(illustrative)" for the demo's invented date, the date alone for a
council's own."""

from django import template
from django.utils.html import format_html
from django.utils.text import Truncator

from actionplans.models import ILLUSTRATIVE_MARK, is_illustrative, marked_if
from actionplans.models.common import split_mark

register = template.Library()


@register.simple_tag
def illustrative(record, field: str) -> str:
    if not is_illustrative(record, field):
        return ""
    return format_html(' <span class="app-illustrative" data-illustrative>{}</span>', ILLUSTRATIVE_MARK)


@register.simple_tag
def illustrative_if(invented: bool) -> str:
    """The mark, where a value read from elsewhere (a Clock's day) is invented."""
    if not invented:
        return ""
    return format_html(' <span class="app-illustrative" data-illustrative>{}</span>', ILLUSTRATIVE_MARK)


@register.simple_tag
def illustrative_words(record, field: str) -> str:
    """The mark as plain words, for an e-mail's text."""
    return f" {ILLUSTRATIVE_MARK}" if is_illustrative(record, field) else ""


@register.filter
def excerpt(text, words):
    """Its first `words` words with " …" where it is cut, as Django's
    truncatewords, and the demo's mark after them where the text ends
    with it (common.split_mark): shortening never leaves the mark off."""
    text, mark = split_mark(str(text or ""))
    return marked_if(Truncator(text).words(int(words), truncate=" …"), bool(mark))
