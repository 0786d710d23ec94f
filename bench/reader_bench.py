"""Reader page benchmark: the start page and an article beside a bare Django view, with the demo data ×10.

Run (outside the test suite; it needs PostgreSQL and a few minutes):

    bin/with-postgres .venv/bin/python bench/reader_bench.py            # --scale 10 --rounds 20 --sample 20

It fills a fresh database with the demo content (`seed_demo`) and measures; then multiplies the demo by
`--scale` (staff, staff groups and their members, posts, comments, notifications, news and info pages) and
measures again. Each measurement sends, as a sample of staff from every department (Django's test client: the
whole stack but the network, the reader site's HTML with all its middleware), their start page `/`, a news
article, and a bare Django view returning a constant page (bench/reader_urls.py), interleaved so that all three
see the same machine. It prints p50/p95 and SQL queries per request and each page's ratio to the bare view.

It checks what it claims, and exits non-zero naming each claim that failed:

- the number of SQL queries per request is the same before and after multiplying, for every sampled person;
- every request answers 200 with the reader's layout.

Each stage is measured rendered on every request (the first visit after a change) and kept
(intranet/reader/page_cache.py: a person's page served while nothing it shows has changed); the large stage
also kept with a comment posted before each round (every start page rendered again, articles still kept).
The ratio to the bare view is reported against its aim (at most 3x at ×10), not enforced: it depends on the
machine.
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

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from intranet.demo.bulk import add_info_pages  # noqa: E402
from intranet.groups.models import GroupKind, Membership, Role, WorkGroup  # noqa: E402
from intranet.notifications.models import Notification  # noqa: E402
from intranet.organisation.models import EmployeeProfile  # noqa: E402
from intranet.pages.models import HomePage, InfoPage, NewsPage  # noqa: E402
from intranet.posts.models import Comment, Post  # noqa: E402

BATCH = 5000
AIM = 3.0
PAGES = ("start", "article", "constant")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def multiply_people(times, rng):
    """Copies of every demo person (unusable passwords), in the same departments with the same titles."""
    User = get_user_model()
    originals = list(EmployeeProfile.objects.select_related("user"))
    users, profiles = [], []
    for n in range(1, times):
        for profile in originals:
            person = profile.user
            users.append(
                User(
                    username=f"{person.username}-x{n}",
                    first_name=person.first_name,
                    last_name=f"{person.last_name} {n}",
                    email=f"x{n}.{person.email}",
                    password="!",
                )
            )
            profiles.append((profile, len(users) - 1))
    made = User.objects.bulk_create(users, batch_size=BATCH)
    EmployeeProfile.objects.bulk_create(
        [
            EmployeeProfile(
                user=made[index], department_id=profile.department_id, job_title=profile.job_title, phone=profile.phone
            )
            for profile, index in profiles
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    return made


def multiply_groups(times, new_people, rng):
    """Copies of the staff groups, each with as many members as its original, drawn from everyone."""
    everyone = list(get_user_model().objects.filter(is_active=True).values_list("pk", flat=True))
    originals = list(WorkGroup.objects.filter(kind=GroupKind.STAFF))
    sizes = {group.pk: group.memberships.count() for group in originals}
    made = WorkGroup.objects.bulk_create(
        [
            WorkGroup(name=f"{group.name} {n}", slug=f"{group.slug}-x{n}", description=group.description)
            for n in range(1, times)
            for group in originals
        ]
    )
    members = []
    for group, original in zip(made, [g for _ in range(1, times) for g in originals], strict=True):
        for i, pk in enumerate(rng.sample(everyone, max(2, sizes[original.pk]))):
            members.append(Membership(group=group, user_id=pk, role=Role.ADMIN if i == 0 else Role.MEMBER))
    Membership.objects.bulk_create(members, batch_size=BATCH, ignore_conflicts=True)
    return made


def multiply_conversations(times, rng):
    """(times - 1) more posts and comments like the demo's, over the same two months, in every group."""
    now = timezone.now()
    groups = list(WorkGroup.objects.filter(archived_at__isnull=True))
    members = {}
    for membership in Membership.objects.values("group_id", "user_id"):
        members.setdefault(membership["group_id"], []).append(membership["user_id"])
    groups = [group for group in groups if members.get(group.pk)]
    post_bodies = list(Post.objects.values_list("body", flat=True)[:200]) or ["Hej alla!"]
    comment_bodies = list(Comment.objects.values_list("body", flat=True)[:200]) or ["Tack!"]
    post_count, comment_count = Post.objects.count(), Comment.objects.count()
    fields = [model._meta.get_field("created_at") for model in (Post, Comment)]
    for field in fields:
        field.auto_now_add = False
    try:
        posts = []
        for _ in range(post_count * (times - 1)):
            group = rng.choice(groups)
            posts.append(
                Post(
                    group=group,
                    author_id=rng.choice(members[group.pk]),
                    body=rng.choice(post_bodies),
                    created_at=now - datetime.timedelta(seconds=rng.randint(0, 60 * 86400)),
                )
            )
        posts = Post.objects.bulk_create(posts, batch_size=BATCH)
        comments = []
        for _ in range(comment_count * (times - 1)):
            post = rng.choice(posts)
            comments.append(
                Comment(
                    post=post,
                    group_id=post.group_id,
                    author_id=rng.choice(members[post.group_id]),
                    body=rng.choice(comment_bodies),
                    created_at=min(now, post.created_at + datetime.timedelta(seconds=rng.randint(0, 86400))),
                )
            )
        Comment.objects.bulk_create(comments, batch_size=BATCH)
    finally:
        for field in fields:
            field.auto_now_add = True
    return len(posts), len(comments)


