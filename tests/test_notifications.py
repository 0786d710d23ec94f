"""Notifications in the app: made as posts, comments, reactions and join requests are written, read through the API.

Posts and groups are written with the ORM here, as their services write them: notifications follow the rows.
"""

import pytest
from django.db.models.signals import post_save
from django.utils import timezone
from rest_framework.test import APIClient

from intranet.groups.models import JoinRequest, Membership, RequestStatus, Role, WorkGroup
from intranet.notifications.models import Notification, NotificationKind, NotificationSettings
from intranet.posts.models import Comment, Mention, Post, Reaction, ReactionKind

from .factories import UserFactory, digest_choices, mute_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna():
    return UserFactory(username="anna", first_name="Anna", last_name="Berg")


@pytest.fixture
def bo():
    return UserFactory(username="bo", first_name="Bo", last_name="Ek")


@pytest.fixture
def group(anna, bo):
    group = WorkGroup.objects.create(name="Ekonomi", slug="ekonomi")
    Membership.objects.create(group=group, user=anna)
    Membership.objects.create(group=group, user=bo)
    return group


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def told(user, kind=None):
    found = Notification.objects.filter(recipient=user)
    return found.filter(kind=kind) if kind else found


# Mentions


def test_a_mention_notifies_exactly_once_however_often_it_is_saved_or_signalled(anna, bo, group):
    post = Post.objects.create(group=group, author=anna, body="Hej @bo, kan du titta på budgeten?")
    mention = Mention.objects.create(user=bo, post=post)
    assert told(bo, NotificationKind.MENTION).count() == 1

    # The author edits the post: the text is saved again, and the mention with it.
    post.body = "Hej @bo, kan du titta på budgeten i dag?"
    post.edited_at = timezone.now()
    post.save()
    mention.save()
    # The signal runs again for the same row (a second receiver, a retried task).
    post_save.send(sender=Mention, instance=mention, created=True, raw=False)
    # The posts app redoes the mentions of an edited text: the row is deleted and made again.
    mention.delete()
    Mention.objects.create(user=bo, post=post)

    [notification] = told(bo)
    assert (notification.kind, notification.actor, notification.post, notification.group) == (
        NotificationKind.MENTION,
        anna,
        post,
        group,
    )


def test_a_mention_in_a_comment_notifies_once_and_is_not_also_a_reply(anna, bo, group):
    post = Post.objects.create(group=group, author=bo, body="Fika på fredag?")
    comment = Comment.objects.create(post=post, author=anna, body="Ja! @bo tar med kaffe")
    assert told(bo, NotificationKind.REPLY).count() == 1  # the mentions are saved after the comment
    Mention.objects.create(user=bo, comment=comment)
    [notification] = told(bo)
    assert (notification.kind, notification.comment) == (NotificationKind.MENTION, comment)


def test_nobody_is_notified_of_mentioning_themselves(anna, group):
    post = Post.objects.create(group=group, author=anna, body="Påminnelse till @anna")
    Mention.objects.create(user=anna, post=post)
    assert not told(anna).exists()


def test_a_mention_in_removed_text_notifies_nobody(anna, bo, group):
    removed_post = Post.objects.create(group=group, author=anna, body="@bo", removed_at=timezone.now())
    Mention.objects.create(user=bo, post=removed_post)
    post = Post.objects.create(group=group, author=anna, body="Hej")
    removed_comment = Comment.objects.create(post=post, author=anna, body="@bo", removed_at=timezone.now())
    Mention.objects.create(user=bo, comment=removed_comment)
    assert not told(bo).exists()


def test_a_notification_about_text_removed_later_is_no_longer_shown(anna, bo, group):
    post = Post.objects.create(group=group, author=anna, body="Hej @bo")
    Mention.objects.create(user=bo, post=post)
    assert api(bo).get("/api/v2/notifications/unread-count/").json() == {"unread": 1}
    Post.objects.filter(pk=post.pk).update(removed_at=timezone.now())
    assert api(bo).get("/api/v2/notifications/").json()["results"] == []
    assert api(bo).get("/api/v2/notifications/unread-count/").json() == {"unread": 0}


def test_someone_who_left_is_not_notified(anna, bo, group):
    bo.is_active = False
    bo.save()
    post = Post.objects.create(group=group, author=anna, body="Hej @bo")
    Mention.objects.create(user=bo, post=post)
    assert not told(bo).exists()


# Replies


