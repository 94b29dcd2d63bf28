"""The cast shared by every test: one user per role, and one with no role."""

import contextlib
import os

import pytest
from django.db.models.signals import post_migrate

from actionplans import roles
from actionplans.demo import load_demo
from tests import fast_flush, judges_said
from tests.both_databases import BOTH_DATABASES, module_name
from tests.demo_snapshot import DemoSnapshots
from tests.factories import committee_with, make_owner, make_user
from tests.oidc_provider.server import oidc_provider, single_sign_on  # noqa: F401 (single sign-on's provider)
from tests.smtp import smtp_server_for

fast_flush.install()

# The council the tests run as has given its Progress Update's title and
# introduction (the words the seeds print), as a council does before its
# first paper: a new install has none (models/council.py FIRST_WORDING),
# and the tests of that blank them again (test_council_first_wording.py).
TEST_COUNCIL_WORDING = {
    "update_title": "Scrutiny Monitoring – Progress Update",
    "introduction": (
        "Updates on the progress of actions in relation to agreed recommendations from previous scrutiny reviews "
        "are required approximately 12 months after the relevant Select Committee has agreed the Action Plan. "
        "Progress updates must be detailed, evidencing what has taken place regarding each recommendation – a "
        "grade assessing progress should then be given (see end of document for grading explanation)."
    ),
    "impact_sentence": (
        "Any evidence on the impact of the actions undertaken should also be recorded for each recommendation."
    ),
}


def give_the_test_council_its_wording(**kwargs):
    """After the test database is made, and after every flush (both send
    post_migrate, after the first terms are made)."""
    from actionplans.models import Council

    Council.objects.filter(pk=1, update_title="").update(**TEST_COUNCIL_WORDING)


post_migrate.connect(give_the_test_council_its_wording, weak=False, dispatch_uid="test_council_wording")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On PostgreSQL the test databases commit without waiting for the disk
    (synchronous_commit off: what a crash of PostgreSQL itself could lose,
    never what a transaction sees). A commit then takes a fraction of a
    millisecond rather than the several a flush to disk costs, and the tests
    that commit (the browser tests, the servers tests) commit thousands of
    times. Only the tests' connections change, not the product's settings."""
    from django.db import connections

    settings_dict = connections["default"].settings_dict
    if settings_dict["ENGINE"] == "django.db.backends.postgresql":
        options = settings_dict.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()


@pytest.fixture
def demo_first(request):
    """In a test that uses the demo council, the demo comes before the cast:
    whatever order the test names its fixtures in, the demo then starts
    from the state its snapshot was taken in (tests/demo_snapshot.py)
    rather than being loaded again for real."""
    for name in ("demo", "demo_site"):
        if name in request.fixturenames:
            request.getfixturevalue(name)


# The cast: one login per role, and one with none (`outsider`). Each is a
# fixture of its own below; test_permissions.py makes the whole cast once
# for its module (cast_member).
CAST = {
    "clerk": ("clerk.test", [roles.CLERK], {"is_staff": True, "first_name": "Carla", "last_name": "Clerk"}),
    "administrator": (
        "admin.test",
        [roles.ADMINISTRATOR],
        {"is_staff": True, "first_name": "Ada", "last_name": "Admin"},
    ),
    "link_officer": ("link.test", [roles.LINK_OFFICER, roles.OFFICER], {"first_name": "Lin", "last_name": "Officer"}),
    "officer": ("officer.test", [roles.OFFICER], {"first_name": "Olu", "last_name": "Officer"}),
    "councillor": ("councillor.test", [roles.COMMITTEE_MEMBER], {"first_name": "Cal", "last_name": "Councillor"}),
    # A member of another committee than the demo review's.
    "other_councillor": (
        "other.councillor.test",
        [roles.COMMITTEE_MEMBER],
        {"first_name": "Oona", "last_name": "Other"},
    ),
    # Signed in, but holding no role.
    "outsider": ("outsider.test", [], {}),
    # From a partner agency: a Partner lead, given an organisation by the
    # partnership world of the tests that need one.
    "partner_lead": ("partner.lead.test", [roles.PARTNER_LEAD], {"first_name": "Pat", "last_name": "Partner"}),
    # A partner lead of another organisation in the same partnership.
    "other_partner_lead": ("other.partner.test", [roles.PARTNER_LEAD], {"first_name": "Odo", "last_name": "Partner"}),
}


def cast_member(role: str):
    """The cast's login for `role` (CAST), made."""
    from tests.factories import make_committee

    username, role_names, fields = CAST[role]
    user = make_user(username, *role_names, **fields)
    if role == "other_councillor":
        make_committee("Adult Social Care and Health Select Committee").members.add(user)
    return user


@pytest.fixture
def clerk(db, demo_first):
    return cast_member("clerk")


