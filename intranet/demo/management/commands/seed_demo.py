"""Build the demo municipality. Safe to run again: what exists is left as it is."""

import datetime
import json
import unicodedata
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page

from intranet.demo import content
from intranet.groups import services as group_services
from intranet.groups.directory import sync_department_groups
from intranet.groups.models import GroupKind, Membership, WorkGroup
from intranet.organisation.models import Department
from intranet.pages.models import (
    GuideIndexPage,
    GuidePage,
    HomePage,
    InfoPage,
    NewsIndexPage,
    NewsPage,
    PolicyIndexPage,
    PolicyPage,
)
from intranet.posts import services as post_services
from intranet.posts.models import Comment, Post, ReactionKind
from intranet.publishing.services import EDITORS_GROUP, WRITERS_GROUP

DEMO_PASSWORD = "intranat-demo"  # noqa: S105 - printed by `make run`; demo accounts only
DEMO_LOGINS = {"editor": "redaktor", "writer": "skribent", "staff": "medarbetare"}
ROLE_COUNTS = {"editor": 20, "writer": 40, "staff": 200}
#: Enough for a start page and a group page to look lived in.
POST_COUNT = 320


def ascii_name(text):
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def paragraphs(*texts):
    return json.dumps([{"type": "paragraph", "value": f"<p>{text}</p>"} for text in texts])


def steps(lead, step_texts):
    return json.dumps(
        [
            {"type": "paragraph", "value": f"<p>{lead}</p>"},
            {
                "type": "steps",
                "value": [{"title": text, "text": ""} for text in step_texts],
            },
        ]
    )


def page_author(page, default):
    return getattr(page, "content_owner", None) or default