def test_a_comment_notifies_the_post_s_author_and_a_reply_the_comment_s_author(anna, bo, group):
    carl = UserFactory(username="carl", first_name="Carl", last_name="Dahl")
    post = Post.objects.create(group=group, author=anna, body="Ny rutin för attest")
    comment = Comment.objects.create(post=post, author=bo, body="Bra!")
    reply = Comment.objects.create(post=post, author=carl, parent=comment, body="Håller med")
    own_reply = Comment.objects.create(post=post, author=anna, parent=comment, body="Tack")

    assert [n.comment for n in told(anna, NotificationKind.REPLY).order_by("pk")] == [comment, reply]
    assert [n.comment for n in told(bo, NotificationKind.REPLY).order_by("pk")] == [reply, own_reply]
    texts = {
        item["target"]["comment"]: item["text"] for item in api(bo).get("/api/v2/notifications/").json()["results"]
    }
    assert texts[reply.pk] == "Carl Dahl svarade på din kommentar i Ekonomi"
    assert api(anna).get("/api/v2/notifications/").json()["results"][-1]["text"] == (
        "Bo Ek kommenterade ditt inlägg i Ekonomi"
    )
    assert not told(carl).exists()


# Reactions


def test_reactions_are_counted_on_one_unread_notification_and_start_again_once_it_is_read(anna, group):
    post = Post.objects.create(group=group, author=anna, body="Vi har fått priset!")
    comment = Comment.objects.create(post=post, author=anna, body="Tack alla")
    people = [UserFactory() for _ in range(3)]
    for person in people:
        Reaction.objects.create(user=person, post=post)
    Reaction.objects.create(user=people[0], post=post, kind=ReactionKind.CELEBRATE)
    Reaction.objects.create(user=people[0], comment=comment)
    Reaction.objects.create(user=anna, post=post)  # one's own reaction tells nobody

    on_post = told(anna, NotificationKind.REACTION).get(comment=None)
    assert (on_post.count, on_post.actor) == (4, people[0])
    assert told(anna, NotificationKind.REACTION).get(comment=comment).count == 1
    [item] = [i for i in api(anna).get("/api/v2/notifications/").json()["results"] if i["target"]["type"] == "post"]
    assert item["text"] == f"{people[0].get_full_name()} och 3 andra reagerade på ditt inlägg i Ekonomi"
    assert item["count"] == 4

    assert api(anna).post(f"/api/v2/notifications/{on_post.pk}/read/").status_code == 200
    Reaction.objects.create(user=people[1], post=post, kind=ReactionKind.THANKS)
    on_post.refresh_from_db()
    assert on_post.count == 4
    newest = told(anna, NotificationKind.REACTION).get(comment=None, read_at=None)
    assert (newest.count, newest.actor) == (1, people[1])


# Join requests


def test_a_join_request_tells_the_group_s_admins_and_the_answer_tells_the_one_who_asked(anna, bo):
    closed = WorkGroup.objects.create(name="Styrgruppen", slug="styrgruppen", join_policy="closed")
    carl = UserFactory(username="carl")
    Membership.objects.create(group=closed, user=anna, role=Role.ADMIN)
    Membership.objects.create(group=closed, user=carl, role=Role.MEMBER)
    request = JoinRequest.objects.create(group=closed, user=bo, message="Jag vill vara med")

    [to_admin] = told(anna)
    assert (to_admin.kind, to_admin.actor, to_admin.join_request) == (NotificationKind.JOIN_REQUEST, bo, request)
    assert not told(carl).exists()
    [item] = api(anna).get("/api/v2/notifications/").json()["results"]
    assert item["text"] == "Bo Ek vill gå med i Styrgruppen"
    assert item["excerpt_html"] == "<p>Jag vill vara med</p>"
    assert item["target"] == {
        "type": "join_request",
        "group": "styrgruppen",
        "post": None,
        "comment": None,
        "join_request": request.pk,
        "path": "/grupper/styrgruppen/medlemmar/",
    }

    request.status, request.decided_by, request.decided_at = RequestStatus.DECLINED, anna, timezone.now()
    request.save()
    request.save()  # saved again: told once
    to_admin.refresh_from_db()
    assert to_admin.read_at is not None  # answered: nothing left to do for the admins
    [answer] = told(bo)
    assert (answer.kind, answer.actor) == (NotificationKind.JOIN_ANSWER, anna)
    assert api(bo).get("/api/v2/notifications/").json()["results"][0]["text"] == (
        "Din förfrågan om att gå med i Styrgruppen avslogs"
    )


# Muting


def test_a_muted_group_tells_nothing(anna, bo, group):
    mute_group(bo, group)
    Membership.objects.filter(group=group, user=bo).update(role=Role.ADMIN)
    post = Post.objects.create(group=group, author=anna, body="@bo titta här")
    Mention.objects.create(user=bo, post=post)
    own = Post.objects.create(group=group, author=bo, body="Mitt inlägg")
    Comment.objects.create(post=own, author=anna, body="Svar")
    Reaction.objects.create(user=anna, post=own)
    JoinRequest.objects.create(group=group, user=UserFactory())
    assert not told(bo).exists()
    # Others in the group still hear of what concerns them.
    Comment.objects.create(post=post, author=bo, body="Svar till Anna")
    assert told(anna, NotificationKind.REPLY).count() == 1


