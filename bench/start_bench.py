"""Start page benchmark: /api/v2/me/start/ beside a bare /api/v2/pages/ listing, on a municipality's worth of posts.

Run (outside the test suite; it needs PostgreSQL and several minutes):

    bin/with-postgres .venv/bin/python bench/start_bench.py

It bulk-creates 2,200 staff in 10 departments, 300 groups (one per department, the rest staff groups of 5 to 60
members; a few archived), follows, notifications, news and 10,000 owned pages; then posts and comments in two
stages, a tenth first and then all of them (default 100,000 posts and 300,000 comments, a few removed). At each
stage it sends, as the same sample of staff (Django's test client: the whole stack but the network), the start
page, the feed's second page and a bare /api/v2/pages/ listing, interleaved so that both see the same machine,
and prints p50/p95, SQL queries and SQL time per request, and the start page's ratio to the listing.

It checks what it claims, and exits non-zero naming each claim that failed:

- the number of SQL queries per request is the same at both stages, for every sampled person;
- every sampled person's start page has a full first page of feed.

The ratio to the listing is reported against its aim (at most 1.5x), not enforced: it depends on the machine.
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from intranet.demo.bulk import add_info_pages  # noqa: E402
from intranet.groups.models import GroupKind, Membership, Role, WorkGroup  # noqa: E402
from intranet.notifications.models import Notification, NotificationKind  # noqa: E402
from intranet.organisation.models import Department, EmployeeProfile  # noqa: E402
from intranet.people.models import Follow  # noqa: E402
from intranet.posts.models import Comment, Post  # noqa: E402

DEPARTMENTS = 10
ARCHIVED_GROUPS = 10
BATCH = 5000


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def create_people(count, rng):
    User = get_user_model()
    departments = [
        Department.objects.create(name=f"Förvaltning {n}", code=f"F{n}", slug=f"forvaltning-{n}")
        for n in range(DEPARTMENTS)
    ]
    users = User.objects.bulk_create(
        [
            User(username=f"person{n}", email=f"person{n}@kommunen.example", first_name="Kim", last_name=f"Lund {n}")
            for n in range(count)
        ],
        batch_size=BATCH,
    )
    # One in a hundred has left: their posts stay, named "Tidigare medarbetare".
    User.objects.filter(pk__in=[user.pk for user in users[::100]]).update(is_active=False)
    for user in users[::100]:
        user.is_active = False
    EmployeeProfile.objects.bulk_create(
        [EmployeeProfile(user=user, department=departments[n % DEPARTMENTS]) for n, user in enumerate(users)],
        batch_size=BATCH,
    )
    return users, departments


def create_groups(total, users, departments, rng):
    """Department groups of every member of the department, then staff groups of 5 to 60 people."""
    groups, members = [], []
    for n, department in enumerate(departments):
        group = WorkGroup.objects.create(
            name=department.name, slug=department.slug, kind=GroupKind.DEPARTMENT, department=department
        )
        groups.append(group)
        members.append([user for i, user in enumerate(users) if i % DEPARTMENTS == n])
    now = timezone.now()
    for n in range(total - len(departments)):
        group = WorkGroup.objects.create(
            name=f"Grupp {n}", slug=f"grupp-{n}", archived_at=now if n < ARCHIVED_GROUPS else None
        )
        groups.append(group)
        members.append(rng.sample(users, rng.randint(5, 60)))
    Membership.objects.bulk_create(
        [
            Membership(group=group, user=user, role=Role.ADMIN if i == 0 else Role.MEMBER)
            for group, people in zip(groups, members, strict=True)
            for i, user in enumerate(people)
        ],
        batch_size=BATCH,
    )
    return groups, members


def create_follows(users, rng):
    follows = set()
    for user in users:
        for followed in rng.sample(users, rng.randint(0, 15)):
            if followed.pk != user.pk:
                follows.add((user.pk, followed.pk))
    Follow.objects.bulk_create([Follow(follower_id=a, followed_id=b) for a, b in follows], batch_size=BATCH)
    return len(follows)


def create_notifications(users, count, rng):
    now = timezone.now()
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=rng.choice(users),
                kind=rng.choice([NotificationKind.MENTION, NotificationKind.REPLY, NotificationKind.REACTION]),
                actor=rng.choice(users),
                read_at=now if rng.random() < 0.5 else None,
            )
            for _ in range(count)
        ],
        batch_size=BATCH,
    )


def create_pages(users, departments, news, pages, rng):
    from tests import factories

    today = timezone.localdate()
    for n in range(news):
        factories.news_page(
            title=f"Nyhet {n}",
            slug=f"nyhet-{n}",
            date=today - datetime.timedelta(days=n),
            department=departments[n % (DEPARTMENTS + 1)] if n % (DEPARTMENTS + 1) < DEPARTMENTS else None,
            owner=users[1],
        )
    home = factories.home_page()
    add_info_pages(
        home,
        [
            {
                "title": f"Rutin {n}",
                "owner_id": rng.choice(users).pk,
                "review_date": today + datetime.timedelta(days=rng.randint(-60, 365)),
                "department_id": rng.choice(departments).pk,
            }
            for n in range(pages)
        ],
    )


class Timestamps:
    """Posts and comments with the times they were written (auto_now_add would stamp them all now)."""

    def __enter__(self):
        self.fields = [model._meta.get_field("created_at") for model in (Post, Comment)]
        for field in self.fields:
            field.auto_now_add = False
        return self

    def __exit__(self, *exc):
        for field in self.fields:
            field.auto_now_add = True


def create_posts(posts, comments, groups, members, users, rng, started_at):
    """`posts` posts in groups weighted by their size, and `comments` comments on them, over the last year."""
    now = timezone.now()
    weights = [len(people) for people in members]
    made = []
    with Timestamps():
        for start in range(0, posts, BATCH):
            batch = []
            for _ in range(min(BATCH, posts - start)):
                index = rng.choices(range(len(groups)), weights)[0]
                batch.append(
                    Post(
                        group=groups[index],
                        author=rng.choice(members[index]),
                        body="Hej alla! Påminnelse om mötet på torsdag: https://intranat.kommunen.example/moten/",
                        created_at=now - datetime.timedelta(seconds=rng.randint(0, 365 * 86400)),
                        removed_at=now if rng.random() < 0.01 else None,
                    )
                )
            made += Post.objects.bulk_create(batch)
        print(f"    {posts} posts ({time.perf_counter() - started_at:.0f} s)", flush=True)
        member_lists = {group.pk: people for group, people in zip(groups, members, strict=True)}
        for start in range(0, comments, BATCH):
            batch = []
            for _ in range(min(BATCH, comments - start)):
                post = rng.choice(made)
                people = member_lists[post.group_id]
                batch.append(
                    Comment(
                        post=post,
                        author=rng.choice(people) if rng.random() < 0.7 else rng.choice(users),
                        body="Tack, det låter bra. Jag kommer!",
                        created_at=min(now, post.created_at + datetime.timedelta(seconds=rng.randint(0, 3 * 86400))),
                        removed_at=now if rng.random() < 0.01 else None,
                    )
                )
            Comment.objects.bulk_create(batch)
        print(f"    {comments} comments ({time.perf_counter() - started_at:.0f} s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(client, url):
    """(response, ms, SQL queries, SQL ms) of one GET."""
    sql = []

    def record(execute, statement, params, many, context):
        started = time.perf_counter()
        try:
            return execute(statement, params, many, context)
        finally:
            sql.append(time.perf_counter() - started)

    with connection.execute_wrapper(record):
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    return response, elapsed, len(sql), sum(sql) * 1000


def measure(clients, rounds, label):
    """Interleaved requests for every sampled person; returns {endpoint: {ms, queries, sql_ms}} and feed sizes."""
    results = {name: {"ms": [], "queries": {}, "sql_ms": []} for name in ("start", "feed page 2", "pages")}
    feed_sizes = {}
    for _user, client in clients:  # warm up: Django's and Wagtail's per-process caches, PostgreSQL's buffers
        client.get("/api/v2/me/start/")
        client.get("/api/v2/pages/")
    for _ in range(rounds):
        for user, client in clients:
            response, ms, queries, sql_ms = timed(client, "/api/v2/me/start/")
            data = response.json()
            feed_sizes[user.pk] = len(data["feed"]["items"])
            runs = [("start", ms, queries, sql_ms)]
            if data["feed"]["next"]:
                _, ms, queries, sql_ms = timed(client, data["feed"]["next"])
                runs.append(("feed page 2", ms, queries, sql_ms))
            _, ms, queries, sql_ms = timed(client, "/api/v2/pages/")
            runs.append(("pages", ms, queries, sql_ms))
            for name, ms, queries, sql_ms in runs:
                results[name]["ms"].append(ms)
                results[name]["queries"][user.pk] = queries
                results[name]["sql_ms"].append(sql_ms)
    print(f"  {label}:")
    print(f"    {'endpoint':<22}{'p50 ms':>9}{'p95 ms':>9}{'SQL p50 ms':>12}{'queries':>10}{'requests':>10}")
    for name, result in results.items():
        counts = sorted(set(result["queries"].values()))
        shown = f"{counts[0]}" if len(counts) == 1 else f"{counts[0]}–{counts[-1]}"
        print(
            f"    {'/api/v2/me/' + name if name != 'pages' else '/api/v2/pages/':<22}"
            f"{percentile(result['ms'], 0.5):>9.1f}{percentile(result['ms'], 0.95):>9.1f}"
            f"{percentile(result['sql_ms'], 0.5):>12.1f}{shown:>10}{len(result['ms']):>10}"
        )
    start, pages = results["start"]["ms"], results["pages"]["ms"]
    ratio50 = percentile(start, 0.5) / percentile(pages, 0.5)
    ratio95 = percentile(start, 0.95) / percentile(pages, 0.95)
    verdict = "met" if ratio50 <= 1.5 and ratio95 <= 1.5 else "NOT met"
    print(f"    start / pages: p50 {ratio50:.2f}x, p95 {ratio95:.2f}x (aim at most 1.5x: {verdict})", flush=True)
    return results, feed_sizes


def explain(client, url):
    """The SQL of one request, slowest first, with PostgreSQL's plan of the three slowest: where the time goes."""
    statements = []

    def record(execute, statement, params, many, context):
        started = time.perf_counter()
        try:
            return execute(statement, params, many, context)
        finally:
            statements.append(((time.perf_counter() - started) * 1000, statement, params))

    with connection.execute_wrapper(record):
        client.get(url)
    statements.sort(key=lambda row: -row[0])
    print(f"  SQL of one {url}, slowest first:")
    for ms, statement, _ in statements:
        print(f"    {ms:6.1f} ms  {statement[:150]}")
    with connection.cursor() as cursor:
        for _, statement, params in statements[:3]:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, params)
            print("    ---")
            for (line,) in cursor.fetchall():
                print("    " + line)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=2200)
    parser.add_argument("--groups", type=int, default=300)
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--comments", type=int, default=300_000)
    parser.add_argument("--sample", type=int, default=40, help="how many people ask for their start page")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--explain", action="store_true", help="print the SQL plans of one start page at the end")
    args = parser.parse_args()

    logging.disable(logging.INFO)  # one line per page created and per index task otherwise
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, keepdb=False)
    rng = random.Random(2026)
    started = time.perf_counter()
    print("Creating:", flush=True)
    users, departments = create_people(args.users, rng)
    groups, members = create_groups(args.groups, users, departments, rng)
    follows = create_follows(users, rng)
    create_notifications(users, 30_000, rng)
    create_pages(users, departments, news=200, pages=10_000, rng=rng)
    print(
        f"    {len(users)} people, {len(groups)} groups ({ARCHIVED_GROUPS} archived), "
        f"{Membership.objects.count()} memberships, {follows} follows, 30000 notifications, "
        f"200 news and 10000 owned pages ({time.perf_counter() - started:.0f} s)",
        flush=True,
    )
    sample = rng.sample([user for user in users if user.is_active], args.sample)
    clients = []
    for user in sample:
        client = Client()
        client.force_login(user)
        clients.append((user, client))

    stages = []
    done_posts = done_comments = 0
    for fraction in (0.1, 1.0):
        posts, comments = int(args.posts * fraction), int(args.comments * fraction)
        print(f"Stage: {posts} posts, {comments} comments", flush=True)
        create_posts(posts - done_posts, comments - done_comments, groups, members, users, rng, started)
        done_posts, done_comments = posts, comments
        label = f"{Post.objects.count()} posts, {Comment.objects.count()} comments, {len(sample)} people"
        stages.append(measure(clients, args.rounds, label))

    if args.explain:
        explain(clients[0][1], "/api/v2/me/start/")
    failures = []
    (small, small_sizes), (large, large_sizes) = stages
    for name in small:
        for user_pk, queries in large[name]["queries"].items():
            before = small[name]["queries"].get(user_pk)
            if before is not None and before != queries:
                failures.append(f"{name}: person {user_pk} took {before} queries at the first stage, {queries} after")
    short = [pk for pk, size in large_sizes.items() if size < 20]
    if short:
        failures.append(f"{len(short)} sampled people have fewer than 20 items in their feed: nothing to page")
    if failures:
        sys.exit("Claims that do not hold:\n" + "\n".join(f"  - {failure}" for failure in failures))
    print("Claims hold: queries per request do not grow with the data; every sampled feed is full.")


if __name__ == "__main__":
    main()
