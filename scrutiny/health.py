"""`/health/`: whether this app server can do its work, for a load balancer.

200 with a short JSON body when all is well; 503 naming what is wrong:

- the database answers;
- every migration this code has is applied to it;
- the published record's storage can be written (a file made and removed);
- a task worker has been seen within SCRUTINY_WORKER_LOST_SECONDS, and no
  task has waited longer than SCRUTINY_HEALTH_TASK_WAIT_SECONDS to start
  (only where tasks go through the database queue).

Two services every app server shares are checked too, but a failure of
theirs answers 200 with the status "degraded" and the check's words: the
virus scanner (clamd) answers, no e-mail is waiting to be tried again
after the mail server refused it, and, where officers may update by
e-mail, their replies can be taken and answered. Pages still work without them (evidence
files are held until scanned, e-mail is retried), and taking every app
server out of a load balancer's pool for either would stop the whole
service; monitoring alerts on any status but "ok".

It needs no sign-in and gives away nothing: no names, versions, counts of
records or error texts (those go to the log). It is answered by a middleware
placed first, so that a probe by IP address over plain HTTP is not refused
for its host name or redirected to HTTPS, and no session is touched.
"""

import functools
import logging
import os
import socket
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import HttpResponseNotAllowed, JsonResponse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from actionplans import malware
from actionplans.models import EmailedReply, MailboxReading, Notification, WorkerHeartbeat
from actionplans.models.published import published_storage

logger = logging.getLogger("scrutiny.health")

PATH = "/health/"
DATABASE_QUEUE = "django_tasks_db.DatabaseBackend"
# Runs of the reply mailbox that may fail before /health/ says so: one may
# meet the mail server restarting.
MAILBOX_GRACE = 3


class Unhealthy(Exception):
    """What is wrong, in words an operator can act on."""


@functools.cache
def _migrations_in_code() -> frozenset:
    # The code on disk does not change under a running process; reading it
    # once keeps each probe to one query of the migrations table.
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def check_database() -> None:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        logger.error("Health: the database does not answer: %s", error)
        raise Unhealthy("the database does not answer") from error


def check_migrations() -> None:
    applied = MigrationRecorder(connections[DEFAULT_DB_ALIAS]).applied_migrations()
    pending = _migrations_in_code() - set(applied)
    if pending:
        logger.error("Health: migrations not applied: %s", ", ".join(sorted(f"{a}.{n}" for a, n in pending)))
        raise Unhealthy(
            f"{len(pending)} database migration{'s are' if len(pending) != 1 else ' is'} not applied: "
            "run manage.py migrate"
        )


def check_published_storage() -> None:
    storage = published_storage()
    try:
        name = storage.save(f"health/{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex}", ContentFile(b"ok"))
        storage.delete(name)
    except Exception as error:  # any backend's way of failing: disk, permissions, a cloud bucket
        logger.error("Health: the published record's storage cannot be written: %r", error)
        raise Unhealthy("the published record's storage cannot be written") from error


def _minutes(seconds: float) -> str:
    minutes = max(1, round(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def check_worker() -> None:
    if not WorkerHeartbeat.objects.alive().exists():
        last = WorkerHeartbeat.objects.last_seen()
        if last is None:
            raise Unhealthy("no task worker has been seen: start manage.py db_worker")
        raise Unhealthy(f"no task worker has been seen for {_minutes((timezone.now() - last).total_seconds())}")


def check_tasks() -> None:
    limit = timedelta(seconds=settings.SCRUTINY_HEALTH_TASK_WAIT_SECONDS)
    oldest = DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    if oldest is not None and timezone.now() - oldest > limit:
        raise Unhealthy(f"a task has waited {_minutes((timezone.now() - oldest).total_seconds())} to start")


def check_virus_scanner() -> None:
    problem = malware.unreachable(timeout=CLAMD_PING_SECONDS)
    if problem:
        logger.error("Health: the virus scanner (clamd) does not answer: %s", problem)
        raise Unhealthy("the virus scanner (clamd) does not answer: evidence files are held until it does")


def check_mail() -> None:
    waiting = Notification.objects.being_retried().count()
    if waiting:
        raise Unhealthy(
            f"{waiting} e-mail{'s' if waiting != 1 else ''} the mail server did not take "
            f"{'are' if waiting != 1 else 'is'} being tried again: see E-mail not delivered"
        )


def check_replies() -> None:
    """Replies by e-mail are offered (SCRUTINY_REPLY_ADDRESS) but every one
    would be refused: nothing says which mail server's checks to trust; or
    the worker has failed to read the reply mailbox for MAILBOX_GRACE runs
    and more (a token refused, the server away); or answers wait."""
    if settings.SCRUTINY_REPLY_ADDRESS and not settings.SCRUTINY_REPLY_AUTHSERV_ID:
        raise Unhealthy(
            "every update by e-mail is refused: set SCRUTINY_REPLY_AUTHSERV_ID to the authserv-id your mail"
            " server writes in Authentication-Results"
        )
    failing_since = MailboxReading.objects.failing_since() if settings.SCRUTINY_REPLY_IMAP_HOST else None
    if failing_since and failing_since < timezone.now() - MAILBOX_GRACE * timedelta(
        seconds=settings.SCRUTINY_REPLY_FETCH_SECONDS
    ):
        raise Unhealthy(
            f"the reply mailbox has not been read since {timezone.localtime(failing_since):%d %B %Y %H:%M}: "
            "see the task worker's log"
        )
    unsent = EmailedReply.objects.answers_being_retried().count()
    if unsent:
        raise Unhealthy(f"{unsent} answer{'s' if unsent != 1 else ''} to updates by e-mail could not be sent yet")


# Shared services the pages can work without for a while ("degraded", 200).
DEGRADING = {"virus_scanner", "mail", "replies"}
CLAMD_PING_SECONDS = 2


def checks() -> dict[str, str]:
    """Each check's name and "ok" or what is wrong. The checks after the
    database's need it, so they are not run without it."""
    results = {}
    queue = settings.TASKS["default"]["BACKEND"] == DATABASE_QUEUE
    for name, check in [
        ("database", check_database),
        ("migrations", check_migrations),
        ("published_storage", check_published_storage),
        ("worker", check_worker if queue else None),
        ("tasks", check_tasks if queue else None),
        ("virus_scanner", check_virus_scanner),
        ("mail", check_mail),
        ("replies", check_replies),
    ]:
        if check is None:
            continue
        if results.get("database", "ok") != "ok" and name not in ("published_storage", "virus_scanner"):
            results[name] = "not checked: no database"
            continue
        try:
            check()
            results[name] = "ok"
        except Unhealthy as problem:
            results[name] = str(problem)
    return results


def health(request):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    results = checks()
    failing = any(result != "ok" for name, result in results.items() if name not in DEGRADING)
    degraded = any(results.get(name, "ok") != "ok" for name in DEGRADING)
    status = "failing" if failing else "degraded" if degraded else "ok"
    response = JsonResponse({"status": status, "checks": results}, status=503 if failing else 200)
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == PATH:
            request.is_health_probe = True  # for the request log, which leaves out the healthy ones
            return health(request)
        return self.get_response(request)
