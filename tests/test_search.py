"""Search (reports/search/query.py): the matched words in context, on SQLite's
FTS5 and PostgreSQL's full-text search alike; what each reader may see,
and for the public only what is published and not exempt; hostile queries;
text written through a verb found at once; the page's queries fixed."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans.models import Action, ProgressEntry, Recommendation, Review
from reports.search.query import fts5_query, search, spellings
from reports.search.views import PER_PAGE
from tests.factories import keep_open_in_september, make_owner, make_recommendation, make_review, make_round

pytestmark = pytest.mark.django_db

ONLINE_FORM = "The development of an on-line form"


def evidence(results, *, reference, round):
    return [r for r in results if r.kind == "Evidence" and r.title.startswith(reference) and r.round == round]


def test_a_councillor_finds_online_portal_in_1_b_s_september_2020_evidence_with_the_words_marked(demo, councillor):
    results = search("online portal", reader=councillor)
    [found] = evidence(results, reference="Recommendation 1 b)", round="September 2020")
    assert found.title.startswith(f"Recommendation 1 b) {ONLINE_FORM}")
    assert found.review == "Hate Crime"
    assert found.url == reverse("action_story", args=[found_action_pk()])
    assert "<mark>online</mark> <mark>portal</mark>" in found.snippet
    # In context: the words around them, not only the matched ones.
    assert "reporting system" in found.snippet


def found_action_pk():
    return Action.objects.get(strand__startswith=ONLINE_FORM).pk


def test_the_search_page_shows_the_evidence_with_the_words_marked(demo, councillor, client):
    client.force_login(councillor)
    page = client.get(reverse("search"), {"q": "online portal"}).content.decode()
    assert "Evidence, September 2020 – Hate Crime" in page
    assert "<mark>online</mark> <mark>portal</mark>" in page
    assert f'href="{reverse("action_story", args=[found_action_pk()])}"' in page


def test_the_public_finds_the_published_evidence_too(demo, client, settings):
    settings.SCRUTINY_PUBLIC_PAGES = True
    assert evidence(search("online portal", public=True), reference="Recommendation 1 b)", round="September 2020")
    page = client.get(reverse("public_search"), {"q": "online portal"}).content.decode()
    assert "<mark>online</mark> <mark>portal</mark>" in page


def test_the_public_search_is_not_found_until_the_public_pages_are_switched_on(demo, client, settings):
    settings.SCRUTINY_PUBLIC_PAGES = False
    assert client.get(reverse("public_search"), {"q": "online portal"}).status_code == 404


def test_stored_text_is_shown_as_text_never_as_html(demo, clerk, councillor, client):
    recommendation = Recommendation.objects.get(review=demo, number=1)
    make_action_with(recommendation, agreed_action='<script>alert("x")</script> Zebracrossing <b>bold</b> &amp;')
    client.force_login(councillor)
    page = client.get(reverse("search"), {"q": "zebracrossing"}).content.decode()
    assert "<mark>Zebracrossing</mark>" in page
    assert "<script>alert" not in page and "<b>bold" not in page
    # What was typed as "&amp;" reads "&amp;", not "&".
    assert "&amp;amp;" in page
    if connection.vendor == "sqlite":
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>Zebracrossing</mark> &lt;b&gt;bold" in page
    # PostgreSQL's ts_headline leaves out what looks like a tag.


def make_action_with(recommendation, **fields):
    from tests.factories import make_action

    return make_action(recommendation, strand="A strand for the test", **fields)


# What is unpublished is found only by those who may read it --------------------


@pytest.fixture
def march_2021(demo, clerk, officer):
    """A round open in March 2021, in which the officer owns 1 a) Schools."""
    keep_open_in_september("Schools, Colleges and Universities")
    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    round = demo.open_round(
        period=datetime.date(2021, 3, 1),
        deadline=datetime.date(2021, 2, 26),
        meeting_date=datetime.date(2021, 3, 18),
        by=clerk,
    )
    schools.reassign([make_owner("Olu Officer", user=officer)], by=clerk)
    return round.entries.get(action=schools)


def titles(results):
    return {(r.kind, r.title, r.round) for r in results}


def test_an_update_is_found_by_each_reader_once_they_may_read_it(
    march_2021, clerk, officer, link_officer, councillor, demo
):
    entry = march_2021
    # A draft: the committee has not received it; nobody finds it.
    entry.save_update(by=officer, version=entry.version, submit=False, evidence_of_progress="Assemblies quokkafest")
    for reader in (clerk, officer, link_officer, councillor):
        assert search("quokkafest", reader=reader) == [], reader
    assert search("quokkafest", public=True) == []
    # Submitted, then approved by the clerk, through the verbs: the index is current.
    entry.refresh_from_db()
    entry.save_update(by=officer, version=entry.version, submit=True, grade=1)
    entry.refresh_from_db()
    entry.approve(by=clerk, version=entry.version)
    expected = {("Evidence", "Recommendation 1 a) Schools, Colleges and Universities", "March 2021")}
    for reader in (clerk, officer, link_officer):
        assert titles(search("quokkafest", reader=reader)) == expected, reader
    # The round is open: committee members and the public see it once published.
    assert search("quokkafest", reader=councillor) == []
    assert search("quokkafest", public=True) == []
    march_2021.round.publish(by=clerk)
    assert titles(search("quokkafest", reader=councillor)) == expected
    assert titles(search("quokkafest", public=True)) == expected
    # Corrected through the verb: the old word gone, the new one found.
    entry.refresh_from_db()
    entry.correct(
        by=clerk, version=entry.version, reason="A typing error", evidence_of_progress="Assemblies wombatfest"
    )
    assert search("quokkafest", reader=councillor) == []
    assert titles(search("wombatfest", public=True)) == expected


def test_a_plan_being_set_up_is_found_only_by_those_who_build_plans(demo, clerk, administrator, officer, councillor):
    draft = Review.objects.set_up(
        committee=demo.committee,
        title="Domestic Abuse Narwhals",
        action_plan_agreed=datetime.date(2021, 1, 1),
        link_officers=[],
        by=clerk,
    )
    make_recommendation(draft, number=1, text="That the narwhals be counted.")
    for reader in (clerk, administrator):
        results = search("narwhals", reader=reader)
        assert {(r.kind, r.title) for r in results} == {
            ("Review", "Domestic Abuse Narwhals"),
            ("Recommendation", "Recommendation 1"),
        }
        assert results[0].url == reverse("review_plan", args=[draft.slug])
    for reader in (officer, councillor):
        assert search("narwhals", reader=reader) == []
    assert search("narwhals", public=True) == []


def test_exempt_information_is_never_in_the_public_results(demo, clerk, councillor):
    online = Action.objects.get(strand__startswith=ONLINE_FORM)
    assert any(r.title.startswith("Recommendation 1 b)") for r in search("online portal", public=True))
    online.mark_exempt(3, by=clerk)
    public = search("online portal", public=True)
    assert not any(r.title.startswith("Recommendation 1 b)") for r in public)
    assert not any(r.title.startswith("Recommendation 1 b)") for r in search("on-line form", public=True))
    # Its words are read only by clerks, as in the confidential version of
    # the documents; a councillor's pages print the exempt notice instead.
    assert evidence(search("online portal", reader=clerk), reference="Recommendation 1 b)", round="September 2020")
    assert not evidence(
        search("online portal", reader=councillor), reference="Recommendation 1 b)", round="September 2020"
    )
    # An exempt recommendation takes its actions and their updates with it.
    online.mark_exempt(None, by=clerk)
    Recommendation.objects.get(review=demo, number=1).mark_exempt(7, by=clerk)
    assert [r for r in search("online portal", public=True) if r.title.startswith("Recommendation 1")] == []


def test_an_exempt_update_is_not_in_the_public_results(demo, clerk):
    entry = ProgressEntry.objects.get(action__strand__startswith=ONLINE_FORM, round__period=datetime.date(2020, 9, 1))
    entry.mark_exempt(1, by=clerk)
    assert evidence(search("online portal", public=True), reference="Recommendation 1 b)", round="September 2020") == []


def test_a_public_result_for_evidence_leads_to_the_round_page_that_prints_it(demo, client, settings):
    settings.SCRUTINY_PUBLIC_PAGES = True
    [found] = evidence(search("online portal", public=True), reference="Recommendation 1 b)", round="September 2020")
    assert found.url == reverse("public_round", args=[demo.slug, "2020-09"])
    assert "online portal" in client.get(found.url).content.decode()


def test_a_reader_without_the_reviews_finds_nothing_and_may_not_open_the_page(demo, partner_lead, outsider, client):
    assert search("online portal", reader=partner_lead) == []
    assert search("online portal", reader=outsider) == []
    client.force_login(partner_lead)
    assert client.get(reverse("search"), {"q": "online portal"}).status_code == 403


# Queries as typed ---------------------------------------------------------------

HOSTILE = [
    '"',
    '""',
    "AND (",
    "NOT",
    "OR",
    "NEAR(online portal, 2)",
    "online NEAR/2 portal",
    "*",
    "online*",
    "^online",
    "evidence_of_progress: online",
    "search_evidence",
    "'; DROP TABLE actionplans_action; --",
    "online\x00portal",
    "\ue000online\ue001",
    "(((",
    "-",
    "- - -",
    "-online",
    "online -",
    '"online portal',
    'on"line',
    "!!!",
    "%_%",
    "é",
    "😀 online",
    "online " * 100,
]


@pytest.mark.parametrize("query", HOSTILE)
def test_a_hostile_query_finds_what_it_says_or_nothing_and_never_fails(query, demo, councillor, client, settings):
    search(query, reader=councillor)
    search(query, public=True)
    client.force_login(councillor)
    assert client.get(reverse("search"), {"q": query}).status_code == 200
    settings.SCRUTINY_PUBLIC_PAGES = True
    assert client.get(reverse("public_search"), {"q": query}).status_code == 200


def test_a_query_of_fts5_syntax_is_read_as_words():
    def word(words):  # a word, or any of its spellings
        return "(" + " OR ".join(f'"{spelling}"' for spelling in spellings(words)) + ")"

    assert fts5_query("online portal") == f"({word('online')} AND {word('portal')})"
    assert fts5_query('"online portal" -form') == f'(("online portal") NOT {word("form")})'
    assert fts5_query("2019 or 2020") == '(("2019")) OR (("2020"))'
    assert fts5_query('AND ( NEAR on"line') == f'({word("AND")} AND {word("NEAR")} AND ("on""line"))'
    assert fts5_query('" ( * -') == ""


def test_a_word_is_searched_with_and_without_its_hyphen():
    assert spellings("on-line") == ["on-line", "online"]
    assert spellings("email")[:3] == ["email", "e-mail", "em-ail"]
    assert spellings("online portal") == ["online portal"]  # a phrase as typed
    assert spellings("on-line portal") == ["on-line portal", "online portal"]
    assert spellings("2020") == ["2020"]


@pytest.mark.parametrize(
    "query, reference",
    [
        ("online website", "Recommendation 1 b)"),  # the action says "On-line hate crime form on SBC website"
        ("on-line portal", "Recommendation 1 b)"),  # its evidence says "online portal"
        ('"on-line portal"', "Recommendation 1 b)"),
    ],
)
def test_hyphenated_and_joined_words_find_each_other_on_both_databases(demo, councillor, query, reference):
    results = search(query, reader=councillor)
    assert any(result.title.startswith(reference) for result in results), [(r.title, r.snippet) for r in results]


def test_results_of_the_same_name_have_links_that_say_which_they_are(demo, councillor, client):
    client.force_login(councillor)
    page = client.get(reverse("search"), {"q": "hate crime"}).content.decode()
    links = re.findall(r'<a class="govuk-link" href="[^"]*">(.*?)</a>', page.split('id="search-count"')[1], re.S)
    texts = [re.sub(r"<[^>]+>", "", link).strip() for link in links]
    assert len(texts) > 5 and len(set(texts)) == len(texts), texts


def test_phrases_minus_and_or_mean_the_same_on_both_databases(demo, councillor):
    def found(query):
        return bool(evidence(search(query, reader=councillor), reference="Recommendation 1 b)", round="September 2020"))

    assert found('"online portal"')
    assert not found('"portal online"')
    assert not found("online portal -Newlove")
    assert found("xyzzyq or Newlove")
    assert found("portals")  # stemmed


def test_an_empty_or_too_short_query_says_what_to_enter(demo, councillor, client):
    client.force_login(councillor)
    first = client.get(reverse("search")).content.decode()
    assert "There is a problem" not in first and "result" not in first
    empty = client.get(reverse("search"), {"q": "  "}).content.decode()
    assert "There is a problem" in empty and "Enter the words to search for" in empty
    short = client.get(reverse("search"), {"q": "a"}).content.decode()
    assert "Enter at least 2 characters, letters or numbers, to search for" in short
    assert 'value="a"' in short
    long = client.get(reverse("search"), {"q": "a" * 201}).content.decode()
    assert "Enter 200 characters or fewer" in long
    none = client.get(reverse("search"), {"q": "xyzzyq"}).content.decode()
    assert "0 results for ‘xyzzyq’" in none and "Nothing matches" in none


# The page's queries do not grow with what matches ------------------------------


def lanterns(n, title):
    """A review whose one recommendation, `n` actions and `n` approved
    updates of a published round all say "lantern"."""
    review = make_review(title)
    recommendation = make_recommendation(review, number=1, text="That the lanterns be lit.")
    Action.objects.bulk_create(
        Action(recommendation=recommendation, strand=f"Strand {i}", position=i, agreed_action=f"Lantern audit {i}")
        for i in range(n)
    )
    round = make_round(review, 2020, 3)
    ProgressEntry.objects.bulk_create(
        ProgressEntry(
            action=action, round=round, status=ProgressEntry.Status.APPROVED, evidence_of_progress="Lanterns lit."
        )
        for action in recommendation.actions.all()
    )


def queries_of_the_page(client):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("search"), {"q": "lantern"}).content.decode()
    return len(queries), page


def test_the_search_pages_queries_are_the_same_at_5_and_500_matches(councillor, client):
    client.force_login(councillor)
    lanterns(5, "Street Lighting")
    few, page = queries_of_the_page(client)
    assert "11 results for ‘lantern’" in page  # the recommendation, 5 actions, 5 updates
    lanterns(495, "Park Lighting")
    many, page = queries_of_the_page(client)
    assert f"More than {PER_PAGE} results" in page
    assert page.count('class="app-search-result"') == PER_PAGE
    assert few == many


# The indexes ------------------------------------------------------------------


def test_sqlite_puts_back_triggers_a_rebuilt_table_lost_and_reads_the_index_again(demo, councillor, clerk):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's triggers")
    from django.core.management.sql import emit_post_migrate_signal

    # As when a migration rebuilds the table: its triggers are gone, and
    # what is written meanwhile is missed.
    with connection.cursor() as cursor:
        for suffix in ("ai", "ad", "au"):
            cursor.execute(f"DROP TRIGGER search_action_{suffix}")
    make_action_with(Recommendation.objects.get(review=demo, number=1), agreed_action="Axolotl outreach")
    assert search("axolotl", reader=councillor) == []
    # What every migrate ends with (reports/apps.py).
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    assert [r.kind for r in search("axolotl", reader=councillor)] == ["Action"]


def test_postgresql_searches_through_the_gin_index(demo):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's index")
    from django.contrib.postgres.search import SearchQuery

    from reports.search import index as search_index

    query = SearchQuery("online portal", search_type="websearch", config="english")
    entries = ProgressEntry.objects.alias(document=search_index.document("progressentry")).filter(document=query)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = entries.values("pk").query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_progressentry_gin" in plan
