"""Who may post, comment, react, remove and read the moderation log: the posts part of the permission matrix,
through the API a hostile colleague would use, each with its one right status code."""

import pytest
from django.utils import timezone

from intranet.groups.models import JoinPolicy, Membership, Role
from intranet.posts import services
from intranet.posts.models import Comment, ModerationAction, ModerationRecord, Post

from . import factories
from .test_posts_api import api, grant_editors_moderation, member, work_group

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture
def closed_group():
    return work_group("Ledningsgruppen", join_policy=JoinPolicy.CLOSED)


@pytest.fixture
def editor():
    grant_editors_moderation()
    return factories.editor()


def write(client, group, body="Hej"):
    return client.post("/api/v2/posts/", {"group": group.pk, "body": body}, content_type=JSON)


def test_a_non_member_cannot_post_or_comment_in_a_closed_group(client, closed_group):
    insider = member(closed_group)
    post = services.write_post(insider, closed_group, "Internt")
    outsider = factories.UserFactory()
    api(client, outsider)

    answer = write(client, closed_group)
    comment = client.post(f"/api/v2/posts/{post.pk}/comments/", {"body": "Jag med"}, content_type=JSON)

    assert answer.status_code == 403
    assert answer.json() == {"message": "Bara gruppens medlemmar kan skriva i den."}
    assert comment.status_code == 403
    assert Post.objects.count() == 1 and Comment.objects.count() == 0
    # …but reads everything, as everyone does.
    assert client.get(f"/api/v2/posts/{post.pk}/").status_code == 200


def test_a_non_member_cannot_post_in_an_open_group_either(client):
    group = work_group("Öppna gruppen", join_policy=JoinPolicy.OPEN)
    api(client, factories.UserFactory())
    assert write(client, group).status_code == 403


def test_a_removed_member_loses_posting_and_editing_rights_but_may_delete_their_own(client, closed_group):
    person = member(closed_group)
    api(client, person)
    assert write(client, closed_group, "Före").status_code == 201
    post = Post.objects.get()

    Membership.objects.filter(user=person, group=closed_group).delete()

    assert write(client, closed_group, "Efter").status_code == 403
    assert client.patch(f"/api/v2/posts/{post.pk}/", {"body": "Ändrat"}, content_type=JSON).status_code == 403
    assert client.post(f"/api/v2/posts/{post.pk}/comments/", {"body": "Hej"}, content_type=JSON).status_code == 403
    assert client.delete(f"/api/v2/posts/{post.pk}/").status_code == 204


def test_nobody_posts_in_an_archived_group(client):
    group = work_group("Gamla gruppen", archived=True)
    person = member(group, role=Role.ADMIN)
    api(client, person)

    answer = write(client, group)

    assert answer.status_code == 403
    assert answer.json() == {"message": "Gruppen är arkiverad: inget nytt kan skrivas i den."}


def test_a_group_admin_removes_in_their_group_with_a_reason_only(client, closed_group):
    admin = member(closed_group, role=Role.ADMIN)
    author = member(closed_group)
    post = services.write_post(author, closed_group, "Olämpligt")
    comment = services.write_comment(author, post, "Också olämpligt")
    api(client, admin)

    no_reason = client.post(f"/api/v2/posts/{post.pk}/remove/", {"reason": "  "}, content_type=JSON)
    assert no_reason.status_code == 400
    assert no_reason.json()["message"] == "Skriv varför det tas bort: motiveringen sparas i modereringsloggen."
    assert not Post.objects.get(pk=post.pk).is_removed

    removed_comment = client.post(f"/api/v2/comments/{comment.pk}/remove/", {"reason": "Personuppgifter"}, JSON)
    removed = client.post(f"/api/v2/posts/{post.pk}/remove/", {"reason": "Kränkande"}, content_type=JSON)

    assert removed_comment.status_code == 204
    assert removed.status_code == 204
    assert Post.objects.get(pk=post.pk).removed_by == admin
    records = list(ModerationRecord.objects.order_by("pk").values_list("action", "moderator", "group", "reason"))
    assert records == [
        (ModerationAction.REMOVE_COMMENT, admin.pk, closed_group.pk, "Personuppgifter"),
        (ModerationAction.REMOVE_POST, admin.pk, closed_group.pk, "Kränkande"),
    ]
    assert client.get(f"/api/v2/posts/{post.pk}/").status_code == 404


def test_a_group_admin_moderates_only_their_own_group(client, closed_group):
    member(closed_group, role=Role.ADMIN)
    other_group = work_group("Andra gruppen")
    admin_elsewhere = member(other_group, role=Role.ADMIN)
    author = member(closed_group)
    post = services.write_post(author, closed_group, "Text")
    comment = services.write_comment(author, post, "Kommentar")
    api(client, admin_elsewhere)

    on_post = client.post(f"/api/v2/posts/{post.pk}/remove/", {"reason": "Nej"}, content_type=JSON)
    on_comment = client.post(f"/api/v2/comments/{comment.pk}/remove/", {"reason": "Nej"}, content_type=JSON)

    assert on_post.status_code == 403
    assert on_post.json() == {
        "message": "Bara gruppens administratörer och redaktörer kan ta bort inlägg och kommentarer."
    }
    assert on_comment.status_code == 403
    assert ModerationRecord.objects.count() == 0
    assert not Post.objects.get(pk=post.pk).is_removed


