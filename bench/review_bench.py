"""Review reminder benchmark: planning and sending the day's digests for many pages and owners.

Run (outside the test suite; it needs PostgreSQL and a few minutes):

    bin/with-postgres .venv/bin/python bench/review_bench.py --pages 10000 50000 --owners 3000

For each size it loads that many live info pages (intranet.demo.bulk) spread over the
owners, with review dates from 80 days overdue to 60 days ahead, then times:

- the baseline: one SQL aggregate (due pages per owner) over the same pages;
- planning (`plan_reminders`): who gets what, leaving out what was already sent;
- sending (`send_digests`) over SMTP to a real server (aiosmtpd) on loopback;
- a second run the same day, which must find nothing new to send.

It prints seconds, SQL queries per phase and per digest, and each phase's ratio to the
baseline measured in the same run. It checks what it claims, and exits non-zero naming each claim that failed:

- planning takes no more SQL queries at the largest size than at the smallest, and sending no more per digest;
- the SMTP server received every digest reported sent, and none failed;
- the second run the same day plans no digest, and sending its plan delivers nothing.
"""

import argparse
import datetime
import logging
import os
import random
import socket
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"

import django  # noqa: E402

django.setup()

from aiosmtpd.controller import Controller  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from intranet.demo.bulk import add_info_pages  # noqa: E402
from intranet.organisation.models import Department, EmployeeProfile  # noqa: E402
from intranet.pages.models import HomePage, InfoPage  # noqa: E402
from intranet.publishing.services import EDITORS_GROUP  # noqa: E402
from intranet.reminders.models import ReviewNotice  # noqa: E402
from intranet.reminders.services import plan_reminders, send_digests  # noqa: E402