def test_mute_and_unmute_through_the_api(anna, bo, group):
    client = api(bo)
    response = client.put(f"/api/v2/notifications/muted-groups/{group.pk}/")
    assert response.json() == {"id": group.pk, "name": "Ekonomi", "slug": "ekonomi", "muted": True}
    assert client.put(f"/api/v2/notifications/muted-groups/{group.pk}/").status_code == 200  # again: no change
    assert client.get("/api/v2/notifications/muted-groups/").json() == {
        "results": [{"id": group.pk, "name": "Ekonomi", "slug": "ekonomi"}]
    }
    Mention.objects.create(user=bo, post=Post.objects.create(group=group, author=anna, body="@bo"))
    assert not told(bo).exists()

    assert client.delete(f"/api/v2/notifications/muted-groups/{group.pk}/").json()["muted"] is False
    Mention.objects.create(user=bo, post=Post.objects.create(group=group, author=anna, body="@bo igen"))
    assert told(bo).count() == 1
    missing = client.put("/api/v2/notifications/muted-groups/99999999999999999999/")
    assert (missing.status_code, missing.json()) == (404, {"message": "Det finns ingen grupp med det id:t."})


# The API


def test_my_notifications_newest_first_paginated_with_text_who_group_and_target(anna, bo, group):
    posts = [Post.objects.create(group=group, author=anna, body=f"Inlägg {n} @bo") for n in range(25)]
    for post in posts:
        Mention.objects.create(user=bo, post=post)
    Mention.objects.create(user=anna, post=Post.objects.create(group=group, author=bo, body="@anna"))

    first = api(bo).get("/api/v2/notifications/").json()
    assert first["count"] == 25
    assert len(first["results"]) == 20
    newest = first["results"][0]
    assert newest == {
        "id": told(bo).get(post=posts[-1]).pk,
        "kind": "mention",
        "text": "Anna Berg nämnde dig i ett inlägg i Ekonomi",
        "excerpt_html": "<p>Inlägg 24 @bo</p>",
        "actor": {"id": anna.pk, "name": "Anna Berg"},
        "group": {"id": group.pk, "name": "Ekonomi", "slug": "ekonomi"},
        "target": {
            "type": "post",
            "group": "ekonomi",
            "post": posts[-1].pk,
            "comment": None,
            "join_request": None,
            "path": f"/grupper/ekonomi/inlagg/{posts[-1].pk}/",
        },
        "count": 1,
        "created_at": newest["created_at"],
        "updated_at": newest["updated_at"],
        "read": False,
    }
    second = api(bo).get(first["next"]).json()
    assert [item["target"]["post"] for item in first["results"] + second["results"]] == [
        post.pk for post in reversed(posts)
    ]
    bad = api(bo).get("/api/v2/notifications/?page=²")
    assert (bad.status_code, bad.json()["message"]) == (400, "page måste vara ett heltal från 1 till 10000")


def test_user_text_in_a_notification_is_inert(anna, bo, group):
    post = Post.objects.create(
        group=group, author=anna, body="<script>alert(1)</script><img src=x onerror=alert(2)> @bo"
    )
    Mention.objects.create(user=bo, post=post)
    [item] = api(bo).get("/api/v2/notifications/").json()["results"]
    # The one sanitiser's paragraph is the only markup; what was typed shows as text.
    assert item["excerpt_html"].startswith("<p>&lt;script&gt;alert(1)&lt;/script&gt;&lt;img")
    assert item["excerpt_html"].count("<") == item["excerpt_html"].count("</p>") * 2


def test_mark_one_and_all_read_and_the_unread_count(anna, bo, group):
    for n in range(3):
        Mention.objects.create(user=bo, post=Post.objects.create(group=group, author=anna, body=f"{n} @bo"))
    Mention.objects.create(user=anna, post=Post.objects.create(group=group, author=bo, body="@anna"))
    client = api(bo)
    assert client.get("/api/v2/notifications/unread-count/").json() == {"unread": 3}
    first = told(bo).first()
    assert client.post(f"/api/v2/notifications/{first.pk}/read/").json() == {"id": first.pk, "read": True, "unread": 2}
    assert client.post(f"/api/v2/notifications/{first.pk}/read/").json()["unread"] == 2  # again: no change
    assert client.post("/api/v2/notifications/read-all/").json() == {"marked": 2, "unread": 0}
    assert client.get("/api/v2/notifications/unread-count/").json() == {"unread": 0}
    assert told(anna, None).filter(read_at=None).count() == 1  # Anna's untouched


