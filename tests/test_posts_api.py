"""Posts, comments and reactions through /api/v2/: writing, one level of replies, edit history, soft deletion,
mentions made once, authors who have left, and listings whose query count does not grow with their rows.

Groups and memberships are made with the ORM: the groups app's services are not what is tested here.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intranet.groups.models import GroupKind, JoinPolicy, Membership, Role, WorkGroup
from intranet.posts import services
from intranet.posts.models import Comment, Edit, Mention, Post, Reaction
from intranet.publishing.services import EDITORS_GROUP

from . import factories

pytestmark = pytest.mark.django_db


# --- Helpers the other posts tests use too


def work_group(name="Cykelgruppen", join_policy=JoinPolicy.OPEN, archived=False):
    return WorkGroup.objects.create(
        name=name,
        slug=name.lower().replace(" ", "-"),
        kind=GroupKind.STAFF,
        join_policy=join_policy,
        archived_at=timezone.now() if archived else None,
    )


def member(group, user=None, role=Role.MEMBER, **kwargs):
    user = user or factories.UserFactory(**kwargs)
    Membership.objects.create(group=group, user=user, role=role)
    return user


def grant_editors_moderation():
    """Redaktörer moderate every group (the groups app's migration grants it; this is idempotent)."""
    Group.objects.get(name=EDITORS_GROUP).permissions.add(Permission.objects.get(codename="moderate_any_group"))


def api(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def group():
    return work_group()


@pytest.fixture
def author(group):
    return member(group, username="anna.berg", first_name="Anna", last_name="Berg")


# --- Writing and reading


def test_a_member_posts_and_everyone_reads_it_newest_first(client, group, author):
    reader = factories.UserFactory()
    api(client, author)
    first = client.post("/api/v2/posts/", {"group": group.pk, "body": "Första"}, content_type="application/json")
    second = client.post("/api/v2/posts/", {"group": group.pk, "body": "Andra"}, content_type="application/json")
    assert first.status_code == 201, first.json()
    assert second.json()["body_html"] == "<p>Andra</p>"

    api(client, reader)
    listing = client.get(f"/api/v2/posts/?group={group.pk}")

    assert listing.status_code == 200
    assert [post["body"] for post in listing.json()["results"]] == ["Andra", "Första"]
    assert listing.json()["results"][0]["author"] == {"id": author.pk, "name": "Anna Berg", "former_colleague": False}
    assert "private" in listing["Cache-Control"] and "no-store" in listing["Cache-Control"]


def test_the_listing_is_cursor_paginated(client, group, author):
    for number in range(25):
        factories.PostFactory(group=group, author=author, body=f"Inlägg {number}")
    api(client, author)

    first = client.get(f"/api/v2/posts/?group={group.pk}").json()
    second = client.get(first["next"]).json()

    assert len(first["results"]) == 20
    assert [post["body"] for post in second["results"]] == [f"Inlägg {number}" for number in range(4, -1, -1)]
    assert second["next"] is None
    bad = client.get(f"/api/v2/posts/?group={group.pk}&cursor=xyz")
    assert bad.status_code == 404
    assert bad.json() == {"message": "Sidmarkören är ogiltig. Börja om från första sidan."}


def test_a_reply_to_a_reply_attaches_to_the_top_comment(client, group, author):
    post = services.write_post(author, group, "Vem följer med på cykelturen?")
    colleague = member(group)
    api(client, colleague)
    top = client.post(f"/api/v2/posts/{post.pk}/comments/", {"body": "Jag!"}, content_type="application/json")
    reply = client.post(
        f"/api/v2/posts/{post.pk}/comments/", {"body": "Jag med", "reply_to": top.json()["id"]}, "application/json"
    )
    reply_to_reply = client.post(
        f"/api/v2/posts/{post.pk}/comments/", {"body": "Och jag", "reply_to": reply.json()["id"]}, "application/json"
    )

    assert reply_to_reply.status_code == 201
    assert reply_to_reply.json()["reply_to"] == top.json()["id"]
    detail = client.get(f"/api/v2/posts/{post.pk}/").json()
    assert detail["comment_count"] == 3
    assert [comment["body"] for comment in detail["comments"]] == ["Jag!"]
    assert [reply["body"] for reply in detail["comments"][0]["replies"]] == ["Jag med", "Och jag"]


def test_reactions_are_counted_with_mine(client, group, author):
    post = services.write_post(author, group, "Fika kl 15")
    others = [factories.UserFactory() for _ in range(3)]
    for other in others:
        services.react(other, post, "like")
    services.react(others[0], post, "thanks")
    api(client, author)

    answer = client.put(f"/api/v2/posts/{post.pk}/reactions/like/")
    again = client.put(f"/api/v2/posts/{post.pk}/reactions/like/")

    assert answer.status_code == 200
    assert again.json() == {"counts": {"like": 4, "thanks": 1, "celebrate": 0}, "mine": ["like"]}
    taken_back = client.delete(f"/api/v2/posts/{post.pk}/reactions/like/")
    assert taken_back.json() == {"counts": {"like": 3, "thanks": 1, "celebrate": 0}, "mine": []}
    assert client.put(f"/api/v2/posts/{post.pk}/reactions/angry/").status_code == 404
    detail = client.get(f"/api/v2/posts/{post.pk}/").json()
    assert detail["reactions"] == {"counts": {"like": 3, "thanks": 1, "celebrate": 0}, "mine": []}


def test_editing_keeps_the_earlier_text_and_marks_the_post_edited(client, group, author):
    post = services.write_post(author, group, "Mötet är på tisdag")
    api(client, author)

    edited = client.patch(f"/api/v2/posts/{post.pk}/", {"body": "Mötet är på onsdag"}, "application/json")
    client.patch(f"/api/v2/posts/{post.pk}/", {"body": "Mötet är på torsdag"}, "application/json")

    assert edited.status_code == 200
    assert edited.json()["body"] == "Mötet är på onsdag"
    assert edited.json()["edited_at"] is not None
    history = client.get(f"/api/v2/posts/{post.pk}/edits/").json()
    assert history["current"]["body"] == "Mötet är på torsdag"
    assert [edit["body"] for edit in history["results"]] == ["Mötet är på onsdag", "Mötet är på tisdag"]
    assert Edit.objects.filter(post=post).count() == 2


def test_editing_a_comment_keeps_its_history_and_only_the_author_edits(client, group, author):
    post = services.write_post(author, group, "Inlägg")
    comment = services.write_comment(author, post, "Fel tid")
    other = member(group)
    api(client, other)
    refused = client.patch(f"/api/v2/comments/{comment.pk}/", {"body": "Kapat"}, "application/json")
    assert refused.status_code == 403
    assert refused.json() == {"message": "Bara den som skrev det kan ändra det."}
    assert client.get(f"/api/v2/comments/{comment.pk}/edits/").status_code == 403

    api(client, author)
    assert client.patch(f"/api/v2/comments/{comment.pk}/", {"body": "Rätt tid"}, "application/json").status_code == 200
    history = client.get(f"/api/v2/comments/{comment.pk}/edits/").json()
    assert [edit["body"] for edit in history["results"]] == ["Fel tid"]


def test_an_empty_or_overlong_text_is_a_400_with_a_message(client, group, author):
    api(client, author)
    empty = client.post("/api/v2/posts/", {"group": group.pk, "body": "  \n "}, content_type="application/json")
    long = client.post("/api/v2/posts/", {"group": group.pk, "body": "a" * 10_001}, content_type="application/json")
    no_group = client.post("/api/v2/posts/", {"group": 999999, "body": "Hej"}, content_type="application/json")

    assert empty.status_code == 400
    assert empty.json()["message"] == "Skriv något först."
    assert long.status_code == 400
    assert long.json()["message"] == "Texten är för lång: högst 10 000 tecken."
    assert no_group.status_code == 400
    assert no_group.json()["message"] == "Gruppen finns inte."
    assert Post.objects.count() == 0


# --- Deletion and removal hide everywhere


def test_a_deleted_post_is_gone_from_listing_detail_comments_and_history(client, group, author):
    post = services.write_post(author, group, "Hemligt")
    comment = services.write_comment(author, post, "Kommentar")
    kept = services.write_post(author, group, "Kvar")
    api(client, author)

    assert client.delete(f"/api/v2/posts/{post.pk}/").status_code == 204

    assert [p["id"] for p in client.get(f"/api/v2/posts/?group={group.pk}").json()["results"]] == [kept.pk]
    for path in (
        f"/api/v2/posts/{post.pk}/",
        f"/api/v2/posts/{post.pk}/comments/",
        f"/api/v2/posts/{post.pk}/edits/",
        f"/api/v2/comments/{comment.pk}/",
    ):
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert answer.json() == {"message": "Inlägget eller kommentaren finns inte (den kan ha tagits bort)."}
    assert client.put(f"/api/v2/posts/{post.pk}/reactions/like/").status_code == 404
    assert Post.objects.get(pk=post.pk).removed_by == author  # kept, not deleted


def test_a_deleted_comment_leaves_the_post_and_its_count(client, group, author):
    post = services.write_post(author, group, "Inlägg")
    other = member(group)
    gone = services.write_comment(other, post, "Tas bort")
    services.write_comment(other, post, "Stannar")
    api(client, author)
    assert client.delete(f"/api/v2/comments/{gone.pk}/").status_code == 403  # not the author's

    api(client, other)
    assert client.delete(f"/api/v2/comments/{gone.pk}/").status_code == 204

    detail = client.get(f"/api/v2/posts/{post.pk}/").json()
    assert [comment["body"] for comment in detail["comments"]] == ["Stannar"]
    assert detail["comment_count"] == 1
    assert [c["body"] for c in client.get(f"/api/v2/posts/{post.pk}/comments/").json()["results"]] == ["Stannar"]


def test_a_removed_top_comment_with_replies_shows_nothing_of_itself(client, group, author):
    post = services.write_post(author, group, "Inlägg")
    other = member(group)
    top = services.write_comment(other, post, "Olämpligt")
    services.write_comment(author, post, "Svar", reply_to=top)
    services.delete_own(other, top)
    api(client, author)

    comments = client.get(f"/api/v2/posts/{post.pk}/").json()["comments"]

    assert comments == [{"id": top.pk, "removed": True, "replies": [comments[0]["replies"][0]]}]
    assert comments[0]["replies"][0]["body"] == "Svar"
    assert "Olämpligt" not in str(comments)


# --- Authors who left


def test_an_inactive_or_deleted_author_is_a_former_colleague(client, group, author):
    post = services.write_post(author, group, "Hej då")
    comment_author = member(group)
    comment = services.write_comment(comment_author, post, "Lycka till")
    author.is_active = False
    author.save()
    comment_author.delete()
    api(client, factories.UserFactory())

    detail = client.get(f"/api/v2/posts/{post.pk}/").json()

    former = {"id": None, "name": "tidigare medarbetare", "former_colleague": True}
    assert detail["author"] == former
    assert detail["comments"][0]["author"] == former
    assert Comment.objects.get(pk=comment.pk).author is None
    listing = client.get(f"/api/v2/posts/?group={group.pk}").json()
    assert listing["results"][0]["author"] == former


# --- Mentions -----


def test_mentions_are_made_once_per_person_also_across_edits(client, group, author):
    bo = factories.UserFactory(username="bo.ek", first_name="Bo", last_name="Ek")
    cia = factories.UserFactory(username="Cia.Lund", first_name="Cia", last_name="Lund")
    left = factories.UserFactory(username="ulf", is_active=False)
    api(client, author)

    created = client.post(
        "/api/v2/posts/",
        {"group": group.pk, "body": "Hej @bo.ek och @BO.EK, @ulf, @anna.berg och @okänd. Mejla anna@kommunen.se"},
        content_type="application/json",
    ).json()
    post = Post.objects.get(pk=created["id"])
    assert set(Mention.objects.filter(post=post).values_list("user__username", flat=True)) == {"bo.ek"}
    assert '<a class="mention" href="/api/v2/people/' in created["body_html"]
    assert f'href="/api/v2/people/{bo.pk}/" rel="noopener nofollow">@Bo Ek</a>' in created["body_html"]
    assert "@ulf" in created["body_html"] and "people/" + str(left.pk) not in created["body_html"]

    client.patch(f"/api/v2/posts/{post.pk}/", {"body": "Hej @cia.lund"}, "application/json")
    client.patch(f"/api/v2/posts/{post.pk}/", {"body": "Hej @cia.lund och @bo.ek igen"}, "application/json")

    mentioned = list(Mention.objects.filter(post=post).order_by("pk").values_list("user__username", flat=True))
    assert mentioned == ["bo.ek", "Cia.Lund"]
    assert Mention.objects.filter(user=cia).count() == 1

    comment = services.write_comment(author, post, "@cia.lund titta här")
    assert list(Mention.objects.filter(comment=comment).values_list("user", flat=True)) == [cia.pk]


def test_each_mention_is_announced_once_through_post_save(group, author):
    """Notifications listen for new Mention rows (post_save, created=True): one signal per person, ever."""
    from django.db.models.signals import post_save

    factories.UserFactory(username="bo.ek")
    seen = []

    def listener(sender, instance, created, **kwargs):
        if created:
            seen.append(instance.user.username)

    post_save.connect(listener, sender=Mention)
    try:
        post = services.write_post(author, group, "@bo.ek @bo.ek")
        services.edit(author, post, "@bo.ek nu igen")
        services.edit(author, post, "utan")
        services.edit(author, post, "@bo.ek tillbaka")
    finally:
        post_save.disconnect(listener, sender=Mention)
    assert seen == ["bo.ek"]


# --- Query counts


def fill(group, author, posts, comments_each):
    people = [member(group) for _ in range(3)]
    for number in range(posts):
        post = services.write_post(author, group, f"Inlägg {number} till @{people[0].username} https://kommunen.se")
        for comment_number in range(comments_each):
            comment = services.write_comment(people[comment_number % 3], post, f"Svar {comment_number}")
            Reaction.objects.create(user=people[1], comment=comment, kind="like")
        for person in people:
            Reaction.objects.create(user=person, post=post, kind="like")


def queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(path)
    assert answer.status_code == 200
    return len(queries)


def test_listing_and_detail_queries_do_not_grow_with_rows(client, group, author):
    fill(group, author, posts=2, comments_each=1)
    api(client, author)
    few_list = queries_for(client, f"/api/v2/posts/?group={group.pk}")
    few_post = Post.objects.filter(group=group).first()
    few_detail = queries_for(client, f"/api/v2/posts/{few_post.pk}/")

    fill(group, author, posts=20, comments_each=6)
    many_list = queries_for(client, f"/api/v2/posts/?group={group.pk}")
    many_post = Post.objects.filter(group=group).first()
    many_detail = queries_for(client, f"/api/v2/posts/{many_post.pk}/")
    many_comments = queries_for(client, f"/api/v2/posts/{many_post.pk}/comments/")

    assert many_list == few_list
    assert many_detail == few_detail
    print(f"\nqueries: posts listing {many_list}, post detail {many_detail}, comments listing {many_comments}")
    assert many_list <= 10
