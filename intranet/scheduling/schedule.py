"""The one scheduler: it only enqueues; the task worker (`manage.py db_worker`) does the work.

Jobs come from settings.SCHEDULED_TASKS, name → {"task": dotted path, "cron": crontab}.
Keeping the scheduler this thin means a slow job never delays the next one,
and running two schedulers by mistake enqueues twice but never runs in parallel
inside the scheduler itself.
"""

import logging

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.db import close_old_connections, connections
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def enqueue_scheduled_task(name):
    """What the scheduler runs when a job is due: put its task on the queue."""
    # The scheduler's threads live for weeks; like a request, each job starts and ends with fresh connections.
    close_old_connections()
    try:
        task = import_string(settings.SCHEDULED_TASKS[name]["task"])
        result = task.enqueue()
        logger.info("Enqueued scheduled task %s as %s", name, result.id)
        return result
    finally:
        connections.close_all()


def build_scheduler(scheduler_class=BlockingScheduler):
    scheduler = scheduler_class(timezone=settings.TIME_ZONE)
    for name, job in settings.SCHEDULED_TASKS.items():
        import_string(job["task"])  # fail at start-up, not at 3 a.m., on a wrong path
        scheduler.add_job(
            enqueue_scheduled_task,
            CronTrigger.from_crontab(job["cron"], timezone=settings.TIME_ZONE),
            args=[name],
            id=name,
            name=name,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=300,
        )
    return scheduler
