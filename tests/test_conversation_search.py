"""Group posts and comments in the reader's search: found through the engine, each naming its group; removed
content and archived groups leave the index; nothing for anyone not logged in."""

import pytest
from django.utils import timezone
from wagtail.search.backends import get_search_backend

from search.conversation_index import IndexedComment, IndexedPost

from . import factories

pytestmark = pytest.mark.django_db


def refresh():
    backend = get_search_backend()
    for model in (IndexedPost, IndexedComment):
        backend.get_index_for_model(model).refresh()


def found(client, query, kind):
    data = client.get(f"/api/v2/search/?q={query}&type={kind}").json()
    return [(hit["type"], hit["id"]) for hit in data["results"]], data


@pytest.fixture
def talk(search_engine):
    social = factories.DepartmentFactory(name="Socialförvaltningen", code="SOC", slug="socialforvaltningen")
    author = factories.person("karin.akesson", "Karin", "Åkesson", social)
    colleague = factories.person("orjan.lind", "Örjan", "Lind", social)
    department_group = factories.WorkGroupFactory(
        name="Socialförvaltningen", kind="department", join_policy="closed", department=social
    )
    cyclists = factories.WorkGroupFactory(name="Cykelklubben")
    post = factories.PostFactory(
        group=department_group, author=author, body="Vem vill samåka till konferensen i Sundsvall?"
    )
    comment = factories.CommentFactory(
        post=post, author=colleague, body="Jag kör från kommunhuset klockan sju, Sundsvall nästa."
    )
    other = factories.PostFactory(
        group=cyclists, author=colleague, body="Vårens cykeltur går till Sundsvall den 12 maj."
    )
    refresh()
    return {
        "social": social,
        "author": author,
        "colleague": colleague,
        "department_group": department_group,
        "cyclists": cyclists,
        "post": post,
        "comment": comment,
        "other": other,
    }


@pytest.fixture
def reader(client):
    client.force_login(factories.UserFactory())  # a member of no group: every group is readable to all
    return client


def test_posts_and_comments_are_found_and_name_their_group(reader, talk):
    hits, data = found(reader, "samåka konferensen", "post")
    assert hits == [("post", talk["post"].pk)]
    [post] = data["results"]
    assert post["group"] == {
        "id": talk["department_group"].pk,
        "slug": "socialforvaltningen",
        "name": "Socialförvaltningen",
    }
    assert post["title"] == "Socialförvaltningen"
    assert post["author"] == "Karin Åkesson"
    assert post["url"] == f"/api/v2/posts/{talk['post'].pk}/"
    assert "<mark>samåka</mark>" in post["snippet"]
    assert post["department"]["slug"] == "socialforvaltningen"
    hits, data = found(reader, "kommunhuset", "comment")
    assert hits == [("comment", talk["comment"].pk)]
    assert data["results"][0]["group"]["name"] == "Socialförvaltningen"
    assert data["results"][0]["post_id"] == talk["post"].pk
    # a search over everything counts them in the type facet
    everything = reader.get("/api/v2/search/?q=Sundsvall").json()
    assert everything["facets"]["type"] == {"post": 2, "comment": 1}
    # and a department narrows posts to its department group
    hits, _ = found(reader, "Sundsvall&department=socialforvaltningen", "post")
    assert hits == [("post", talk["post"].pk)]


def test_what_is_written_is_escaped_in_the_snippet(reader, talk):
    factories.PostFactory(
        group=talk["cyclists"], author=talk["author"], body="Sundsvall <script>alert(1)</script> <b>fet</b>"
    )
    refresh()
    _, data = found(reader, "alert", "post")
    [hit] = data["results"]
    assert "<script>" not in hit["snippet"] and "<b>" not in hit["snippet"]
    assert "&lt;script&gt;" in hit["snippet"]


def test_a_removed_post_leaves_search_with_its_comments(reader, talk):
    post = talk["post"]
    post.removed_at = timezone.now()
    post.save()
    refresh()
    assert found(reader, "samåka", "post")[0] == []
    assert found(reader, "kommunhuset", "comment")[0] == []
    backend = get_search_backend()
    index = backend.get_index_for_model(IndexedPost).name
    assert not backend.es.exists(index=index, id=f"{IndexedPost._meta.label}:{post.pk}")


def test_a_removed_comment_leaves_search(reader, talk):
    comment = talk["comment"]
    comment.removed_at = timezone.now()
    comment.save(update_fields=["removed_at"])
    refresh()
    assert found(reader, "kommunhuset", "comment")[0] == []
    assert found(reader, "samåka", "post")[0] == [("post", talk["post"].pk)]


def test_an_archived_group_takes_its_posts_and_comments_out_of_search(reader, talk):
    group = talk["department_group"]
    group.archived_at = timezone.now()
    group.save()
    refresh()
    assert found(reader, "samåka", "post")[0] == []
    assert found(reader, "kommunhuset", "comment")[0] == []
    assert found(reader, "cykeltur", "post")[0] == [("post", talk["other"].pk)]  # another group's stay
    everything = reader.get("/api/v2/search/?q=Sundsvall").json()
    assert everything["facets"]["type"] == {"post": 1}


def test_content_stale_in_the_index_is_not_shown(reader, talk):
    """Should an update miss the engine, the database still decides what is shown."""
    from intranet.posts.models import Post

    Post.objects.filter(pk=talk["post"].pk).update(removed_at=timezone.now())  # no signal, no reindex
    assert found(reader, "samåka", "post")[0] == []


def test_nobody_searches_without_logging_in(client, talk):
    response = client.get("/api/v2/search/?q=Sundsvall&type=post")
    assert response.status_code == 401


def test_posts_of_someone_who_left_stay_searchable_but_not_by_their_name(reader, talk):
    assert found(reader, "Karin Åkesson", "post")[0] == [("post", talk["post"].pk)]
    talk["author"].is_active = False
    talk["author"].save()
    refresh()
    assert found(reader, "Karin Åkesson", "post")[0] == []
    hits, data = found(reader, "samåka", "post")
    assert hits == [("post", talk["post"].pk)]
    assert data["results"][0]["author"] == "tidigare medarbetare"


def test_a_post_is_found_by_the_text_of_its_attached_document(reader, talk):
    from django.core.files.base import ContentFile

    from intranet.posts.attachments import attach
    from intranet.posts.tasks import update_attachment_text

    from .test_documents import make_docx

    text = make_docx("Reseräkningsblanketten fylls i efter cykelturen.")
    attachment = attach(talk["other"], ContentFile(text, name="r.docx"), None)
    update_attachment_text(attachment.pk)  # what the worker does once the upload is committed
    refresh()
    hits, _ = found(reader, "reseräkningsblanketten", "post")
    assert hits == [("post", talk["other"].pk)]

    talk["other"].attachments.get().delete()
    refresh()
    assert found(reader, "reseräkningsblanketten", "post")[0] == []