def multiply_notifications(times, rng):
    originals = list(Notification.objects.all())
    everyone = list(get_user_model().objects.filter(is_active=True).values_list("pk", flat=True))
    copies = []
    for _ in range(1, times):
        for notification in originals:
            notification.pk = None
            notification.recipient_id = rng.choice(everyone)
            copies.append(
                Notification(**{f.attname: getattr(notification, f.attname) for f in Notification._meta.fields})
            )
    # One unread reaction count per person and post: a copy that would be a second one is left out.
    Notification.objects.bulk_create(copies, batch_size=BATCH, ignore_conflicts=True)
    return len(copies)


def multiply_pages(times, rng):
    """(times - 1) more news (through Wagtail, as an editor publishes them) and info pages (in bulk)."""
    from tests import factories

    news = list(NewsPage.objects.live().select_related("department"))
    owners = list(get_user_model().objects.filter(is_active=True, groups__name="Redaktörer"))
    today = timezone.localdate()
    made = 0
    for n in range(1, times):
        for page in news:
            factories.news_page(
                title=f"{page.title} ({n})",
                slug=f"{page.slug}-x{n}",
                date=page.date - datetime.timedelta(days=n),
                department=page.department,
                owner=rng.choice(owners),
                lead=page.lead,
            )
            made += 1
    info = InfoPage.objects.live().count()
    home = HomePage.objects.live().first()
    add_info_pages(
        home,
        [
            {
                "title": f"Information {n}",
                "owner_id": rng.choice(owners).pk,
                "review_date": today + datetime.timedelta(days=rng.randint(1, 365)),
            }
            for n in range(info * (times - 1))
        ],
    )
    return made, info * (times - 1)


def timed(client, url):
    """(response, ms, SQL queries) of one GET."""
    count = [0]

    def record(execute, statement, params, many, context):
        count[0] += 1
        return execute(statement, params, many, context)

    with connection.execute_wrapper(record):
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
    return response, elapsed, count[0]


def measure(clients, article_url, rounds, label, keep, comment_each_round=False):
    """`keep`: pages served kept while nothing they show changes (intranet/reader/page_cache.py); otherwise
    rendered on every request, as the first visit after a change is. `comment_each_round`: a colleague comments
    in a group before each round, so that every start page is rendered again and articles stay kept."""
    mode = "kept" if keep else "rendered every time"
    if comment_each_round:
        mode += ", a comment posted before each round"
    with override_settings(READER_PAGE_CACHE_SECONDS=600 if keep else 0):
        return measure_now(clients, article_url, rounds, f"{label}: {mode}", comment_each_round)


def post_a_comment():
    post = Post.objects.order_by("-pk").first()
    Comment.objects.create(post=post, group_id=post.group_id, author=post.author, body="Tack, bra att veta!")


