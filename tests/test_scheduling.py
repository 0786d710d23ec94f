"""The scheduler enqueues; the real database worker runs what was enqueued."""

import datetime
import time

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from django.core.management import call_command
from django.db import connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import Revision

from intranet.pages.models import GuidePage
from intranet.scheduling.schedule import build_scheduler

from . import factories

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_every_scheduled_task_is_registered_with_its_cron(settings):
    scheduler = build_scheduler(BackgroundScheduler)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == set(settings.SCHEDULED_TASKS)
    hourly = jobs["publish_scheduled_pages"].trigger
    assert str(hourly.fields[hourly.FIELD_NAMES.index("minute")]) == "0"
    assert str(hourly.timezone) == "Europe/Stockholm"
    directory = jobs["sync_directory"].trigger  # the directory every 15 minutes
    assert str(directory.fields[directory.FIELD_NAMES.index("minute")]) == "*/15"


def test_a_wrong_task_path_fails_at_start_up(settings):
    settings.SCHEDULED_TASKS = {"broken": {"task": "intranet.nowhere.task", "cron": "* * * * *"}}
    with pytest.raises(ImportError):
        build_scheduler(BackgroundScheduler)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_scheduled_publishing_is_enqueued_by_the_scheduler_and_run_by_the_worker(settings):
    settings.TASKS = DATABASE_TASKS
    page = factories.guide_page(title="Publiceras senare", live=False)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    page.save_revision().publish()  # with go_live_at ahead, this only schedules
    page.refresh_from_db()
    assert not page.live
    # Let the hour pass: move the approved go-live time into the past.
    a_minute_ago = timezone.now() - datetime.timedelta(minutes=1)
    revision = Revision.page_revisions.get(object_id=str(page.pk), approved_go_live_at__isnull=False)
    revision.approved_go_live_at = a_minute_ago
    revision.content["go_live_at"] = a_minute_ago.isoformat()
    revision.save()

    scheduled = DBTaskResult.objects.filter(task_path="intranet.scheduling.tasks.publish_scheduled_pages")
    scheduler = build_scheduler(BackgroundScheduler)
    scheduler.start()
    try:
        scheduler.get_job("publish_scheduled_pages").modify(next_run_time=timezone.now())
        deadline = time.monotonic() + 15
        while not scheduled.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        scheduler.shutdown(wait=True)
        connections.close_all()

    result = scheduled.get()
    assert result.status == "READY"
    assert not GuidePage.objects.get(pk=page.pk).live  # enqueued, not yet run

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    result.refresh_from_db()
    assert result.status == "SUCCESSFUL"
    assert GuidePage.objects.get(pk=page.pk).live
