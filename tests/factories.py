"""The one place tests make users, departments and pages."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

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
from intranet.publishing.services import EDITORS_GROUP, WRITERS_GROUP


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Förvaltning {n}")
    code = factory.Sequence(lambda n: f"F{n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Kim"
    last_name = factory.Sequence(lambda n: f"Andersson{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@kommunen.example")
    password = factory.django.Password("password")

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        if create and names:
            self.groups.add(*Group.objects.filter(name__in=names))

    @factory.post_generation
    def department(self, create, department, **kwargs):
        if create and department:
            self.profile.department = department
            self.profile.save()


def editor(**kwargs):
    return UserFactory(groups=[EDITORS_GROUP], **kwargs)


def writer(**kwargs):
    return UserFactory(groups=[WRITERS_GROUP], **kwargs)


def home_page():
    return HomePage.objects.get()


def _index(model, title, slug):
    home = home_page()
    existing = model.objects.child_of(home).filter(slug=slug).first()
    if existing:
        return existing
    page = model(title=title, slug=slug)
    home.add_child(instance=page)
    return page


def news_index():
    return _index(NewsIndexPage, "Nyheter", "nyheter")


def guide_index():
    return _index(GuideIndexPage, "Så gör du", "guider")


def policy_index():
    return _index(PolicyIndexPage, "Styrdokument", "styrdokument")


def _content_defaults(title, kwargs):
    kwargs["title"] = title
    kwargs.setdefault("content_owner", kwargs.pop("owner", None) or UserFactory())
    kwargs.setdefault("review_date", timezone.localdate() + datetime.timedelta(days=180))
    kwargs.setdefault("lead", "En kort ingress.")
    kwargs.setdefault("slug", slugify(kwargs["title"]))
    return kwargs


def _add(parent, page, live):
    page.live = False
    parent.add_child(instance=page)
    revision = page.save_revision()
    if live:
        _publish_in_time(page, revision)
        page.refresh_from_db()
    return page


def _publish_in_time(page, revision):
    """Publish; a page asked for with a passed review date was published in time and then left unreviewed.

    Publishing refuses a passed review date on every route, so an overdue page is
    published with today's date, which is then moved back, on the page and in its
    revision, to what the test asked for: as if the days had gone by.
    """
    review_date = page.review_date
    if review_date is None or review_date >= timezone.localdate():
        revision.publish()
        return
    revision.content["review_date"] = timezone.localdate().isoformat()
    revision.save(update_fields=["content"])
    revision.publish()
    revision.content["review_date"] = review_date.isoformat()
    revision.save(update_fields=["content"])
    type(page).objects.filter(pk=page.pk).update(review_date=review_date)


def news_page(title="En nyhet", live=True, **kwargs):
    kwargs.setdefault("date", timezone.localdate())
    return _add(news_index(), NewsPage(**_content_defaults(title, kwargs)), live)


def guide_page(title="En guide", live=True, **kwargs):
    return _add(guide_index(), GuidePage(**_content_defaults(title, kwargs)), live)


def info_page(title="En infosida", live=True, parent=None, **kwargs):
    return _add(parent or home_page(), InfoPage(**_content_defaults(title, kwargs)), live)


def policy_page(title="En policy", live=True, **kwargs):
    kwargs.setdefault("decided_by", "Kommunfullmäktige")
    kwargs.setdefault("decision_date", timezone.localdate())
    kwargs.setdefault("valid_from", timezone.localdate())
    return _add(policy_index(), PolicyPage(**_content_defaults(title, kwargs)), live)


def promoted_result(phrase, page, starts_on=None, ends_on=None):
    """An editor's promoted search result (Wagtail's SearchPromotion), shown between two dates if given."""
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    from search.models import PromotionPeriod

    query = Query.get(phrase)
    promotion = SearchPromotion.objects.create(query=query, page=page, sort_order=query.editors_picks.count())
    PromotionPeriod.objects.create(promotion=promotion, starts_on=starts_on, ends_on=ends_on)
    return promotion


def search_count(text, day, searches, zero_result_searches=0):
    """`searches` searches for `text` on `day`, `zero_result_searches` of them without results.

    The text is stored as given (Query.save() would normalise it), so that a test can hold any text.
    """
    from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

    from search.models import QueryDailyZeroResults

    query = Query.objects.filter(query_string=text).first() or Query.objects.bulk_create([Query(query_string=text)])[0]
    QueryDailyHits.objects.create(query=query, date=day, hits=searches)
    if zero_result_searches:
        QueryDailyZeroResults.objects.create(query=query, date=day, hits=zero_result_searches)


# --- Groups (issue 11, point 1) -----------------------------------------------------------------------------


class WorkGroupFactory(factory.django.DjangoModelFactory):
    """A staff group; `staff_group()` below also gives it an admin and members."""

    class Meta:
        model = "groups.WorkGroup"

    name = factory.Sequence(lambda n: f"Arbetsgrupp {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = "staff"
    join_policy = "open"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "groups.Membership"

    group = factory.SubFactory(WorkGroupFactory)
    user = factory.SubFactory(UserFactory)
    role = "member"
    source = "manual"


def staff_group(admin=None, members=(), **kwargs):
    """A staff group with `admin` as its admin (a new user if not given) and `members` as plain members."""
    group = WorkGroupFactory(**kwargs)
    MembershipFactory(group=group, user=admin or UserFactory(), role="admin")
    for member in members:
        MembershipFactory(group=group, user=member)
    return group


# --- Posts, comments (intranet.posts) ------------------------------------------------------------------------


class PostFactory(factory.django.DjangoModelFactory):
    """A post; give it a `group` and an `author` (membership is not checked here: the services check it)."""

    class Meta:
        model = "posts.Post"

    body = factory.Sequence(lambda n: f"Inlägg nummer {n}")


class CommentFactory(factory.django.DjangoModelFactory):
    """A comment on `post` by `author` (a reply with `parent`)."""

    class Meta:
        model = "posts.Comment"

    body = factory.Sequence(lambda n: f"Kommentar nummer {n}")


# --- Notifications (issue 11, point 3) ---------------------------------------------------------------------


def digest_choices(user, **choices):
    """The person's email digest choices, e.g. digest_choices(user, mentions="off", replies="daily")."""
    from intranet.notifications.models import NotificationSettings

    row, _ = NotificationSettings.objects.update_or_create(user=user, defaults=choices)
    return row


def mute_group(user, group):
    from intranet.notifications.models import GroupMute

    return GroupMute.objects.get_or_create(user=user, group=group)[0]


# --- People directory and collaboration search (issue 11, people and search) --------------------------------
# Kept in one block so that the other parts of issue 11 merge beside it cleanly.


def person(username, first_name, last_name, department=None, manager=None, **profile_fields):
    """An employee with a profile as the directory sync leaves it (title, phone, unit, manager)."""
    user = UserFactory(username=username, first_name=first_name, last_name=last_name, department=department)
    profile = user.profile
    for name, value in profile_fields.items():
        setattr(profile, name, value)
    profile.manager = manager
    profile.save()
    return user
