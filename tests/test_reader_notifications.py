"""My notifications (`/notiser/`) and my notification settings (`/notiser/installningar/`) on the reader site."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intranet.groups.models import Membership
from intranet.notifications.models import GroupMute, Notification, NotificationSettings
from intranet.posts import services as posts

from . import factories

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def reader(client):
    user = factories.UserFactory(username="lisa", first_name="Lisa", last_name="Berg")
    client.force_login(user)
    return user


@pytest.fixture
def colleague():
    return factories.UserFactory(username="per", first_name="Per", last_name="Ek")


@pytest.fixture
def group(reader, colleague):
    return factories.staff_group(name="Lunchklubben", slug="lunchklubben", members=[reader, colleague])


def mention(group, author, text="Hej @lisa, kommer du?"):
    """A post mentioning lisa, notified as the app does it (the posts service and its signals)."""
    return posts.write_post(author, group, text)


def test_my_notifications_link_to_what_they_are_about(client, reader, colleague, group):
    post = mention(group, colleague)
    page = client.get("/notiser/").content.decode()
    assert f'href="/grupper/lunchklubben/inlagg/{post.pk}/"' in page
    assert "Per Ek" in page and "Lunchklubben" in page and "kommer du?" in page
    assert "notification--unread" in page


def test_mark_one_read_without_javascript_and_with_htmx(client, reader, colleague, group):
    mention(group, colleague)
    mention(group, colleague, "Och @lisa igen")
    first, second = Notification.objects.filter(recipient=reader).order_by("pk")
    response = client.post("/notiser/", {"action": "read", "notification": first.pk})
    assert response.status_code == 302 and response["Location"] == "/notiser/"
    first.refresh_from_db()
    assert first.read_at is not None
    response = client.post("/notiser/", {"action": "read", "notification": second.pk}, **HTMX)
    fragment = response.content.decode()
    assert response.status_code == 200 and fragment.lstrip().startswith(
        f'<li class="ds-card notification" id="notis-{second.pk}"'
    )
    second.refresh_from_db()
    assert second.read_at is not None


def test_nobody_marks_anothers_notifications(client, reader, colleague, group):
    mention(group, reader, "Hej @per")
    theirs = Notification.objects.get(recipient=colleague)
    assert client.post("/notiser/", {"action": "read", "notification": theirs.pk}).status_code == 404
    assert client.post("/notiser/", {"action": "read", "notification": "x"}).status_code == 404
    client.post("/notiser/", {"action": "read_all"})
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read(client, reader, colleague, group):
    for _ in range(3):
        mention(group, colleague)
    assert client.post("/notiser/", {"action": "read_all"}).status_code == 302
    assert not Notification.objects.filter(recipient=reader, read_at=None).exists()
    assert "notification--unread" not in client.get("/notiser/").content.decode()


def test_what_colleagues_wrote_is_inert_in_notifications(client, reader, colleague, group):
    mention(group, colleague, '@lisa <script>alert(1)</script><img src=x onerror="alert(2)">')
    page = client.get("/notiser/").content.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page


def test_digest_choices_are_saved_and_a_bad_choice_is_refused(client, reader):
    page = client.get("/notiser/installningar/").content.decode()
    assert 'name="mentions" id="id_mentions_1" value="daily" checked' in page
    data = {"action": "settings", "mentions": "weekly", "replies": "daily", "reactions": "off", "join_requests": "off"}
    assert client.post("/notiser/installningar/", data).status_code == 302
    row = NotificationSettings.objects.get(user=reader)
    assert (row.mentions, row.replies, row.reactions, row.join_requests) == ("weekly", "daily", "off", "off")
    response = client.post("/notiser/installningar/", {**data, "mentions": "hourly"})
    assert response.status_code == 400 and "ds-validation-message" in response.content.decode()
    row.refresh_from_db()
    assert row.mentions == "weekly"


def test_mute_a_group_on_its_page_and_turn_it_on_again_in_settings(client, reader, colleague, group):
    assert client.post("/grupper/lunchklubben/", {"action": "mute"}).status_code == 302
    assert GroupMute.objects.filter(user=reader, group=group).exists()
    mention(group, colleague)
    assert not Notification.objects.filter(recipient=reader).exists()  # muted: not told
    page = client.get("/notiser/installningar/").content.decode()
    assert 'href="/grupper/lunchklubben/">Lunchklubben<' in page
    response = client.post("/notiser/installningar/", {"action": "unmute", "group": group.pk})
    assert response.status_code == 302
    assert not GroupMute.objects.filter(user=reader).exists()


def test_the_notifications_page_does_not_grow_in_queries(client, reader, colleague, group):
    def add(n):
        for _ in range(n):
            other = factories.UserFactory()
            Membership.objects.create(group=group, user=other)
            mention(group, other)
            own = posts.write_post(reader, group, "Mitt inlägg")
            posts.react(other, own)
            posts.write_comment(other, own, "Svar till dig")

    def count():
        client.get("/notiser/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/notiser/").status_code == 200
        return len(queries)

    add(2)
    few = count()
    add(4)
    assert Notification.objects.filter(recipient=reader).count() == 18
    assert count() == few


def test_the_settings_page_does_not_grow_in_queries_with_muted_groups(client, reader):
    def count():
        client.get("/notiser/installningar/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/notiser/installningar/").status_code == 200
        return len(queries)

    for _ in range(2):
        factories.mute_group(reader, factories.staff_group(members=[reader]))
    few = count()
    for _ in range(6):
        factories.mute_group(reader, factories.staff_group(members=[reader]))
    assert count() == few
