"""`manage.py db_worker`: django-tasks-db's worker, with a heartbeat.

The same worker and options as the package's own command (this app comes
before it in INSTALLED_APPS, so this one is found first), plus a thread that,
every SCRUTINY_WORKER_HEARTBEAT_SECONDS, says in the database that this
worker is alive and puts back in the queue any task claimed by a worker that
is not (actionplans/models/workers.py). Without it a worker killed in the
middle of rendering a published document leaves that document "being
prepared" for ever, and nothing can tell a load balancer that no worker runs.

Where SCRUTINY_REPLY_IMAP_HOST is set, a second thread reads the reply
mailbox every SCRUTINY_REPLY_FETCH_SECONDS (actionplans/replies/mailbox.py),
one worker at a time across the servers: the run holds a lease in the
shared database (fetch_replies_alone(): RequestCount, the rate limits'
table), and a worker that finds it held lets its turn pass.
"""

import contextlib
import logging
import os
import threading
import time

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker as package

from actionplans.models import WorkerHeartbeat, requeue_abandoned_tasks

logger = logging.getLogger("scrutiny.worker")
# The longest a worker waits between tries while the database is away.
OUTAGE_WAIT_MOST = 30.0


def _close_quietly() -> None:
    """Drop a broken connection, so that the next query opens a new one."""
    with contextlib.suppress(DatabaseError):
        connection.close()


class Worker(package.Worker):
    def run(self) -> None:
        stop = threading.Event()
        WorkerHeartbeat.objects.beat(self.worker_id)
        heart = threading.Thread(target=self.keep_beating, args=(stop,), name="heartbeat", daemon=True)
        heart.start()
        mail = threading.Thread(target=keep_fetching_replies, args=(stop,), name="reply-mailbox", daemon=True)
        if settings.SCRUTINY_REPLY_IMAP_HOST:
            mail.start()
        try:
            self.run_through_outages()
        finally:
            stop.set()
            heart.join(timeout=10)
            if mail.is_alive():
                mail.join(timeout=10)
            try:
                WorkerHeartbeat.objects.gone(self.worker_id)
            except DatabaseError:
                logger.warning("Could not remove the heartbeat of worker %s", self.worker_id)

    def run_through_outages(self) -> None:
        """The package's loop, started again whenever the database stops
        answering (stopped, restarted, failed over) rather than ending the
        worker: it waits, longer each time up to OUTAGE_WAIT_MOST seconds,
        and once the database answers again puts back in the queue any task
        it was running when it went away (models/workers.py)."""
        wait = 1.0
        while self.running:
            try:
                super().run()
                return
            except (OperationalError, InterfaceError) as error:
                logger.warning("Worker %s: the database does not answer (%s); trying again", self.worker_id, error)
                _close_quietly()
                time.sleep(wait)
                wait = min(wait * 2, OUTAGE_WAIT_MOST)
                try:
                    requeued = requeue_abandoned_tasks(interrupted_worker=self.worker_id)
                except (OperationalError, InterfaceError):
                    _close_quietly()
                    continue
                wait = 1.0
                if requeued:
                    logger.warning("Worker %s: put %d interrupted task(s) back in the queue", self.worker_id, requeued)

    def keep_beating(self, stop: threading.Event) -> None:
        """The heartbeat thread: its own database connection, closed when
        the worker stops. A database that does not answer is logged and
        tried again at the next beat; the worker itself goes on."""
        try:
            while not stop.wait(settings.SCRUTINY_WORKER_HEARTBEAT_SECONDS):
                try:
                    WorkerHeartbeat.objects.beat(self.worker_id)
                    requeued = requeue_abandoned_tasks()
                    if requeued:
                        logger.warning("Put %d task(s) of a lost worker back in the queue", requeued)
                except DatabaseError:
                    logger.exception("Worker %s could not write its heartbeat", self.worker_id)
                    connection.close()
        finally:
            connection.close()


def keep_fetching_replies(stop: threading.Event) -> None:
    """The reply mailbox's thread: a run at once, then one every
    SCRUTINY_REPLY_FETCH_SECONDS until the worker stops."""
    while True:
        fetch_replies_in_turn()
        if stop.wait(settings.SCRUTINY_REPLY_FETCH_SECONDS):
            return


def fetch_replies_in_turn() -> None:
    """One run, unless another worker's is under way. Whatever goes wrong
    (the mailbox or the database away) is logged and tried again next
    time; the worker goes on. The thread's database connection is closed
    after each run, as a request's is."""
    from actionplans.replies.mailbox import fetch_replies_alone

    try:
        summary = fetch_replies_alone()
        if summary and summary.lines:
            logger.info("Reply mailbox: %s", summary)
    except Exception:
        logger.exception(
            "The reply mailbox could not be read; trying again in %g s", settings.SCRUTINY_REPLY_FETCH_SECONDS
        )
    finally:
        _close_quietly()


class Command(package.Command):
    help = "Run a database background worker, with a heartbeat (docs/operations.md, 'Health')"

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options,
    ) -> None:
        # As the package's own handle(), with this module's Worker.
        self.configure_logging(verbosity)
        if reload and batch:
            package.logger.warning("Warning: --reload and --batch cannot be specified together. Disabling autoreload.")
            reload = False
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise package.CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded_queue_names,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
