"""Search across reviews, recommendations, actions and the evidence in
updates, with the matched words shown in context.

`search(text, reader=user)` finds what `user` may read, by the same rules
as the pages: the reviews of Review.objects.visible_to(user), their
recommendations, Action.objects.visible_to(user), and the updates the
committee received (ProgressEntry.objects.received(), what the review and
action pages print) in the rounds Round.objects.visible_to(user).
`search(text, public=True)` finds only what the public pages show: the
`.public()` QuerySet of each kind, so nothing unpublished and nothing
exempt.

PostgreSQL searches with its full-text search (websearch_to_tsquery, the
matched words shown by ts_headline); SQLite with FTS5 (snippet()). The
indexes are reports/search/index.py. Stored text is never trusted as HTML:
the database marks the matched words with two private-use characters, and
`_marked()` escapes everything else and turns those into <mark> tags.
"""

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.exceptions import EmptyResultSet
from django.db import connection, models
from django.db.models import Q
from django.db.models.functions import NullIf
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from actionplans import permissions
from actionplans.models import Action, ProgressEntry, Recommendation, Review, Round
from reports.search import index as search_index

# The shortest query searched, and the longest read.
MIN_CHARS = 2
MAX_CHARS = 200

# Where the database marks a matched word: characters of Unicode's private
# use area, which no one types, turned into <mark> after escaping.
_START, _STOP = "\ue000", "\ue001"
# How many words of context a snippet shows around the matched words.
_SNIPPET_WORDS = 24


@dataclass(frozen=True)
class SearchResult:
    kind: str  # "Review", "Recommendation", "Action" or "Evidence"
    title: str  # "Recommendation 1 b)": the thing as the papers name it
    review: str  # the review it belongs to ('' for a review itself)
    round: str  # the update's monitoring round ("September 2020"), else ''
    url: str
    snippet: SafeString  # the matched words in context, marked with <mark>


def search(text: str, *, reader=None, public: bool = False, limit: int = 50) -> list[SearchResult]:
    """What matches `text` among what `reader` may read (or, with `public`,
    among what the public pages show): reviews first, then
    recommendations, actions and evidence, the best matches of each kind
    first; at most `limit` results. Two queries per kind, however many
    match."""
    text = clean_query(text)
    if len(text) < MIN_CHARS or not has_words(text):
        return []
    if not public and reader is None:
        raise ValueError("Say whose search it is (reader=) or that it is the public's (public=True).")
    hits = _postgres_hits if connection.vendor == "postgresql" else _sqlite_hits
    results = []
    for kind in _KINDS:
        queryset = kind.public() if public else kind.visible_to(reader)
        if not public and not permissions.reads_exempt_words(reader):
            # Exempt words are read only by clerks (the confidential version).
            queryset = queryset.exclude(_exempt_here(kind.exempt))
        found = hits(kind, queryset, text, limit)
        if not found:
            continue
        objects = kind.related(queryset.filter(pk__in=[pk for pk, _ in found])).in_bulk()
        results += [kind.result(objects[pk], _marked(snippet), public) for pk, snippet in found if pk in objects]
    return results[:limit]


def clean_query(text: str) -> str:
    """The query as searched: control characters (a NUL would stop
    PostgreSQL) taken out, spaces collapsed, at most MAX_CHARS long."""
    text = "".join(" " if ch < " " or ch == "\x7f" or ch in (_START, _STOP) else ch for ch in text or "")
    return " ".join(text.split())[:MAX_CHARS]


def has_words(text: str) -> bool:
    """Whether `text` has any letter or digit to search for."""
    return bool(re.search(r"\w", text))


# What each kind searches, who sees what of it, and how a result reads --------


@dataclass(frozen=True)
class _Kind:
    model_name: str  # reports/search/index.py SOURCES
    visible_to: Callable  # user -> QuerySet of what they may read
    public: Callable  # () -> QuerySet of what the public pages show
    related: Callable  # QuerySet -> the same, with what result() reads joined
    result: Callable  # (object, snippet, public) -> SearchResult
    exempt: tuple[str, ...]  # the fields saying it, or what it hangs from, is exempt information


def _review_url(review, public: bool) -> str:
    if public:
        return reverse("public_review", args=[review.slug])
    return reverse("review_plan", args=[review.slug]) if review.is_being_set_up else review.get_absolute_url()


def _review_result(review, snippet, public) -> SearchResult:
    return SearchResult("Review", review.title, "", "", _review_url(review, public), snippet)