@pytest.fixture
def administrator(db, demo_first):
    return cast_member("administrator")


@pytest.fixture
def link_officer(db, demo_first):
    return cast_member("link_officer")


@pytest.fixture
def officer(db, demo_first):
    return cast_member("officer")


@pytest.fixture
def councillor(db, demo_first):
    return cast_member("councillor")


@pytest.fixture
def other_councillor(db, demo_first):
    return cast_member("other_councillor")


@pytest.fixture
def outsider(db, demo_first):
    return cast_member("outsider")


@pytest.fixture
def partner_lead(db, demo_first):
    return cast_member("partner_lead")


@pytest.fixture
def other_partner_lead(db, demo_first):
    return cast_member("other_partner_lead")


@pytest.fixture
def cast(
    clerk,
    administrator,
    link_officer,
    officer,
    councillor,
    other_councillor,
    outsider,
    partner_lead,
    other_partner_lead,
):
    return {
        "partner_lead": partner_lead,
        "other_partner_lead": other_partner_lead,
        "clerk": clerk,
        "administrator": administrator,
        "link_officer": link_officer,
        "officer": officer,
        "councillor": councillor,
        "other_councillor": other_councillor,
        "outsider": outsider,
    }


@pytest.fixture
def officer_owner(officer):
    return make_owner("Olu Officer", user=officer)


@pytest.fixture(scope="session")
def demo_snapshots():
    """The demo council as the first test loaded it, for the others to start
    from in a fraction of the time (see tests/demo_snapshot.py)."""
    snapshots = DemoSnapshots()
    yield snapshots
    snapshots.close()


@pytest.fixture
def demo(db, demo_snapshots):
    """The demo council: the Hate Crime review of seeds 000 and 001."""
    return demo_snapshots.load(load_demo)


@pytest.fixture
def demo_served(demo):
    """The demo council as `manage.py load_demo` (and so `make run`) leaves
    it: with its March 2021 round open, an update submitted for the link
    officer and a draft he has commented on (actionplans.demo.open_demo_round)."""
    from actionplans.demo import open_demo_round

    open_demo_round(demo)
    return demo


@pytest.fixture
def rated_assessment(demo):
    """The demo's self-assessment with the ratings, gaps and actions the
    tests of ratings need (tests/standards_ratings.toml): seed 003 rates
    nothing, and so neither does the demo."""
    from tests.factories import rate_demo_assessment

    return rate_demo_assessment()


@pytest.fixture
def rated_partnership_updates(demo):
    """The demo partnership plans' printed updates with the RAG statuses
    the tests of RAGs need (tests/partnership_rags.toml): the seeds' RAG
    columns are blank, and so are the demo's."""
    from tests.factories import rate_demo_partnership_updates

    rate_demo_partnership_updates()


@pytest.fixture
def demo_march_2021(demo):
    """The demo review with its March 2021 round open, carrying 1 a) Schools
    (which the committee kept open to see its impact) and 1 c) (which it
    closed in March 2020: here it takes it back, carried forward, so that the round
    has an action with an update still to come from its officers)."""
    import datetime

    from django.contrib.auth import get_user_model

    from tests.factories import keep_open_in_september, take_back_advocates

    take_back_advocates()
    keep_open_in_september("Schools, Colleges and Universities")
    return demo.open_round(
        period=datetime.date(2021, 3, 1),
        deadline=datetime.date(2021, 2, 26),
        meeting_date=datetime.date(2021, 3, 18),
        by=get_user_model().objects.get(username="clerk"),
    )


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The real hasher is slow by design; the demo council alone has 15 logins.
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings, tmp_path):
    """Background tasks run inside the request that enqueues them (one test
    proves the database queue and its worker), and the published record and
    evidence files are kept in the test's own directory. No clamd answers
    unless the test asks for one (the `clamd` fixture): files attached
    without it are held as being checked."""
    for name, value in settings_of_a_test(tmp_path).items():
        setattr(settings, name, value)


def settings_of_a_test(folder) -> dict:
    """What tasks_run_at_once sets, with `folder` for the files; also for
    what a module or class builds once for its tests (built_once,
    test_one_truth.py)."""
    from django.conf import settings

    return {
        "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        "STORAGES": {
            **settings.STORAGES,
            **{
                name: {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": folder / name}}
                for name in ("published", "evidence")
            },
        },
        "SCRUTINY_CLAMD_SOCKET": str(folder / "no-clamd.sock"),
    }