def test_nobody_reads_or_marks_someone_else_s_notifications(anna, bo, group):
    Mention.objects.create(user=bo, post=Post.objects.create(group=group, author=anna, body="@bo"))
    bos = told(bo).get()
    response = api(anna).post(f"/api/v2/notifications/{bos.pk}/read/")
    assert (response.status_code, response.json()) == (404, {"message": "Du har ingen notis med det id:t."})
    assert api(anna).post("/api/v2/notifications/99999999999999999999/read/").status_code == 404
    bos.refresh_from_db()
    assert bos.read_at is None
    assert api(anna).get("/api/v2/notifications/").json()["count"] == 0


def test_the_api_needs_a_login():
    response = APIClient().get("/api/v2/notifications/")
    assert response.status_code == 401


def test_digest_settings_default_then_changed_through_the_api(bo):
    client = api(bo)
    assert client.get("/api/v2/notifications/settings/").json() == {
        "mentions": "daily",
        "replies": "off",
        "reactions": "off",
        "join_requests": "daily",
    }
    assert not NotificationSettings.objects.exists()
    changed = client.patch("/api/v2/notifications/settings/", {"replies": "weekly"}, format="json")
    assert changed.json() == {"mentions": "daily", "replies": "weekly", "reactions": "off", "join_requests": "daily"}
    assert client.get("/api/v2/notifications/settings/").json()["replies"] == "weekly"

    bad = client.patch("/api/v2/notifications/settings/", {"mentions": "hourly"}, format="json")
    assert (bad.status_code, bad.json()["message"]) == (400, "Välj en av: off, daily, weekly.")
    unknown = client.patch("/api/v2/notifications/settings/", {"everything": "off"}, format="json")
    assert (unknown.status_code, unknown.json()["message"]) == (
        400,
        "Bara dessa kan ändras: mentions, replies, reactions, join_requests.",
    )
    not_an_object = client.patch("/api/v2/notifications/settings/", ["off"], format="json")
    assert not_an_object.status_code == 400
    assert digest_choices(bo).replies == "weekly"  # the bad requests changed nothing


# Committed for real (two connections); serialized_rollback puts back what the migrations made, for the tests after.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reactions_at_the_same_moment_add_up_on_one_notification(anna, group):
    """The second reaction's INSERT waits on the first's uncommitted one, fails on the constraint, and adds to it."""
    import threading
    import time

    from django.db import connection, transaction

    post = Post.objects.create(group=group, author=anna, body="Vi har fått priset!")
    first_person, second_person = UserFactory(), UserFactory()
    first_written, release_first = threading.Event(), threading.Event()
    errors = []

    def react(person, written=None, release=None):
        try:
            with transaction.atomic():
                Reaction.objects.create(user=person, post=post)
                if written:
                    written.set()
                    release.wait(timeout=30)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    first = threading.Thread(target=react, args=(first_person, first_written, release_first))
    first.start()
    assert first_written.wait(timeout=30)
    second = threading.Thread(target=react, args=(second_person,))
    second.start()
    time.sleep(0.5)  # the second is now waiting on the first's row
    release_first.set()
    first.join()
    second.join()

    assert errors == []
    [notification] = told(anna, NotificationKind.REACTION)
    assert notification.count == 2


def test_telling_costs_a_fixed_number_of_queries_however_many_admins_or_reactions(anna, bo, group):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def cost(make):
        with CaptureQueriesContext(connection) as queries:
            make()
        return len(queries) - 1  # the INSERT of the row itself

    small = WorkGroup.objects.create(name="Liten", slug="liten", join_policy="closed")
    large = WorkGroup.objects.create(name="Stor", slug="stor", join_policy="closed")
    Membership.objects.create(group=small, user=anna, role=Role.ADMIN)
    for _ in range(20):
        Membership.objects.create(group=large, user=UserFactory(), role=Role.ADMIN)
    assert cost(lambda: JoinRequest.objects.create(group=small, user=bo)) == 2
    assert cost(lambda: JoinRequest.objects.create(group=large, user=bo)) == 2
    assert Notification.objects.filter(kind=NotificationKind.JOIN_REQUEST).count() == 21

    post = Post.objects.create(group=group, author=anna, body="Priset!")
    people = [UserFactory() for _ in range(6)]
    # A fresh Reaction, as a service makes it: its post and the post's author and group are read once each.
    costs = [cost(lambda person=person: Reaction.objects.create(user=person, post_id=post.pk)) for person in people]
    # Read the post, its author, the mute; UPDATE the count (the first time it finds none: INSERT in a savepoint).
    assert costs == [7] + [4] * 5, costs
    assert told(anna, NotificationKind.REACTION).get().count == 6
    assert cost(lambda: Mention.objects.create(user=bo, post_id=post.pk)) == 4  # post, author, mute, INSERT