def _recommendation_result(recommendation, snippet, public) -> SearchResult:
    review = recommendation.review
    url = _review_url(review, public)
    return SearchResult(
        "Recommendation",
        f"Recommendation {recommendation.number}",
        review.title,
        "",
        f"{url}#recommendation-{recommendation.number}" if url else "",
        snippet,
    )


def _action_url(action, public: bool) -> str:
    if public:
        url = _review_url(action.recommendation.review, public)
        return f"{url}#recommendation-{action.recommendation.number}" if url else ""
    return reverse("action_story", args=[action.pk])


def _action_result(action, snippet, public) -> SearchResult:
    return SearchResult(
        "Action",
        f"Recommendation {action.reference}",
        action.recommendation.review.title,
        "",
        _action_url(action, public),
        snippet,
    )


def _evidence_result(entry, snippet, public) -> SearchResult:
    action = entry.action
    # On the public pages the words are on the round's page, not the review's.
    url = (
        reverse("public_round", args=[action.recommendation.review.slug, entry.round.period_code])
        if public
        else _action_url(action, public)
    )
    return SearchResult(
        "Evidence",
        f"Recommendation {action.reference}",
        action.recommendation.review.title,
        entry.round.label,
        url,
        snippet,
    )


def _exempt_here(fields: tuple[str, ...]) -> Q:
    """Marked exempt, itself or through what it hangs from (`fields`)."""
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__isnull": False})
    return condition


_KINDS = (
    _Kind(
        "review",
        visible_to=lambda user: Review.objects.visible_to(user),
        public=lambda: Review.objects.public(),
        related=lambda qs: qs,
        result=_review_result,
        exempt=(),
    ),
    _Kind(
        "recommendation",
        visible_to=lambda user: Recommendation.objects.filter(review__in=Review.objects.visible_to(user)),
        public=lambda: Recommendation.objects.public(),
        related=lambda qs: qs.select_related("review"),
        result=_recommendation_result,
        exempt=("exempt_paragraph",),
    ),
    _Kind(
        "action",
        visible_to=lambda user: Action.objects.visible_to(user),
        public=lambda: Action.objects.public(),
        related=lambda qs: qs.select_related("recommendation__review", "sub_action"),
        result=_action_result,
        exempt=("exempt_paragraph", "recommendation__exempt_paragraph"),
    ),
    _Kind(
        "progressentry",
        # What the committee received, in the rounds the reader may see:
        # the review and action pages print nothing else of an update.
        visible_to=lambda user: ProgressEntry.objects.received().filter(round__in=Round.objects.visible_to(user)),
        public=lambda: ProgressEntry.objects.public(),
        related=lambda qs: qs.select_related("round", "action__recommendation__review", "action__sub_action"),
        result=_evidence_result,
        exempt=("exempt_paragraph", "action__exempt_paragraph", "action__recommendation__exempt_paragraph"),
    ),
)


# The two databases: each gives the best `limit` matches of a kind as
# (id, snippet with _START/_STOP around the matched words) ------------------


