"""The personal start page: my department's news, my activity feed, my groups, shortcuts and what I must review.

The page is Wagtail's HomePage; its template asks for all this through `{% personal_start %}`
(templatetags/reader_start.py), which calls `start_page()` here. Each part comes from the service that owns it,
as /api/v2/me/start/ does: news from `news_on_start`, the feed from `feed_for`, reviews from "Mina sidor att
granska". The number of SQL queries does not depend on how much there is (tests/test_reader_start.py).
"""

from dataclasses import dataclass, field

from django.shortcuts import render

from intranet.groups.models import Membership
from intranet.ownership.reports import items_to_review
from intranet.startpage.api import news_on_start, read_me
from intranet.startpage.feed import InvalidCursor, feed_for, feed_sources

from .models import PersonalShortcut, ReaderSiteSettings

#: `?nyheter=alla`: the "alla förvaltningar" switch of the news.
ALL_NEWS = "alla"
REVIEWS_SHOWN = 10


@dataclass
class StartPage:
    scope: str
    news: list
    feed: object  # startpage.feed.FeedPage
    memberships: list
    shortcuts: list = field(default_factory=list)  # (title, url) the editors chose
    personal_shortcuts: list = field(default_factory=list)
    reviews: list = field(default_factory=list)
    reviews_count: int = 0


def editors_shortcuts(request):
    """The editors' shortcuts as (title, address): pages read in one query by the StreamField."""
    shortcuts = []
    for block in ReaderSiteSettings.for_request(request).shortcuts:
        value = block.value
        page = value.get("page")
        url = page.get_url(request) if page is not None else value.get("url")
        if url:
            shortcuts.append((value["title"], url))
    return shortcuts


def start_page(request):
    user = request.user
    scope = "all" if request.GET.get("nyheter") == ALL_NEWS else "mine"
    _unread, followed_ids = read_me(user)  # my profile (for my department's news) and whom I follow, in one query
    memberships = list(
        Membership.objects.filter(user=user, group__archived_at__isnull=True)
        .select_related("group")
        .only("role", "group__name", "group__slug", "group__kind")
        .order_by("group__name", "group__pk")
    )
    sources = ({membership.group_id: membership.group for membership in memberships}, followed_ids)
    reviews = items_to_review(user)
    return StartPage(
        scope=scope,
        news=list(news_on_start(user, scope)),
        feed=feed_for(user, sources=sources),
        memberships=memberships,
        shortcuts=editors_shortcuts(request),
        personal_shortcuts=list(PersonalShortcut.objects.filter(user=user)),
        reviews=reviews[:REVIEWS_SHOWN],
        reviews_count=len(reviews),
    )


def feed_page(request):
    """`/mitt-flode/?cursor=…`: the feed after the cursor. With htmx the items only ("Visa fler" swaps itself
    for them); without JavaScript a page of its own with the next link."""
    cursor = request.GET.get("cursor") or None
    try:
        page = feed_for(request.user, cursor=cursor, sources=feed_sources(request.user))
    except InvalidCursor:
        return render(request, "reader/start/feed.html", {"invalid_cursor": True}, status=400)
    context = {"feed": page}
    if request.headers.get("HX-Request") == "true":
        return render(request, "reader/start/_feed_items.html", context)
    return render(request, "reader/start/feed.html", context)