class Command(BaseCommand):
    help = "Fill the intranet with a believable Swedish municipality (demo data only; never in production)."

    def handle(self, *args, **options):
        self.today = timezone.localdate()
        self.created = {"departments": 0, "users": 0, "pages": 0, "groups": 0, "posts": 0, "comments": 0}
        with transaction.atomic():
            departments = self.seed_departments()
            people = self.seed_people(departments)
            self.seed_pages(departments, people)
            groups = self.seed_groups(people)
            self.seed_conversations(groups)
        self.stdout.write(
            "Demo content: {departments} departments, {users} users, {pages} pages, {groups} groups, "
            "{posts} posts and {comments} comments created.".format(**self.created)
        )

    # Organisation -----------------------------------------------------------

    def seed_departments(self):
        departments = []
        for name, code, slug in content.DEPARTMENTS:
            department, created = Department.objects.get_or_create(slug=slug, defaults={"name": name, "code": code})
            self.created["departments"] += created
            departments.append(department)
        return departments

    def seed_people(self, departments):
        """Return role → list of users, each list in a stable order."""
        people = {role: [] for role in ROLE_COUNTS}
        index = 0
        for role, count in ROLE_COUNTS.items():
            for number in range(count):
                first = content.FIRST_NAMES[(index * 7) % len(content.FIRST_NAMES)]
                last = content.LAST_NAMES[(index * 11 + index // len(content.FIRST_NAMES)) % len(content.LAST_NAMES)]
                username = DEMO_LOGINS[role] if number == 0 else f"{ascii_name(first)}.{ascii_name(last)}{index}"
                department = departments[index % len(departments)]
                titles = content.JOB_TITLES[role]
                user = self.ensure_user(username, first, last, department, titles[index % len(titles)], index)
                people[role].append(user)
                index += 1
        self.ensure_groups(people)
        self.ensure_managers(people, departments)
        return people

    def ensure_user(self, username, first, last, department, job_title, index):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{ascii_name(first)}.{ascii_name(last)}{index}@kommunen.example",
            },
        )
        if created:
            self.created["users"] += 1
            if username in DEMO_LOGINS.values():
                user.set_password(DEMO_PASSWORD)
            else:
                user.set_unusable_password()
            user.save(update_fields=["password"])
            profile = user.profile
            profile.department = department
            profile.job_title = job_title
            profile.phone = f"0480-{45000 + index:05d}"
            profile.save()
        return user

    def ensure_groups(self, people):
        Group.objects.get(name=EDITORS_GROUP).user_set.add(*people["editor"])
        Group.objects.get(name=WRITERS_GROUP).user_set.add(*people["writer"])

    def ensure_managers(self, people, departments):
        """The first writer of each department heads it; the head of the first department heads them all."""
        heads = {}
        for user in people["writer"]:
            heads.setdefault(user.profile.department_id, user)
        chief_executive = heads[departments[0].pk]
        for role_users in people.values():
            for user in role_users:
                profile = user.profile
                manager = heads.get(profile.department_id)
                if manager == user:
                    manager = None if user == chief_executive else chief_executive
                if profile.manager_id is None and manager is not None:
                    profile.manager = manager
                    profile.save(update_fields=["manager"])

    # Groups and conversations -------------------------------------------------------------------------------

    def seed_groups(self, people):
        """The department groups, as the directory sync keeps them, and staff groups with members of their own."""
        self.created["groups"] += len(sync_department_groups().new_groups)
        everyone = [user for role_users in people.values() for user in role_users]
        for number, (name, description, is_open) in enumerate(content.STAFF_GROUPS):
            if WorkGroup.objects.filter(kind=GroupKind.STAFF, name=name).exists():
                continue
            founder = everyone[(number * 13) % len(everyone)]
            group = group_services.create_group(
                founder, name=name, description=description, join_policy="open" if is_open else "closed"
            )
            self.created["groups"] += 1
            # Every group a different crowd: each fifth colleague from a different starting point.
            for user in everyone[number::5][:40]:
                if user == founder:
                    continue
                if is_open:
                    group_services.join_group(user, group)
                else:
                    group_services.add_member(founder, group, user)
            # A closed group has someone waiting at its door.
            if not is_open:
                inside = set(group.memberships.values_list("user_id", flat=True))
                outsider = next(user for user in everyone[number * 7 :] if user.pk not in inside)
                group_services.request_to_join(outsider, group, "Får jag vara med?")
        return list(WorkGroup.objects.active().order_by("kind", "name"))

    def seed_conversations(self, groups):
        """A few hundred posts with comments, replies, reactions and @mentions, spread over the last two months."""
        if Post.objects.exists():
            return
        members = defaultdict(list)
        for group_id, user in (
            Membership.objects.filter(group__in=groups)
            .select_related("user")
            .order_by("pk")
            .values_list("group_id", "user")
        ):
            members[group_id].append(user)
        User = get_user_model()
        users = User.objects.in_bulk({user_id for group_users in members.values() for user_id in group_users})
        now = timezone.now()
        talkative = [group for group in groups if len(members[group.pk]) >= 3]
        for number in range(POST_COUNT):
            group = talkative[number % len(talkative)]
            people = [users[user_id] for user_id in members[group.pk]]
            author, mentioned = people[number % len(people)], people[(number * 3 + 1) % len(people)]
            text = content.POST_TEXTS[number % len(content.POST_TEXTS)]
            post = post_services.write_post(
                author, group, text.format(mention=f"@{mentioned.username}", group=group.name)
            )
            written_at = now - datetime.timedelta(hours=number * 4 + 1)
            Post.objects.filter(pk=post.pk).update(created_at=written_at)
            self.created["posts"] += 1
            first_comment = None
            for reply in range(number % 5):
                commenter = people[(number + reply * 7 + 2) % len(people)]
                comment_text = content.COMMENT_TEXTS[(number + reply) % len(content.COMMENT_TEXTS)]
                comment = post_services.write_comment(
                    commenter,
                    post,
                    comment_text.format(mention=f"@{author.username}"),
                    reply_to=first_comment if reply == 3 else None,
                )
                Comment.objects.filter(pk=comment.pk).update(
                    created_at=written_at + datetime.timedelta(minutes=20 * (reply + 1))
                )
                first_comment = first_comment or comment
                self.created["comments"] += 1
            for reaction in range(number % 7):
                post_services.react(people[(number + reaction * 5 + 4) % len(people)], post, ReactionKind.LIKE)

    # Pages ------------------------------------------------------------------

    def seed_pages(self, departments, people):
        home = HomePage.objects.first()
        self.publisher = people["editor"][0]
        owners = people["writer"] + people["editor"]
        by_code = {department.code: department for department in departments}

        news_index = self.ensure_page(home, NewsIndexPage(title="Nyheter", slug="nyheter", show_in_menus=True))
        guide_index = self.ensure_page(home, GuideIndexPage(title="Så gör du", slug="guider", show_in_menus=True))
        policy_index = self.ensure_page(
            home, PolicyIndexPage(title="Styrdokument", slug="styrdokument", show_in_menus=True)
        )

        for number, (code, title, lead) in enumerate(content.NEWS):
            date = self.today - datetime.timedelta(days=number * 9 + 1)
            department = by_code.get(code)
            page = NewsPage(
                title=title,
                slug=slugify(title),
                date=date,
                lead=lead,
                body=paragraphs(lead, "Har du frågor? Kontakta den som står som innehållsansvarig nedan."),
                department=department,
                content_owner=owners[number % len(owners)],
                review_date=date + NewsPage.review_interval,
            )
            self.ensure_page(news_index, page, published_on=date)

        for number, (title, lead, step_texts) in enumerate(content.GUIDES):
            page = GuidePage(
                title=title,
                slug=slugify(title),
                lead=lead,
                body=steps(lead, step_texts),
                department=departments[0] if number % 3 else None,
                content_owner=owners[(number * 3) % len(owners)],
                review_date=self.spread_review_date(number),
            )
            self.ensure_page(guide_index, page)

        for number, (title, decided_by, lead) in enumerate(content.POLICIES):
            decision_date = self.today - relativedelta(months=4 + number * 3)
            page = PolicyPage(
                title=title,
                slug=slugify(title),
                lead=lead,
                body=paragraphs(lead, f"Policyn är beslutad av {decided_by.lower()} och gäller alla förvaltningar."),
                decided_by=decided_by,
                decision_date=decision_date,
                valid_from=decision_date + datetime.timedelta(days=30),
                content_owner=owners[(number * 5 + 1) % len(owners)],
                review_date=self.spread_review_date(number + 1),
            )
            self.ensure_page(policy_index, page)

        for number, (title, lead) in enumerate(content.INFO_PAGES):
            page = InfoPage(
                title=title,
                slug=slugify(title),
                lead=lead,
                body=paragraphs(lead),
                content_owner=owners[number],
                review_date=self.spread_review_date(number + 2),
            )
            self.ensure_page(home, page)

    def spread_review_date(self, number):
        """Every fifth page overdue, every fifth due within a month, the rest later."""
        bucket = number % 5
        if bucket == 0:
            return self.today - datetime.timedelta(days=10 + number * 4)
        if bucket == 1:
            return self.today + datetime.timedelta(days=3 + number % 25)
        return self.today + relativedelta(months=3 + number % 15)

    def ensure_page(self, parent, page, published_on=None):
        existing = Page.objects.child_of(parent).filter(slug=page.slug).first()
        if existing is not None:
            return existing.specific
        # Overdue demo pages went out in time and were then left unreviewed. Publishing refuses a passed review
        # date, so they are published with today's date, which is moved back afterwards, as the days would have.
        overdue_since = getattr(page, "review_date", None)
        if overdue_since is not None and overdue_since < timezone.localdate():
            page.review_date = timezone.localdate()
        else:
            overdue_since = None
        parent.add_child(instance=page)
        # Written by the owner, published by an editor: the same path as in real life.
        page.save_revision(user=page_author(page, self.publisher), log_action=False).publish(
            user=self.publisher, log_action=False
        )
        if overdue_since is not None:
            type(page).objects.filter(pk=page.pk).update(review_date=overdue_since)
            page.review_date = overdue_since
        if published_on is not None:
            published_at = timezone.make_aware(datetime.datetime.combine(published_on, datetime.time(9)))
            Page.objects.filter(pk=page.pk).update(first_published_at=published_at, last_published_at=published_at)
        self.created["pages"] += 1
        return page
