"""Groups on the reader site: list, group page, post page with comments, members; with and without JavaScript."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intranet.groups.models import JoinRequest, Membership, RequestStatus, Role
from intranet.posts.models import Comment, ModerationRecord, Post, Reaction

from . import factories

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
XSS = '<script>alert(1)</script><img src=x onerror="alert(2)">'


@pytest.fixture
def member(client):
    user = factories.UserFactory(username="lisa", first_name="Lisa", last_name="Berg")
    client.force_login(user)
    return user


@pytest.fixture
def group(member):
    return factories.staff_group(name="Lunchklubben", slug="lunchklubben", members=[member])


def url(group, *parts):
    return "/".join([f"/grupper/{group.slug}", *map(str, parts)]) + "/"


def count_queries(client, path):
    client.get(path)  # caches filled once per process (site roots, settings) are not what is measured
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


# The list ---------------------------------------------------------------------------------------------------


def test_list_filters_mine_and_archived_and_searches_by_name(client, member, group):
    factories.staff_group(name="Kören", slug="koren")
    factories.staff_group(name="Bokcirkeln", slug="bokcirkeln", archived_at=timezone.now())

    def names(**query):
        response = client.get("/grupper/", query)
        assert response.status_code == 200
        return [g.name for g in response.context["groups"]]

    assert names() == ["Kören", "Lunchklubben"]
    assert names(visa="mina") == ["Lunchklubben"]
    assert names(visa="arkiverade") == ["Bokcirkeln"]
    assert names(q="kör") == ["Kören"]
    assert names(visa="påhittat") == ["Kören", "Lunchklubben"]  # an unknown choice shows the default list
    page = client.get("/grupper/").content.decode()
    assert 'aria-current="true">Grupper<' in page or 'aria-current="true">Groups<' in page


def test_list_queries_do_not_grow_with_groups(client, member):
    for n in range(3):
        factories.staff_group(name=f"Grupp {n}", members=[member])
    few = count_queries(client, "/grupper/")
    for n in range(3, 12):
        factories.staff_group(name=f"Grupp {n}", members=[member])
    assert count_queries(client, "/grupper/") == few


# Posting ----------------------------------------------------------------------------------------------------


def test_member_posts_without_javascript_and_is_sent_back_with_a_message(client, member, group):
    response = client.post(url(group), {"action": "post", "body": "Lunch kl 12?"})
    assert response.status_code == 302 and response["Location"] == url(group)
    post = Post.objects.get()
    assert (post.author, post.group, post.body) == (member, group, "Lunch kl 12?")
    page = client.get(url(group)).content.decode()
    assert "Lunch kl 12?" in page and f'id="inlagg-{post.pk}"' in page


def test_member_posts_with_htmx_and_gets_the_posts_section_back(client, member, group):
    response = client.post(url(group), {"action": "post", "body": "Lunch kl 12?"}, **HTMX)
    assert response.status_code == 200
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<section id="inlagg"') and "<html" not in fragment
    assert "Lunch kl 12?" in fragment and 'role="status"' in fragment
    assert Post.objects.count() == 1


def test_a_non_member_cannot_post_by_plain_http(client, group):
    stranger = factories.UserFactory()
    client.force_login(stranger)
    assert 'id="nytt-inlagg"' not in client.get(url(group)).content.decode()  # not offered
    response = client.post(url(group), {"action": "post", "body": "Hej"})
    assert response.status_code == 403
    assert not Post.objects.exists()


def test_an_archived_group_is_readable_and_takes_no_posts(client, member, group):
    factories.PostFactory(group=group, author=member, body="Från förr")
    group.archived_at = timezone.now()
    group.save()
    page = client.get(url(group)).content.decode()
    assert "Från förr" in page and 'id="nytt-inlagg"' not in page
    assert client.post(url(group), {"action": "post", "body": "Hej"}).status_code == 403
    assert Post.objects.count() == 1


def test_too_long_text_is_refused_and_what_was_typed_comes_back(client, member, group):
    text = "ord " * 2600  # over 10 000 characters
    response = client.post(url(group), {"action": "post", "body": text})
    assert response.status_code == 400
    page = response.content.decode()
    assert text.strip() in page and 'aria-invalid="true"' in page
    assert not Post.objects.exists()
    response = client.post(url(group), {"action": "post", "body": "   "}, **HTMX)
    assert response.status_code == 200 and "ds-validation-message" in response.content.decode()
    assert not Post.objects.exists()


def test_what_staff_write_is_inert(client, member, group):
    group.description = XSS
    group.save()
    post = factories.PostFactory(group=group, author=member, body=XSS + " https://kommunen.example/a")
    factories.CommentFactory(post=post, author=member, body=XSS)
    for path in (url(group), url(group, "inlagg", post.pk), "/grupper/"):
        page = client.get(path).content.decode()
        # Shown as text (escaped), never as markup.
        assert "<script>alert(1)" not in page and "<img src=x" not in page, path
        assert "&lt;script&gt;alert(1)" in page, path
    assert 'href="https://kommunen.example/a" rel="noopener nofollow"' in client.get(url(group)).content.decode()


# Comments, reactions, edits ---------------------------------------------------------------------------------


def test_comment_and_reply_without_javascript_keep_one_level(client, member, group):
    post = factories.PostFactory(group=group, author=member)
    response = client.post(url(group, "inlagg", post.pk), {"action": "comment", "body": "Första"})
    first = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(group, "inlagg", post.pk) + f"#kommentar-{first.pk}"
    client.post(url(group, "inlagg", post.pk), {"action": "comment", "body": "Svar", "reply_to": first.pk})
    reply = Comment.objects.get(body="Svar")
    client.post(url(group, "inlagg", post.pk), {"action": "comment", "body": "Svar på svar", "reply_to": reply.pk})
    assert Comment.objects.get(body="Svar på svar").parent == first  # one level of replies
    page = client.get(url(group, "inlagg", post.pk)).content.decode()
    assert page.index("Första") < page.index("Svar") < page.index("Svar på svar")


def test_comment_with_htmx_returns_the_comments_section(client, member, group):
    post = factories.PostFactory(group=group, author=member)
    response = client.post(url(group, "inlagg", post.pk), {"action": "comment", "body": "Bra!"}, **HTMX)
    fragment = response.content.decode()
    assert response.status_code == 200 and fragment.lstrip().startswith('<section id="kommentarer"')
    assert "Bra!" in fragment and "<html" not in fragment


def test_reacting_toggles_with_htmx_and_without(client, member, group):
    post = factories.PostFactory(group=group, author=factories.UserFactory())
    path = url(group, "inlagg", post.pk)
    response = client.post(path, {"action": "react", "kind": "like"}, **HTMX)
    fragment = response.content.decode()
    assert fragment.lstrip().startswith(f'<article class="ds-card post" id="inlagg-{post.pk}"')
    assert 'aria-pressed="true"' in fragment and 'data-count="1"' in fragment
    assert Reaction.objects.filter(post=post, user=member, kind="like").count() == 1
    response = client.post(path, {"action": "react", "kind": "like", "undo": "1", "next": url(group)})
    assert response.status_code == 302 and response["Location"] == url(group)
    assert not Reaction.objects.exists()
    assert client.post(path, {"action": "react", "kind": "hate"}).status_code == 400


def test_the_author_edits_with_htmx_others_may_not(client, member, group):
    post = factories.PostFactory(group=group, author=member, body="Fel")
    path = url(group, "inlagg", post.pk)
    form = client.get(path, {"redigera": "inlagg"}, **HTMX).content.decode()
    assert f'id="redigera-inlagg-{post.pk}"' in form and ">Fel</textarea>" in form
    response = client.post(path, {"action": "edit", "body": "Rätt"}, **HTMX)
    assert response.status_code == 200 and "Rätt" in response.content.decode()
    post.refresh_from_db()
    assert post.body == "Rätt" and post.edited_at is not None
    other = factories.UserFactory()
    Membership.objects.create(group=group, user=other)
    client.force_login(other)
    assert f'id="redigera-inlagg-{post.pk}"' not in client.get(path, {"redigera": "inlagg"}).content.decode()
    assert client.post(path, {"action": "edit", "body": "Kapat"}).status_code == 403
    post.refresh_from_db()
    assert post.body == "Rätt"


def test_the_author_deletes_their_comment(client, member, group):
    post = factories.PostFactory(group=group, author=member)
    comment = factories.CommentFactory(post=post, author=member)
    response = client.post(url(group, "inlagg", post.pk), {"action": "delete", "comment": comment.pk}, **HTMX)
    assert response.status_code == 200 and 'role="status"' in response.content.decode()
    comment.refresh_from_db()
    assert comment.is_removed


# Moderation ------------------------------------------------------------------------------------------------


def test_a_group_admin_removes_a_post_only_with_a_reason(client, member, group):
    admin = Membership.objects.get(group=group, role=Role.ADMIN).user
    post = factories.PostFactory(group=group, author=member, body="Olämpligt")
    path = url(group, "inlagg", post.pk)
    # The member may not remove it (only delete their own): a hostile POST is refused.
    other = factories.UserFactory()
    Membership.objects.create(group=group, user=other)
    client.force_login(other)
    assert f'id="ta-bort-inlagg-{post.pk}"' not in client.get(path, {"ta-bort": "inlagg"}).content.decode()
    assert client.post(path, {"action": "remove", "reason": "Nej"}).status_code == 403
    client.force_login(admin)
    form = client.get(path, {"ta-bort": "inlagg"}).content.decode()
    assert f'id="ta-bort-inlagg-{post.pk}"' in form
    response = client.post(path, {"action": "remove", "reason": ""})
    assert response.status_code == 400 and "ds-validation-message" in response.content.decode()
    post.refresh_from_db()
    assert not post.is_removed
    response = client.post(path, {"action": "remove", "reason": "Personuppgifter"})
    assert response.status_code == 302 and response["Location"] == url(group)
    record = ModerationRecord.objects.get()
    assert (record.moderator, record.reason, record.post) == (admin, "Personuppgifter", post)
    assert client.get(path).status_code == 404
    assert "Olämpligt" not in client.get(url(group)).content.decode()


def test_an_editor_moderates_any_group(client, member, group):
    post = factories.PostFactory(group=group, author=member)
    client.force_login(factories.editor())
    response = client.post(url(group, "inlagg", post.pk), {"action": "remove", "reason": "Fel forum"})
    assert response.status_code == 302
    assert ModerationRecord.objects.filter(post=post, reason="Fel forum").exists()


# Joining and members ---------------------------------------------------------------------------------------


def test_join_and_leave_an_open_group(client, group):
    newcomer = factories.UserFactory()
    client.force_login(newcomer)
    assert client.post(url(group), {"action": "join"}).status_code == 302
    assert Membership.objects.filter(group=group, user=newcomer).exists()
    assert client.post(url(group), {"action": "leave"}).status_code == 302
    assert not Membership.objects.filter(group=group, user=newcomer).exists()


def test_ask_to_join_a_closed_group_and_an_admin_approves(client, member):
    admin = factories.UserFactory()
    closed = factories.staff_group(name="Ledningen", slug="ledningen", join_policy="closed", admin=admin)
    newcomer = factories.UserFactory(first_name="Nils", last_name="Nyman")
    client.force_login(newcomer)
    assert client.post(url(closed), {"action": "join"}).status_code == 302  # refused with a message
    assert not Membership.objects.filter(group=closed, user=newcomer).exists()
    client.post(url(closed), {"action": "request", "message": "Jag vill vara med " + XSS})
    join_request = JoinRequest.objects.get(group=closed, user=newcomer)
    # Another member may not see or answer the request.
    client.force_login(member)
    page = client.get(url(closed, "medlemmar")).content.decode()
    assert "Jag vill vara med" not in page
    response = client.post(url(closed, "medlemmar"), {"action": "approve", "request": join_request.pk})
    assert response.status_code == 403
    client.force_login(admin)
    page = client.get(url(closed, "medlemmar")).content.decode()
    assert "Jag vill vara med" in page and "<script>alert(1)" not in page
    response = client.post(url(closed, "medlemmar"), {"action": "approve", "request": join_request.pk})
    assert response.status_code == 302
    join_request.refresh_from_db()
    assert join_request.status == RequestStatus.APPROVED
    assert Membership.objects.filter(group=closed, user=newcomer).exists()


def test_a_group_admin_promotes_and_removes_members(client, member, group):
    admin = Membership.objects.get(group=group, role=Role.ADMIN).user
    client.force_login(admin)
    path = url(group, "medlemmar")
    assert client.post(path, {"action": "promote", "user": member.pk}).status_code == 302
    assert Membership.objects.get(group=group, user=member).role == Role.ADMIN
    assert client.post(path, {"action": "remove", "user": member.pk}).status_code == 302
    assert not Membership.objects.filter(group=group, user=member).exists()
    client.force_login(member)
    assert client.post(path, {"action": "remove", "user": admin.pk}).status_code == 403


def test_a_group_admin_adds_a_colleague_by_username_and_a_member_may_not(client, member, group):
    admin = Membership.objects.get(group=group, role=Role.ADMIN).user
    newcomer = factories.UserFactory(username="nils.nyman")
    path = url(group, "medlemmar")
    assert client.post(path, {"action": "add", "username": "nils.nyman"}).status_code == 403
    client.force_login(admin)
    assert client.post(path, {"action": "add", "username": "@Nils.Nyman"}).status_code == 302
    assert Membership.objects.filter(group=group, user=newcomer).exists()
    response = client.post(path, {"action": "add", "username": "finns.inte"}, follow=True)
    assert response.status_code == 200 and "finns.inte" in response.content.decode()


# Fast pages ------------------------------------------------------------------------------------------------


def test_group_post_and_members_pages_do_not_grow_with_data(client, member, group):
    target = factories.PostFactory(group=group, author=member)
    paths = [url(group), url(group, "inlagg", target.pk), url(group, "medlemmar")]

    def add(n):
        for _ in range(n):
            colleague = factories.UserFactory()
            Membership.objects.create(group=group, user=colleague)
            post = factories.PostFactory(group=group, author=colleague)
            Reaction.objects.create(post=post, user=colleague)
            top = factories.CommentFactory(post=target, author=colleague)
            factories.CommentFactory(post=target, author=member, parent=top)
            Reaction.objects.create(comment=top, user=member)

    add(3)
    few = [count_queries(client, path) for path in paths]
    add(9)
    assert [count_queries(client, path) for path in paths] == few


def test_writing_on_the_reader_site_shares_the_apis_per_person_limit(client, member, group, monkeypatch):
    from intranet.headless.throttling import PersonalWriteThrottle

    monkeypatch.setattr(PersonalWriteThrottle, "THROTTLE_RATES", {"write": "3/minute"})
    post = factories.PostFactory(group=group, author=member)
    assert client.post("/api/v2/posts/", {"group": group.pk, "body": "Via API"}).status_code == 201
    assert client.post(url(group), {"action": "post", "body": "Ett"}).status_code == 302
    assert client.post(url(group, "inlagg", post.pk), {"action": "comment", "body": "Två"}).status_code == 302
    refused = client.post(url(group), {"action": "post", "body": "Tre"}, **HTMX)
    assert refused.status_code == 429 and 1 <= int(refused["Retry-After"]) <= 60
    assert 'role="alert"' in refused.content.decode()
    assert not Post.objects.filter(body="Tre").exists()
    assert client.get(url(group)).status_code == 200  # reading is never limited
