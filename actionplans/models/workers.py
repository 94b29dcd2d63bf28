"""The task workers (`manage.py db_worker`) as the database sees them.

Each worker writes a heartbeat every SCRUTINY_WORKER_HEARTBEAT_SECONDS while
it runs. That row is how the health check (scrutiny/health.py) knows a worker
is there to render the published record, and how the workers know that one
of them has gone: a worker unseen for SCRUTINY_WORKER_LOST_SECONDS was killed
or lost its machine, and a task it had claimed would otherwise stay "running"
for ever. Another worker puts such a task back in the queue
(`requeue_abandoned_tasks`); the task itself is safe to run again (a
published document is stored once whoever renders it: PublishedDocument.store).
"""

import os
import socket
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult


def lost_after() -> timedelta:
    return timedelta(seconds=settings.SCRUTINY_WORKER_LOST_SECONDS)


class WorkerHeartbeatQuerySet(models.QuerySet):
    def beat(self, worker_id: str) -> None:
        """Say that `worker_id` is alive now. Only the worker itself writes
        its row, so the update-else-create cannot race."""
        now = timezone.now()
        if not self.filter(worker_id=worker_id).update(seen_at=now):
            self.create(worker_id=worker_id, host=f"{socket.gethostname()}:{os.getpid()}", started_at=now, seen_at=now)

    def gone(self, worker_id: str) -> None:
        """A worker stopping cleanly takes its row with it."""
        self.filter(worker_id=worker_id).delete()

    def alive(self):
        return self.filter(seen_at__gte=timezone.now() - lost_after())

    def last_seen(self):
        """When any worker was last seen, or None if none ever was."""
        return self.aggregate(last=models.Max("seen_at"))["last"]


class WorkerHeartbeat(models.Model):
    """One running task worker: its id (as in DBTaskResult.worker_ids), the
    machine and process it runs as, and when it last said it was alive."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255, help_text="host name:process id")
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    objects = WorkerHeartbeatQuerySet.as_manager()

    class Meta:
        ordering = ["-seen_at"]

    def __str__(self):
        return f"worker {self.worker_id} on {self.host}, seen {self.seen_at:%Y-%m-%d %H:%M:%S}"


def requeue_abandoned_tasks(*, interrupted_worker: str | None = None) -> int:
    """Put back in the queue every task claimed by a worker that is no
    longer alive (no heartbeat within SCRUTINY_WORKER_LOST_SECONDS), so that
    a living worker runs it; returns how many. Tasks claimed by a worker that
    never wrote a heartbeat (started before this rule) count as abandoned
    once they have run longer than the same period. With
    `interrupted_worker`, that worker's own tasks too, however recent: the
    database went away while it ran them, and it is back to take them again."""
    cutoff = timezone.now() - lost_after()
    alive = set(WorkerHeartbeat.objects.alive().values_list("worker_id", flat=True))
    requeued = 0
    with transaction.atomic():
        for task in DBTaskResult.objects.running().select_for_update(skip_locked=True):
            claimed_by = task.worker_ids[-1] if task.worker_ids else None
            lost = task.started_at is not None and task.started_at < cutoff and claimed_by not in alive
            if claimed_by != interrupted_worker and not lost:
                continue
            task.status = TaskResultStatus.READY
            task.started_at = None
            task.save(update_fields=["status", "started_at"])
            requeued += 1
    return requeued