def _postgres_hits(kind: _Kind, queryset, text: str, limit: int) -> list[tuple[int, str]]:
    query = postgres_query(text)
    if query is None:
        return []
    # The words marked are those typed: the other spellings find the text,
    # but their parts ("line" of "on-line") would mark every such word.
    typed = SearchQuery(text, search_type="websearch", config=search_index.POSTGRES_CONFIG)
    vector = search_index.document(kind.model_name)
    columns = search_index.SOURCES[kind.model_name][1]
    # The columns as one text for the snippet, the empty ones left out.
    joined = models.Func(
        models.Value(" … "), *(NullIf(column, models.Value("")) for column in columns), function="concat_ws"
    )
    rows = (
        queryset.alias(document=vector)
        .filter(document=query)
        .annotate(
            found_rank=SearchRank(vector, query),
            found_snippet=SearchHeadline(
                joined,
                typed,
                config=search_index.POSTGRES_CONFIG,
                start_sel=_START,
                stop_sel=_STOP,
                max_words=_SNIPPET_WORDS,
                min_words=_SNIPPET_WORDS // 2,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-found_rank", "pk")
        .values_list("pk", "found_snippet")[:limit]
    )
    return list(rows)


def _sqlite_hits(kind: _Kind, queryset, text: str, limit: int) -> list[tuple[int, str]]:
    match = fts5_query(text)
    if not match:
        return []
    fts = search_index.SOURCES[kind.model_name][2]
    try:
        visible, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # the reader may read none of this kind
        return []
    sql = (
        f"SELECT rowid, snippet({fts}, -1, %s, %s, '…', %s) FROM {fts} "
        f"WHERE {fts} MATCH %s AND rowid IN ({visible}) ORDER BY rank, rowid LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_START, _STOP, _SNIPPET_WORDS, match, *params, limit])
        return [(pk, snippet) for pk, snippet in cursor.fetchall()]


_TOKEN = re.compile(r'-?"[^"]*"?|\S+')
# The longest word whose hyphenated spellings are searched too.
_SPLIT_WORDS_UP_TO = 20


def query_terms(text: str) -> list[tuple[list[str], list[str]]]:
    """`text` read as PostgreSQL's websearch_to_tsquery reads it: words
    (all of them must be there), "a phrase" in quotes, -word for a word
    that must not be there, and `or` between alternatives. Returns the
    alternatives, each (the words or phrases wanted, those unwanted); none
    when nothing in `text` is a word."""
    alternatives, wanted, unwanted = [], [], []

    def close():
        if wanted:
            alternatives.append((list(wanted), list(unwanted)))
        wanted.clear()
        unwanted.clear()

    for token in _TOKEN.findall(text):
        if token.lower() == "or":
            close()
            continue
        negative = token.startswith("-") and len(token) > 1
        words = token[1:] if negative else token
        words = words.strip('"') if words.startswith('"') else words
        if not has_words(words):
            continue
        (unwanted if negative else wanted).append(words)
    close()
    return alternatives


def spellings(words: str) -> list[str]:
    """A word as the papers may write it, with or without a hyphen: "online"
    is also "on-line" (and every other place a hyphen could go), "on-line"
    is also "online", so either finds both. A phrase is searched as typed
    and with its hyphens taken out ("on-line form", "online form")."""
    if " " in words:
        joined = re.sub(r"(\w)-(\w)", r"\1\2", words)
        return [words, joined] if joined != words else [words]
    if "-" in words.strip("-"):
        joined = words.replace("-", "")
        return [words, joined]
    if words.isalpha() and len(words) <= _SPLIT_WORDS_UP_TO:
        return [words] + [f"{words[:i]}-{words[i:]}" for i in range(1, len(words))]
    return [words]


def fts5_query(text: str) -> str:
    """The query as FTS5's MATCH reads it, with query_terms()'s meaning and
    each word's spellings(). Every word and phrase goes to FTS5 as a quoted
    string, so nothing typed is read as FTS5's own syntax (AND, NOT, NEAR,
    brackets, column names, a stray quote); a hyphenated word is a phrase
    of its parts, as FTS5 indexes it. '' when nothing in `text` is a word."""

    def term(words: str) -> str:
        return "(" + " OR ".join('"' + spelling.replace('"', '""') + '"' for spelling in spellings(words)) + ")"

    return " OR ".join(
        "(" + " AND ".join(map(term, wanted)) + "".join(f" NOT {term(words)}" for words in unwanted) + ")"
        for wanted, unwanted in query_terms(text)
    )


def postgres_query(text: str) -> SearchQuery | None:
    """The query as PostgreSQL's full-text search reads it: query_terms()'s
    meaning and each word's spellings(), in the index's configuration
    (where "on-line" is a word of its own beside its parts). None when
    nothing in `text` is a word."""

    def each_spelling(words: str, *, invert: bool = False) -> list[SearchQuery]:
        search_type = "phrase" if " " in words else "plain"
        return [
            SearchQuery(s, search_type=search_type, config=search_index.POSTGRES_CONFIG, invert=invert)
            for s in spellings(words)
        ]

    def term(words: str) -> SearchQuery:
        return reduce(operator.or_, each_spelling(words))

    def without(words: str) -> list[SearchQuery]:
        # None of its spellings: a negated SearchQuery each (a negated
        # combination is no longer a SearchQuery Django can combine).
        return each_spelling(words, invert=True)

    alternatives = [
        reduce(operator.and_, [term(words) for words in wanted] + [q for words in unwanted for q in without(words)])
        for wanted, unwanted in query_terms(text)
    ]
    return reduce(operator.or_, alternatives) if alternatives else None


def _marked(snippet: str) -> SafeString:
    """The snippet as HTML: everything escaped, the words the database
    marked in <mark>, every <mark> closed."""
    parts, open_ = [], False
    for piece in re.split(f"([{_START}{_STOP}])", snippet or ""):
        if piece == _START:
            if not open_:
                parts.append("<mark>")
                open_ = True
        elif piece == _STOP:
            if open_:
                parts.append("</mark>")
                open_ = False
        else:
            parts.append(escape(piece))
    if open_:
        parts.append("</mark>")
    return mark_safe("".join(parts))
