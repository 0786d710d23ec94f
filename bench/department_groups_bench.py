"""Department groups at municipal scale: time and queries of the sync's department-group step.

Run outside the test suite (no directory needed: the step reads what the directory sync wrote):

    bin/with-postgres .venv/bin/python bench/department_groups_bench.py --users 40000

It writes N active staff in 60 departments (each reports to one of 360 managers in their own department) in
bulk, then times the first run (every group and membership made), a run with nothing to do, and a run after
1% of the staff moved department, 0.5% were deactivated and 20 new managers appeared, with the number of SQL
queries of each.

Measured (2 shared cores, PostgreSQL 15): 40,000 staff: first run 5.8 s and 32 queries (40,000 memberships
inserted in batches of 2,000); nothing changed 0.47 s, 10 queries; after the changes 0.70 s, 13 queries.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from intranet.groups.directory import sync_department_groups  # noqa: E402
from intranet.groups.models import Membership  # noqa: E402
from intranet.organisation.models import Department, EmployeeProfile  # noqa: E402

DEPARTMENTS = 60
#: A multiple of DEPARTMENTS: each manager's reports are in the manager's own department.
MANAGERS = 360


def fill(total):
    User = get_user_model()
    departments = Department.objects.bulk_create(
        [Department(name=f"Förvaltning {n}", code=f"F{n}", slug=f"forvaltning-{n}") for n in range(DEPARTMENTS)]
    )
    users = User.objects.bulk_create(
        [User(username=f"anst{n}", first_name="Anställd", last_name=str(n)) for n in range(total)], batch_size=5000
    )
    EmployeeProfile.objects.bulk_create(
        [
            EmployeeProfile(
                user=user,
                department=departments[n % DEPARTMENTS],
                manager=users[n % MANAGERS] if n >= MANAGERS else None,
            )
            for n, user in enumerate(users)
        ],
        batch_size=5000,
    )
    return departments, users


def change(departments, users):
    rng = random.Random(11)
    movers = rng.sample(users[MANAGERS:], len(users) // 100)
    profiles = list(EmployeeProfile.objects.filter(user__in=movers))
    for profile in profiles:
        profile.department = rng.choice(departments)
    new_managers = rng.sample(users[MANAGERS:], 20)
    moving = set(movers)
    staying = [user for user in users[MANAGERS:] if user not in moving]
    reports = list(EmployeeProfile.objects.filter(user__in=rng.sample(staying, 20)))
    for profile, manager in zip(reports, new_managers, strict=True):
        profile.manager = manager
    EmployeeProfile.objects.bulk_update(profiles + reports, ["department", "manager"], batch_size=5000)
    leavers = rng.sample(users[MANAGERS:], len(users) // 200)
    get_user_model().objects.filter(pk__in=[u.pk for u in leavers]).update(is_active=False)


def timed(label):
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        changes = sync_department_groups()
        seconds = time.perf_counter() - started
    print(
        f"{label:<34} {seconds:7.2f} s {len(captured):4d} queries  "
        f"+{changes.joined} -{changes.left} roles {changes.role_changed} leavers {changes.leavers_removed}"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, nargs="+", default=[40000])
    arguments = parser.parse_args()
    setup_test_environment()
    for total in arguments.users:
        connection.creation.create_test_db(verbosity=0, keepdb=False)
        departments, users = fill(total)
        print(f"{total} staff, {DEPARTMENTS} departments, {MANAGERS} managers")
        timed("first run (everything made)")
        timed("nothing changed")
        change(departments, users)
        timed("1% moved, 0.5% left, 20 managers")
        timed("nothing changed again")
        print(f"memberships: {Membership.objects.count()}")


if __name__ == "__main__":
    main()