def test_an_editor_moderates_any_group_without_being_a_member(client, closed_group, editor):
    author = member(closed_group)
    post = services.write_post(author, closed_group, "Text")
    api(client, editor)

    answer = client.post(f"/api/v2/posts/{post.pk}/remove/", {"reason": "Bryter mot riktlinjerna"}, content_type=JSON)

    assert answer.status_code == 204
    assert ModerationRecord.objects.get().moderator == editor


@pytest.mark.parametrize("role", ["writer", "staff"])
def test_writers_and_staff_cannot_reach_moderation_through_the_api(client, closed_group, role, editor):
    person = factories.writer() if role == "writer" else factories.UserFactory()
    member(closed_group, user=person)  # even as a member of the group
    author = member(closed_group)
    post = services.write_post(author, closed_group, "Text")
    comment = services.write_comment(author, post, "Kommentar")
    services.remove(editor, services.write_post(author, closed_group, "Borttagen"), "Skäl")
    api(client, person)

    assert client.post(f"/api/v2/posts/{post.pk}/remove/", {"reason": "x"}, content_type=JSON).status_code == 403
    assert client.post(f"/api/v2/comments/{comment.pk}/remove/", {"reason": "x"}, content_type=JSON).status_code == 403
    # Without a reason too: whether one may moderate is answered first, not the missing reason.
    assert client.post(f"/api/v2/posts/{post.pk}/remove/", {}, content_type=JSON).status_code == 403
    log = client.get("/api/v2/moderation-log/")
    assert log.status_code == 403
    assert log.json() == {"message": "Bara redaktörer kan läsa modereringsloggen."}
    # Deleting someone else's post is no back door to moderation.
    assert client.delete(f"/api/v2/posts/{post.pk}/").status_code == 403
    assert client.delete(f"/api/v2/comments/{comment.pk}/").status_code == 403
    assert client.get(f"/api/v2/posts/{post.pk}/edits/").status_code == 403
    assert not Post.objects.get(pk=post.pk).is_removed and not Comment.objects.get(pk=comment.pk).is_removed


def test_a_group_admin_cannot_read_the_moderation_log_but_an_editor_reads_all_of_it(client, closed_group, editor):
    admin = member(closed_group, role=Role.ADMIN)
    author = member(closed_group, first_name="Olle", last_name="Olsson")
    services.remove(admin, services.write_post(author, closed_group, "Bort med detta"), "Kränkande")
    api(client, admin)
    assert client.get("/api/v2/moderation-log/").status_code == 403

    api(client, editor)
    log = client.get(f"/api/v2/moderation-log/?group={closed_group.pk}")

    assert log.status_code == 200
    [record] = log.json()["results"]
    assert record["reason"] == "Kränkande"
    assert record["removed_text"] == "Bort med detta"
    assert record["author"]["name"] == "Olle Olsson"
    assert record["action"] == "remove_post"
    assert client.get("/api/v2/moderation-log/?group=abc").status_code == 400


def test_anonymous_requests_get_401(client, closed_group):
    post = services.write_post(member(closed_group), closed_group, "Text")
    assert client.get("/api/v2/posts/").status_code == 401
    assert client.get(f"/api/v2/posts/{post.pk}/").status_code == 401
    assert client.post(f"/api/v2/posts/{post.pk}/remove/", {"reason": "x"}, content_type=JSON).status_code == 401
    assert client.get("/api/v2/moderation-log/").status_code == 401


def test_a_moderator_cannot_edit_someone_elses_post(client, closed_group, editor):
    post = services.write_post(member(closed_group), closed_group, "Original")
    api(client, editor)
    assert client.patch(f"/api/v2/posts/{post.pk}/", {"body": "Ändrat"}, content_type=JSON).status_code == 403
    assert Post.objects.get(pk=post.pk).body == "Original"
    # …but sees its history, as the group's moderators do.
    assert client.get(f"/api/v2/posts/{post.pk}/edits/").status_code == 200


def test_removing_twice_is_a_404_and_logs_once(client, closed_group, editor):
    post = services.write_post(member(closed_group), closed_group, "Text")
    api(client, editor)
    assert client.post(f"/api/v2/posts/{post.pk}/remove/", {"reason": "Ett"}, content_type=JSON).status_code == 204
    assert client.post(f"/api/v2/posts/{post.pk}/remove/", {"reason": "Två"}, content_type=JSON).status_code == 404
    assert ModerationRecord.objects.count() == 1
    assert Post.objects.get(pk=post.pk).removed_at <= timezone.now()