class CountingSink:
    def __init__(self):
        self.received = 0

    async def handle_DATA(self, server, session, envelope):
        self.received += 1
        return "250 OK"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def create_people(owners, rng):
    User = get_user_model()
    departments = [
        Department.objects.get_or_create(code=f"F{n}", defaults={"name": f"Förvaltning {n}", "slug": f"forv-{n}"})[0]
        for n in range(8)
    ]
    users = User.objects.bulk_create(
        [
            User(username=f"agare{n}", email=f"agare{n}@kommunen.example", first_name="Kim", last_name=f"Ägare {n}")
            for n in range(owners)
        ]
    )
    # bulk_create sends no post_save, so the profiles are made here; one manager per 10 people.
    EmployeeProfile.objects.bulk_create(
        [
            EmployeeProfile(
                user=user, department=departments[n % len(departments)], manager=users[n - n % 10] if n % 10 else None
            )
            for n, user in enumerate(users)
        ]
    )
    editors = Group.objects.get(name=EDITORS_GROUP)
    for n in range(20):
        editors.user_set.add(users[n * (owners // 20)])
    for n, user in enumerate(users):
        user.bench_department_id = departments[n % len(departments)].pk
    return users


def measure(function):
    """(result, seconds, SQL statements); statements counted by a wrapper, which has no cap on how many."""
    statements = []

    def count(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        result = function()
        seconds = time.perf_counter() - started
    return result, seconds, len(statements)


def run(total_pages, users, rng, today, sink):
    home = HomePage.objects.get()
    rows = []
    for n in range(total_pages - InfoPage.objects.count()):
        owner = users[rng.randrange(len(users))]
        rows.append(
            {
                "title": f"Rutin {n}",
                "owner_id": owner.pk,
                "review_date": today + datetime.timedelta(days=rng.randint(-80, 60)),
                # One page in ten is for the whole municipality (every editor hears of it when late).
                "department_id": None if n % 10 == 0 else owner.bench_department_id,
            }
        )
    add_info_pages(home, rows)
    ReviewNotice.objects.all().delete()
    pages = InfoPage.objects.count()

    def aggregate():
        return list(
            InfoPage.objects.filter(live=True, review_date__lte=today + datetime.timedelta(days=30))
            .order_by()
            .values("content_owner_id")
            .annotate(due=Count("pk"))
        )

    baseline_rows, baseline_s, baseline_q = measure(aggregate)
    plan, plan_s, plan_q = measure(lambda: plan_reminders(today))
    items = sum(sum(len(items) for items in digest.items.values()) for digest in plan.digests.values())
    received_at_start = sink.received
    outcome, send_s, send_q = measure(lambda: send_digests(plan))
    received = sink.received - received_at_start
    again, again_s, again_q = measure(lambda: plan_reminders(today))
    # Sent for real, not just planned: the server must receive nothing the second time.
    received_before = sink.received
    again_outcome = send_digests(again)
    digests = len(outcome.sent)
    print(f"{pages} pages, {len(users)} owners:", flush=True)
    print(f"  baseline aggregate: {baseline_s * 1000:.0f} ms, {baseline_q} query, {len(baseline_rows)} owners due")
    print(f"  plan:  {plan_s:.2f} s, {plan_q} queries, {len(plan.digests)} digests, {items} notices")
    print(
        f"  send:  {send_s:.2f} s, {send_q} queries ({send_q / max(digests, 1):.2f} per digest), "
        f"{digests} sent, {len(outcome.failed)} failed"
    )
    print(
        f"  total: {plan_s + send_s:.2f} s = {(plan_s + send_s) / baseline_s:.0f}x the aggregate "
        f"(plan alone {plan_s / baseline_s:.0f}x)"
    )
    print(
        f"  same day again: {again_s:.2f} s, {again_q} queries, {len(again.digests)} digests to send, "
        f"{sink.received - received_before} received by the server",
        flush=True,
    )
    return {
        "pages": pages,
        "plan_queries": plan_q,
        "send_queries": send_q,
        "digests": digests,
        "failed": len(outcome.failed),
        "received": received,
        "again_digests": len(again.digests),
        "again_sent": len(again_outcome.sent),
        "again_received": sink.received - received_before,
    }


def broken_claims(runs):
    """What the docstring claims, checked; each claim that does not hold, in words."""
    failures = []
    smallest, largest = runs[0], runs[-1]
    if largest["plan_queries"] > smallest["plan_queries"]:
        failures.append(
            f"planning grew from {smallest['plan_queries']} queries at {smallest['pages']} pages "
            f"to {largest['plan_queries']} at {largest['pages']}"
        )
    # Per digest, compared without division: send_large / digests_large <= send_small / digests_small.
    if largest["send_queries"] * smallest["digests"] > smallest["send_queries"] * largest["digests"]:
        failures.append(
            f"sending grew from {smallest['send_queries']} queries for {smallest['digests']} digests "
            f"to {largest['send_queries']} for {largest['digests']}"
        )
    for run in runs:
        if not run["digests"]:
            failures.append(f"{run['pages']} pages: no digest was sent, so nothing was measured")
        if run["failed"] or run["received"] != run["digests"]:
            failures.append(
                f"{run['pages']} pages: {run['digests']} digests reported sent, {run['failed']} failed, "
                f"{run['received']} received by the SMTP server"
            )
        if run["again_digests"] or run["again_sent"] or run["again_received"]:
            failures.append(
                f"{run['pages']} pages: the second run planned {run['again_digests']} digests "
                f"and the server received {run['again_received']}"
            )
    return failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, nargs="+", default=[10000, 50000])
    parser.add_argument("--owners", type=int, default=3000)
    args = parser.parse_args()
    if len(set(args.pages)) < 2:
        parser.error("give at least two sizes: whether queries grow with pages is checked between them")

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command
    logging.getLogger("django_tasks").setLevel(logging.WARNING)  # one line per index update task
    connection.creation.create_test_db(verbosity=0, keepdb=False)
    sink = CountingSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    rng = random.Random(2026)
    today = timezone.localdate()
    try:
        users = create_people(args.owners, rng)
        # Fill Django's per-process caches (content types) first, so the smallest size is not charged for them.
        plan_reminders(today)
        runs = [run(total, users, rng, today, sink) for total in sorted(set(args.pages))]
        print(f"SMTP server received {sink.received} messages in all.")
    finally:
        controller.stop()
    failures = broken_claims(runs)
    if failures:
        sys.exit("Claims that do not hold:\n" + "\n".join(f"  - {failure}" for failure in failures))
    print("Claims hold: queries do not grow with pages, every digest arrived, a second run sends nothing.")


if __name__ == "__main__":
    main()