@contextlib.contextmanager
def built_once(django_db_blocker, folder, build, **settings):
    """What `build()` returns, made once for a class's or module's tests
    to share, as Django's setUpTestData makes a class's: built in a
    transaction of its own under the settings every test has
    (settings_of_a_test, with `folder` for the files, and `settings`);
    each test's own transaction (the `db` fixture) rolls back to it, and
    it is rolled back after the last. Only for tests that do not commit:
    a transactional_db test run meanwhile would run inside it."""
    from django.db import transaction
    from django.test import override_settings

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        with (
            django_db_blocker.unblock(),
            override_settings(**{**settings_of_a_test(folder), "PASSWORD_HASHERS": FAST_HASHERS, **settings}),
        ):
            built = build()
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="class")
def committees_of_5_and_500(django_db_setup, django_db_blocker, tmp_path_factory):
    """Two committees of tests.factories.committee_with, of 5 and 500
    actions, built once for a class's tests (built_once)."""

    def build():
        return {actions: committee_with(actions) for actions in (5, 500)}

    with built_once(django_db_blocker, tmp_path_factory.mktemp("committees"), build) as committees:
        yield committees


@pytest.fixture(scope="session")
def clamd_server(tmp_path_factory):
    """A real clamd for the session, knowing only the EICAR test signature
    (actionplans/private_clamd.py, as the demo's), stopped at the end."""
    from actionplans.private_clamd import ClamAVMissing, PrivateClamd

    try:
        server = PrivateClamd(tmp_path_factory.mktemp("clamd"))
    except ClamAVMissing as missing:
        if os.environ.get("CI"):
            raise RuntimeError(f"{missing}: make setup") from None
        pytest.skip(str(missing))
    yield server
    server.stop()


@pytest.fixture
def clamd(settings, clamd_server):
    """Evidence files are scanned by the session's clamd."""
    settings.SCRUTINY_CLAMD_SOCKET = str(clamd_server.socket)
    return clamd_server


@pytest.fixture(scope="session")
def dovecot_server():
    """A real Dovecot for the session, with one user (tests/imap_server.py),
    stopped at the end. Its folder is under the system's temporary folder,
    where Dovecot's own users can reach it (not pytest's, which is root's
    alone when the tests run as root)."""
    import shutil
    import tempfile
    from pathlib import Path

    from tests.imap_server import DovecotMissing, PrivateDovecot

    directory = Path(tempfile.mkdtemp(prefix="scrutiny-dovecot-"))
    directory.chmod(0o755)
    try:
        server = PrivateDovecot(directory)
    except DovecotMissing as missing:
        shutil.rmtree(directory)
        if os.environ.get("CI"):
            raise RuntimeError(f"{missing}: make setup") from None
        pytest.skip(str(missing))
    yield server
    server.stop()
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def reply_mailbox(settings, dovecot_server):
    """The reply mailbox is the session Dovecot's inbox, emptied, with no
    other folder: read without TLS, signed in with the password."""
    dovecot_server.empty()
    settings.SCRUTINY_REPLY_IMAP_HOST = "127.0.0.1"
    settings.SCRUTINY_REPLY_IMAP_PORT = dovecot_server.port
    settings.SCRUTINY_REPLY_IMAP_SECURITY = "none"
    settings.SCRUTINY_REPLY_IMAP_USER = dovecot_server.user
    settings.SCRUTINY_REPLY_IMAP_PASSWORD = dovecot_server.password
    settings.SCRUTINY_REPLY_IMAP_OAUTH2_TOKEN = ""
    settings.SCRUTINY_REPLY_IMAP_FOLDER = "INBOX"
    settings.SCRUTINY_REPLY_IMAP_HANDLED_FOLDER = "Handled"
    settings.SCRUTINY_REPLY_IMAP_REFUSED_FOLDER = "Refused"
    return dovecot_server


@pytest.fixture
def smtp_server(settings):
    """A running SMTP server that Django's mail goes to (tests/smtp.py)."""
    with smtp_server_for(settings) as server:
        yield server


def pytest_configure(config):
    judges_said.register(config)


def pytest_runtest_setup(item):
    if "browser" not in item.keywords:
        from tests.browser.judges import send_kept

        send_kept()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """The tests of what differs between the databases, which CI runs on
    SQLite too (tests/both_databases.py); the long tests put first.

    Before pytest-django sorts the tests into its three kinds (those in a
    transaction, those that commit, those without a database), by a stable
    sort: each kind starts with its long tests. The workers take the tests
    in this order, so a long one no longer comes last, leaving the other
    worker with nothing to do while it runs (the old installs' migration
    tests, 20 to 40 s each, were the run's last minute)."""
    for item in items:
        if item.path.parent.name == "tests" and module_name(item.path) in BOTH_DATABASES:
            item.add_marker(pytest.mark.both_databases)
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MiB tmpfs, mounted for the test and gone after it (for a store
    that fills up: tests.servers.fill)."""
    import subprocess

    mount = tmp_path / "disk"
    mount.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0750", "tmpfs", str(mount)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"this machine will not mount a small filesystem for the test: {mounted.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)
