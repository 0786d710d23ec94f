"""`GET /api/v2/me/start/`: everything the personal start page shows, in one answer; `GET /api/v2/me/feed/`: more feed.

Each part comes from the service that owns it: news from `intranet.pages.news.news_for` (the rules of
/api/v2/news/for-me/, "why" included), reviews from "Mina sidor att granska" (`intranet.ownership`), the unread
count from `intranet.notifications.services`, the feed from `feed.py`. The number of SQL queries per request does
not depend on how much there is (tests/test_startpage.py)."""

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import Count, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from intranet.groups.models import Membership
from intranet.headless.schema import ErrorSerializer
from intranet.notifications.services import unread_count, unread_notifications
from intranet.organisation.models import EmployeeProfile
from intranet.ownership.reports import items_to_review
from intranet.pages.news import news_for
from intranet.people.models import Follow

from .feed import InvalidCursor, feed_for, feed_sources, followed
from .serializers import FeedParameters, FeedSerializer, StartParameters, StartSerializer

NEWS_ON_START = 10
REVIEWS_ON_START = 10


def read_parameters(serializer_class, request):
    parameters = serializer_class(data=request.query_params)
    if not parameters.is_valid():
        raise ValidationError(parameters.errors)
    return parameters.validated_data


def read_me(user):
    """(unread notifications, the ids of the people I follow), and my profile with its department, in one query.

    news_for reads the profile and the department; the count (as /api/v2/notifications/unread-count/ counts,
    `unread_notifications`) and whom I follow (for the feed) are small lookups by me as well. Asked one by one,
    the round trips to the database cost more than the lookups: asked together, the start page takes two queries
    fewer. The list of people I follow is an array, which only PostgreSQL has; elsewhere it is read on its own.
    """
    counted = unread_notifications(user).order_by().values("recipient").annotate(count=Count("pk")).values("count")
    query = EmployeeProfile.objects.select_related("department").filter(user=user)
    query = query.annotate(unread=Coalesce(Subquery(counted), 0))
    if connection.vendor == "postgresql":
        query = query.annotate(followed_ids=ArraySubquery(Follow.objects.filter(follower=user).values("followed_id")))
    profile = query.first()
    if profile is None:  # nobody the directory knows: nothing to read together
        return unread_count(user), followed(user)
    user.profile = profile
    followed_ids = profile.followed_ids if connection.vendor == "postgresql" else followed(user)
    return profile.unread, followed_ids


def news_on_start(user, scope):
    """The first of /api/v2/news/for-me/'s items, with only the columns its items show (not the page's body)."""
    return (
        news_for(user, scope)
        .select_related(None)
        .select_related("department")
        .only("title", "url_path", "lead", "date", "department__name", "department__code", "department__slug")
    )[:NEWS_ON_START]


def feed_page(request, cursor=None, sources=None):
    """One page of the feed as the API shows it, with the link to the next."""
    try:
        page = feed_for(request.user, cursor=cursor, sources=sources)
    except InvalidCursor as error:
        raise ValidationError(
            {"cursor": [_("cursor is not a valid position in the feed. Start again from the first page.")]}
        ) from error
    next_url = None
    if page.next_cursor:
        next_url = request.build_absolute_uri(
            reverse("wagtailapi:me_feed") + "?" + urlencode({"cursor": page.next_cursor})
        )
    return {"items": page.items, "next": next_url}


class StartView(APIView):
    @extend_schema(
        summary="My start page",
        parameters=[StartParameters],
        responses={200: StartSerializer, 400: ErrorSerializer},
        description=(
            "My department's and the municipality's news (`scope=all`: every department's; each item says why it "
            "is shown), the first page of my activity feed (posts and comments in my groups and by people I "
            "follow, newest first; `feed.next` continues it), my groups, my unread notifications and the content "
            "I own that is due for review."
        ),
    )
    def get(self, request):
        scope = read_parameters(StartParameters, request)["scope"]
        user = request.user
        unread, followed_ids = read_me(user)
        memberships = list(
            Membership.objects.filter(user=user, group__archived_at__isnull=True)
            .select_related("group")
            .only("role", "group__name", "group__slug", "group__kind")  # what MyGroupSerializer shows
            .order_by("group__name", "group__pk")
        )
        sources = ({membership.group_id: membership.group for membership in memberships}, followed_ids)
        reviews = items_to_review(user)
        data = {
            "news": {
                "scope": scope,
                "items": news_on_start(user, scope),
                "more": request.build_absolute_uri(
                    reverse("wagtailapi:news_for_me") + "?" + urlencode({"scope": scope})
                ),
            },
            "feed": feed_page(request, sources=sources),
            "groups": memberships,
            "notifications": {
                "unread": unread,
            },
            "reviews": {
                "count": len(reviews),
                "items": reviews[:REVIEWS_ON_START],
                "more": request.build_absolute_uri(reverse("ownership_my_reviews")),
            },
        }
        return Response(StartSerializer(data, context={"request": request}).data)


class FeedView(APIView):
    @extend_schema(
        summary="My activity feed",
        parameters=[FeedParameters],
        responses={200: FeedSerializer, 400: ErrorSerializer},
        description="Posts and comments in my groups and by people I follow, newest first, 20 at a time.",
    )
    def get(self, request):
        cursor = read_parameters(FeedParameters, request).get("cursor")
        page = feed_page(request, cursor=cursor, sources=feed_sources(request.user))
        return Response(FeedSerializer(page, context={"request": request}).data)
