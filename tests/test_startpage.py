"""The personal start page (/api/v2/me/start/) and the activity feed (/api/v2/me/feed/)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intranet.groups.models import Membership, Role, WorkGroup
from intranet.notifications.models import Notification, NotificationKind
from intranet.people.models import Follow
from intranet.posts import services
from intranet.posts.models import Comment, Mention, Post
from intranet.startpage.feed import feed_for, feed_sources
from intranet.startpage.serializers import FeedSerializer

from . import factories

pytestmark = pytest.mark.django_db

START = "/api/v2/me/start/"
FEED = "/api/v2/me/feed/"


def group(name, *members, admins=(), archived=False):
    work_group = WorkGroup.objects.create(
        name=name, slug=name.lower().replace(" ", "-"), archived_at=timezone.now() if archived else None
    )
    for member in members:
        Membership.objects.create(group=work_group, user=member)
    for admin in admins:
        Membership.objects.create(group=work_group, user=admin, role=Role.ADMIN)
    return work_group


def post(work_group, author, body="Hej!", when=None, **fields):
    created = Post.objects.create(group=work_group, author=author, body=body, **fields)
    if when is not None:  # created_at is auto_now_add: set afterwards
        Post.objects.filter(pk=created.pk).update(created_at=when)
        created.refresh_from_db()
    return created


def comment(on_post, author, body="Bra!", when=None, **fields):
    created = Comment.objects.create(post=on_post, author=author, body=body, **fields)
    if when is not None:
        Comment.objects.filter(pk=created.pk).update(created_at=when)
        created.refresh_from_db()
    return created


@pytest.fixture
def social():
    return factories.DepartmentFactory(name="Socialförvaltningen", code="SOC", slug="socialforvaltningen")


@pytest.fixture
def school():
    return factories.DepartmentFactory(name="Utbildningsförvaltningen", code="UTB", slug="utbildningsforvaltningen")


@pytest.fixture
def reader(client, social):
    user = factories.UserFactory(username="lisa", first_name="Lisa", last_name="Berg", department=social)
    client.force_login(user)
    return user


def feed_ids(data):
    return [(item["kind"], item["id"]) for item in data["items"]]


def test_anonymous_gets_401(client):
    assert client.get(START).status_code == 401
    assert client.get(FEED).status_code == 401


def test_news_with_reasons_and_the_all_departments_switch(client, reader, social, school):
    mine = factories.news_page(title="Nytt från soc", department=social, date=datetime.date(2026, 3, 3))
    everyone = factories.news_page(title="Till alla", date=datetime.date(2026, 3, 2))
    other = factories.news_page(title="Nytt från skolan", department=school, date=datetime.date(2026, 3, 1))

    news = client.get(START).json()["news"]
    assert news["scope"] == "mine"
    assert [(item["id"], item["reason"]) for item in news["items"]] == [
        (mine.pk, "department"),
        (everyone.pk, "municipality"),
    ]
    assert news["more"] == "http://testserver/api/v2/news/for-me/?scope=mine"

    news = client.get(START, {"scope": "all"}).json()["news"]
    assert [(item["id"], item["reason"]) for item in news["items"]] == [
        (mine.pk, "department"),
        (everyone.pk, "municipality"),
        (other.pk, "all"),
    ]
    # The same items, in the same order, as the news endpoint gives: one rule for both.
    for_me = client.get("/api/v2/news/for-me/", {"scope": "all"}).json()["results"]
    assert news["items"] == for_me


def test_bad_scope_is_a_400_in_swedish(client, reader):
    response = client.get(START, {"scope": "alla"}, HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 400
    assert response.json()["message"] == "scope måste vara ”mine” eller ”all”."


def test_feed_holds_my_groups_and_the_people_i_follow_newest_first(client, reader):
    colleague = factories.UserFactory(first_name="Per", last_name="Ek")
    followed = factories.UserFactory(first_name="Anna", last_name="Lund")
    stranger = factories.UserFactory()
    mine = group("Lunchklubben", reader, colleague)
    elsewhere = group("Kören", followed, stranger)
    now = timezone.now()
    in_my_group = post(mine, colleague, when=now - datetime.timedelta(hours=5))
    by_followed = post(elsewhere, followed, when=now - datetime.timedelta(hours=4))
    by_stranger = post(elsewhere, stranger, when=now - datetime.timedelta(hours=3))
    comment_in_my_group = comment(in_my_group, stranger, when=now - datetime.timedelta(hours=2))
    comment_by_followed = comment(by_stranger, followed, when=now - datetime.timedelta(hours=1))
    comment(by_stranger, stranger)  # neither in my group nor by someone I follow
    Follow.objects.create(follower=reader, followed=followed)

    feed = client.get(START).json()["feed"]
    assert feed_ids(feed) == [
        ("comment", comment_by_followed.pk),
        ("comment", comment_in_my_group.pk),
        ("post", by_followed.pk),
        ("post", in_my_group.pk),
    ]
    assert [item["reasons"] for item in feed["items"]] == [["following"], ["group"], ["following"], ["group"]]
    assert feed["next"] is None
    first = feed["items"][0]
    assert first["group"] == {"id": elsewhere.pk, "name": "Kören", "slug": "kören"}
    assert first["author"] == {"id": followed.pk, "name": "Anna Lund", "former_colleague": False}
    assert first["post_id"] == by_stranger.pk
    assert first["parent_id"] is None


def test_an_item_that_is_both_in_my_group_and_by_someone_i_follow_comes_once_with_both_reasons(client, reader):
    followed = factories.UserFactory()
    mine = group("Lunchklubben", reader, followed)
    both = post(mine, followed)
    Follow.objects.create(follower=reader, followed=followed)
    items = client.get(FEED).json()["items"]
    assert [(item["id"], item["reasons"]) for item in items] == [(both.pk, ["group", "following"])]


def test_removed_content_and_archived_groups_stay_out_of_the_feed(client, reader):
    colleague = factories.UserFactory()
    mine = group("Lunchklubben", reader, colleague)
    archived = group("Gamla projektet", reader, colleague, archived=True)
    Follow.objects.create(follower=reader, followed=colleague)
    shown = post(mine, colleague)
    post(mine, colleague, removed_at=timezone.now())
    removed_post = post(mine, colleague, removed_at=timezone.now())
    comment(removed_post, colleague)  # on a removed post: gone with it
    comment(shown, colleague, removed_at=timezone.now())
    archived_post = post(archived, colleague)
    comment(archived_post, colleague)

    data = client.get(START).json()
    assert feed_ids(data["feed"]) == [("post", shown.pk)]
    # An archived group stays readable (its own page), but is not among the groups the start page lists.
    assert [item["name"] for item in data["groups"]] == ["Lunchklubben"]


def test_a_comment_carries_its_posts_group_however_it_is_made(reader):
    """The feed finds "comments in my groups" by the comment's own group: it must be its post's, always."""
    choir = group("Kören", reader)
    on_post = post(choir, reader)
    written = services.write_comment(reader, on_post, "Bra!")  # what the API calls
    by_id = Comment.objects.create(post_id=on_post.pk, author=reader, body="Ja")
    (bulk,) = Comment.objects.bulk_create([Comment(post=on_post, author=reader, body="Tack")])
    assert [Comment.objects.get(pk=c.pk).group_id for c in (written, by_id, bulk)] == [choir.pk] * 3


def test_former_colleagues_are_named_as_such(client, reader):
    leaver = factories.UserFactory(first_name="Bo", last_name="Ström")
    mine = group("Lunchklubben", reader, leaver)
    written = post(mine, leaver)
    leaver.is_active = False
    leaver.save()
    gone = post(mine, None)  # an account deleted outright: the text stays

    items = client.get(FEED, HTTP_ACCEPT_LANGUAGE="sv").json()["items"]
    assert [(item["id"], item["author"]) for item in items] == [
        (gone.pk, {"id": None, "name": "tidigare medarbetare", "former_colleague": True}),
        (written.pk, {"id": None, "name": "tidigare medarbetare", "former_colleague": True}),
    ]


def test_a_page_of_the_feed_is_three_queries_and_shows_nothing_more_from_the_database(reader):
    """Posts, comments and their mentions; authors and groups come with them, and showing them asks for nothing
    more (the feed reads only the columns it shows: one missing would be one query per item)."""
    followed = factories.UserFactory(username="anna", first_name="Anna", last_name="Lund")
    leaver = factories.UserFactory(is_active=False)
    mine = group("Lunchklubben", reader, leaver)
    elsewhere = group("Kören", followed)
    Follow.objects.create(follower=reader, followed=followed)
    on_mine = post(mine, leaver, body="Hej @anna")
    Mention.objects.create(user=followed, post=on_mine)
    comment(on_mine, followed, body="Hej!", edited_at=timezone.now())
    comment(post(elsewhere, followed), followed)
    sources = feed_sources(reader)
    with CaptureQueriesContext(connection) as queries:
        page = feed_for(reader, sources=sources)
        shown = FeedSerializer({"items": page.items, "next": None}).data
    assert len(queries) == 3
    assert '<a class="mention" href=' in shown["items"][-1]["body_html"]
    assert [(item["kind"], item["group"]["name"], item["author"]["name"]) for item in reversed(shown["items"])] == [
        ("post", "Lunchklubben", "tidigare medarbetare"),
        ("comment", "Lunchklubben", "Anna Lund"),
        ("post", "Kören", "Anna Lund"),
        ("comment", "Kören", "Anna Lund"),
    ]


def test_text_in_the_feed_goes_through_the_posts_sanitiser(client, reader):
    colleague = factories.UserFactory()
    mine = group("Lunchklubben", reader, colleague)
    post(mine, colleague, body='<script>alert(1)</script><img src=x onerror="alert(2)"> https://kommunen.example/a')
    body = client.get(FEED).json()["items"][0]["body_html"]
    assert "<script" not in body
    assert "<img" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body  # what was typed is still shown, as text
    assert '<a href="https://kommunen.example/a" rel="noopener nofollow">https://kommunen.example/a</a>' in body


def test_mentions_in_the_feed_are_linked_in_the_same_number_of_queries(client, reader):
    colleague = factories.UserFactory(username="per.ek", first_name="Per", last_name="Ek")
    mine = group("Lunchklubben", reader, colleague)
    written = post(mine, colleague, body="Tack @per.ek!")
    Mention.objects.create(user=colleague, post=written)
    answer = comment(written, colleague, body="@per.ek svarar")
    Mention.objects.create(user=colleague, comment=answer)
    with CaptureQueriesContext(connection) as one:
        items = client.get(FEED).json()["items"]
    assert all('class="mention"' in item["body_html"] and "@Per Ek" in item["body_html"] for item in items)
    for _ in range(5):
        more = post(mine, colleague, body="Hej @per.ek")
        Mention.objects.create(user=colleague, post=more)
        Mention.objects.create(user=colleague, comment=comment(more, colleague, body="@per.ek"))
    with CaptureQueriesContext(connection) as six:
        assert len(client.get(FEED).json()["items"]) == 12
    assert len(six) == len(one)


def test_cursor_pages_through_the_feed_without_gaps_or_repeats(client, reader):
    colleague = factories.UserFactory()
    mine = group("Lunchklubben", reader, colleague)
    same_moment = timezone.now() - datetime.timedelta(days=1)
    expected = []
    for number in range(25):
        written = post(mine, colleague, body=f"inlägg {number}", when=same_moment)  # ties on the timestamp
        expected.append(("post", written.pk))
        expected.append(("comment", comment(written, colleague, when=same_moment).pk))
    for number in range(10):
        written = post(mine, colleague, when=same_moment - datetime.timedelta(minutes=number))
        expected.append(("post", written.pk))

    first = client.get(START).json()["feed"]
    seen = feed_ids(first)
    assert len(seen) == 20
    url = first["next"]
    pages = 1
    while url:
        page = client.get(url).json()
        seen += feed_ids(page)
        url = page["next"]
        pages += 1
    assert pages == 3  # 60 items: 20, 20, 20, and the last of them says so with no next link
    assert len(seen) == len(set(seen)) == 60
    assert set(seen) == set(expected)
    # Newest first; at one moment a post before a comment, the higher id first.
    positions = {}
    for kind, pk in seen:
        model = Post if kind == "post" else Comment
        positions[(kind, pk)] = (model.objects.get(pk=pk).created_at, kind == "post", pk)
    assert seen == sorted(seen, key=positions.get, reverse=True)


@pytest.mark.parametrize("cursor", ["nonsense", "a" * 600, "eyJhIjoxfQ:1abc:def", "1:2:3"])
def test_a_made_up_cursor_is_a_400_with_a_message(client, reader, cursor):
    response = client.get(FEED, {"cursor": cursor}, HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 400
    assert response.json()["message"]


def test_a_tampered_cursor_is_refused(client, reader):
    colleague = factories.UserFactory()
    mine = group("Lunchklubben", reader, colleague)
    for _ in range(21):
        post(mine, colleague)
    cursor = client.get(FEED).json()["next"].split("cursor=")[1]
    response = client.get(FEED + "?cursor=" + cursor[:-2] + ("AA" if not cursor.endswith("AA") else "BB"))
    assert response.status_code == 400
    assert response.json()["errors"]["cursor"]


def test_my_groups_unread_notifications_and_reviews(client, reader):
    group("Öppna gruppen", factories.UserFactory())
    admin_of = group("Arbetsmiljö", admins=[reader])
    member_of = group("Bokcirkeln", reader)
    Notification.objects.create(recipient=reader, kind=NotificationKind.MENTION)
    Notification.objects.create(recipient=reader, kind=NotificationKind.REPLY)
    Notification.objects.create(recipient=reader, kind=NotificationKind.REPLY, read_at=timezone.now())
    Notification.objects.create(recipient=factories.UserFactory(), kind=NotificationKind.REPLY)
    today = timezone.localdate()
    overdue = factories.guide_page(title="Gammal rutin", owner=reader, review_date=today - datetime.timedelta(days=3))
    factories.guide_page(title="Färsk rutin", owner=reader, review_date=today + datetime.timedelta(days=200))

    data = client.get(START).json()
    assert data["groups"] == [
        {"id": admin_of.pk, "name": "Arbetsmiljö", "slug": "arbetsmiljö", "kind": "staff", "role": "admin"},
        {"id": member_of.pk, "name": "Bokcirkeln", "slug": "bokcirkeln", "kind": "staff", "role": "member"},
    ]
    assert data["notifications"] == {"unread": 2}
    assert data["reviews"]["count"] == 1
    assert [(item["title"], item["status"]) for item in data["reviews"]["items"]] == [("Gammal rutin", "overdue")]
    assert data["reviews"]["items"][0]["admin_url"] == f"/admin/pages/{overdue.pk}/edit/"


def test_someone_who_owns_nothing_and_belongs_nowhere_gets_an_empty_start_page(client, reader):
    data = client.get(START).json()
    assert data["feed"] == {"items": [], "next": None}
    assert data["groups"] == []
    assert data["notifications"] == {"unread": 0}
    assert data["reviews"]["count"] == 0
    assert data["reviews"]["items"] == []


def fill(reader, social, size):
    """`size` of everything the start page reads: news, groups, posts, comments, follows, notifications, pages."""
    people = [factories.UserFactory(department=social) for _ in range(size)]
    Follow.objects.bulk_create([Follow(follower=reader, followed=person) for person in people[: size // 2]])
    groups = [group(f"Grupp {size} {number}", reader, *people) for number in range(size)]
    for number in range(size):
        factories.news_page(title=f"Nyhet {size} {number}", department=social if number % 2 else None)
        factories.guide_page(
            title=f"Rutin {size} {number}", owner=reader, review_date=timezone.localdate() - datetime.timedelta(days=1)
        )
    posts = Post.objects.bulk_create(
        [Post(group=groups[n % size], author=people[n % size], body=f"inlägg {n}") for n in range(size * 10)]
    )
    Comment.objects.bulk_create(
        [Comment(post=posts[n % len(posts)], author=people[n % size], body=f"svar {n}") for n in range(size * 30)]
    )
    Notification.objects.bulk_create(
        [Notification(recipient=reader, kind=NotificationKind.MENTION, actor=people[0]) for _ in range(size)]
    )


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


def test_queries_per_request_do_not_depend_on_how_much_there_is(client, reader, social):
    # Django's caches (content types, the site) filled once, so that no size pays for them.
    fill(reader, social, 2)
    client.get(START)
    small_start, small_feed = queries_for(client, START), queries_for(client, FEED)
    fill(reader, social, 30)
    large_start, large_feed = queries_for(client, START), queries_for(client, FEED)
    data = client.get(START).json()
    assert len(data["news"]["items"]) == 10
    assert len(data["feed"]["items"]) == 20
    assert len(data["groups"]) == 32
    assert data["reviews"]["count"] == 32
    assert data["notifications"]["unread"] == 32
    assert (large_start, large_feed) == (small_start, small_feed)
    print(f"queries per request: /api/v2/me/start/ {large_start}, /api/v2/me/feed/ {large_feed}")


def test_the_start_page_reads_me_in_one_query(client, reader, social):
    """Ten queries: the session and the user (every API request), me (profile, department, unread count and
    whom I follow: intranet.startpage.api.read_me), my groups, the pages hidden from me, the news, my reviews,
    and the feed's posts, comments and mentions. The profile, the count and the follows were three queries."""
    fill(reader, social, 2)
    client.get(START)
    with CaptureQueriesContext(connection) as queries:
        data = client.get(START).json()
    assert data["notifications"]["unread"] == 2
    assert {reason for item in data["feed"]["items"] for reason in item["reasons"]} == {"group", "following"}
    assert len(queries) == 10, "\n".join(query["sql"][:120] for query in queries)
    assert not any("notifications_notification" in query["sql"] and "COUNT" in query["sql"] for query in queries[3:])