def measure_now(clients, article_url, rounds, label, comment_each_round):
    urls = {"start": "/", "article": article_url, "constant": "/bench/constant/"}
    results = {name: {"ms": [], "queries": {}} for name in PAGES}
    failures = []
    for _user, client in clients:  # warm up: per-process caches, PostgreSQL's buffers
        for url in urls.values():
            client.get(url)
    for _ in range(rounds):
        if comment_each_round:
            post_a_comment()
        for user, client in clients:
            for name, url in urls.items():
                response, ms, queries = timed(client, url)
                if response.status_code != 200 or (name != "constant" and b'id="innehall"' not in response.content):
                    failures.append(f"{name} for {user.username}: {response.status_code}")
                results[name]["ms"].append(ms)
                results[name]["queries"][user.pk] = queries
    constant50, constant95 = percentile(results["constant"]["ms"], 0.5), percentile(results["constant"]["ms"], 0.95)
    print(f"  {label}:")
    print(
        f"    {'page':<10}{'p50 ms':>9}{'p95 ms':>9}{'queries':>10}{'requests':>10}{'p50 ratio':>11}{'p95 ratio':>11}"
    )
    for name in PAGES:
        result = results[name]
        counts = sorted(set(result["queries"].values()))
        shown = f"{counts[0]}" if len(counts) == 1 else f"{counts[0]}–{counts[-1]}"
        p50, p95 = percentile(result["ms"], 0.5), percentile(result["ms"], 0.95)
        print(
            f"    {name:<10}{p50:>9.1f}{p95:>9.1f}{shown:>10}{len(result['ms']):>10}"
            f"{p50 / constant50:>10.2f}x{p95 / constant95:>10.2f}x"
        )
    for name in ("start", "article"):
        ratio = percentile(results[name]["ms"], 0.5) / constant50
        ratio95 = percentile(results[name]["ms"], 0.95) / constant95
        verdict = "met" if ratio <= AIM and ratio95 <= AIM else "NOT met"
        print(f"    {name} / constant: p50 {ratio:.2f}x, p95 {ratio95:.2f}x (aim at most {AIM:g}x: {verdict})")
    sys.stdout.flush()
    return results, failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--sample", type=int, default=20, help="how many staff ask for their pages")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    logging.disable(logging.INFO)
    setup_test_environment()
    connection.settings_dict["TEST"]["NAME"] = "bench_reader"  # not the test suite's database
    connection.creation.create_test_db(verbosity=0, keepdb=False, autoclobber=True)
    rng = random.Random(2026)
    started = time.perf_counter()
    # Index and reference updates would run one by one on every save; nothing measured here reads them.
    with override_settings(
        ROOT_URLCONF="bench.reader_urls",
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
    ):
        print("Seeding the demo content:", flush=True)
        call_command("seed_demo", verbosity=0)
        print(f"    done ({time.perf_counter() - started:.0f} s)", flush=True)
        staff = list(
            get_user_model()
            .objects.filter(is_active=True, profile__department__isnull=False)
            .exclude(groups__name__in=["Redaktörer", "Skribenter"])
            .order_by("pk")
        )
        by_department = {}
        for person in staff:
            by_department.setdefault(person.profile.department_id, []).append(person)
        sample = [people[i] for i in range(args.sample) for people in by_department.values() if i < len(people)]
        sample = sample[: args.sample]
        clients = []
        for user in sample:
            client = Client()
            client.force_login(user)
            clients.append((user, client))
        article = NewsPage.objects.live().order_by("-date").first()
        article_url = article.url
        stages = [measure(clients, article_url, args.rounds, describe("demo ×1"), keep=False)]
        kept_stages = [measure(clients, article_url, args.rounds, describe("demo ×1"), keep=True)]

        print(f"Multiplying the demo by {args.scale}:", flush=True)
        new_people = multiply_people(args.scale, rng)
        multiply_groups(args.scale, new_people, rng)
        posts, comments = multiply_conversations(args.scale, rng)
        notifications = multiply_notifications(args.scale, rng)
        news, info = multiply_pages(args.scale, rng)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(
            f"    +{len(new_people)} people, +{posts} posts, +{comments} comments, +{notifications} notifications, "
            f"+{news} news, +{info} info pages ({time.perf_counter() - started:.0f} s)",
            flush=True,
        )
        stages.append(measure(clients, article_url, args.rounds, describe(f"demo ×{args.scale}"), keep=False))
        large = describe(f"demo ×{args.scale}")
        kept_stages.append(measure(clients, article_url, args.rounds, large, keep=True))
        kept_stages.append(measure(clients, article_url, args.rounds, large, keep=True, comment_each_round=True))

    failures = [failure for _, stage_failures in stages + kept_stages for failure in stage_failures]
    (small, _), (large, _) = stages
    for name in PAGES:
        for user_pk, queries in large[name]["queries"].items():
            before = small[name]["queries"].get(user_pk)
            if before != queries:
                failures.append(f"{name}: person {user_pk} took {before} queries at ×1, {queries} at ×{args.scale}")
    if failures:
        sys.exit("Claims that do not hold:\n" + "\n".join(f"  - {failure}" for failure in sorted(set(failures))))
    print("Claims hold: queries per request do not grow with the data; every page answered with the reader's layout.")


def describe(label):
    return (
        f"{label}: {get_user_model().objects.count()} people, {WorkGroup.objects.count()} groups, "
        f"{Post.objects.count()} posts, {Comment.objects.count()} comments, {NewsPage.objects.count()} news, "
        f"{InfoPage.objects.count()} info pages, {settings.DATABASES['default']['NAME']}"
    )


if __name__ == "__main__":
    main()
