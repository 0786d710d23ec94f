"""The admin's read-only reports on posts: editors find posts and read the moderation log (with filters and an
export); writers, who also reach the admin, are refused both. Text is shown through the sanitiser there too."""

import pytest

from intranet.groups.models import Role
from intranet.posts import services

from . import factories
from .test_posts_api import grant_editors_moderation, member, work_group

pytestmark = pytest.mark.django_db

LOG = "/admin/reports/moderation-log/"
POSTS = "/admin/reports/posts/"


@pytest.fixture
def editor():
    grant_editors_moderation()
    return factories.editor()


@pytest.fixture
def removals():
    group = work_group("Cykelgruppen")
    other = work_group("Fikagruppen")
    admin = member(group, role=Role.ADMIN, first_name="Greta", last_name="Admin")
    author = member(group, first_name="Olle", last_name="Olsson")
    member(other, user=author)
    bad = services.write_post(author, group, "Köp billiga klockor <script>alert(1)</script> https://spam.example")
    services.remove(admin, bad, "Reklam")
    comment = services.write_comment(author, services.write_post(author, other, "Fika?"), '=HYPERLINK("x")')
    grant_editors_moderation()
    services.remove(factories.editor(first_name="Eva", last_name="Redaktör"), comment, "Trams")
    return {"group": group, "other": other, "post": bad, "comment": comment}


def test_an_editor_reads_the_moderation_log_with_reasons_and_sanitised_text(client, editor, removals):
    client.force_login(editor)

    page = client.get(LOG)

    assert page.status_code == 200
    html = page.content.decode()
    assert "Reklam" in html and "Trams" in html
    assert "Greta Admin" in html and "Eva Redaktör" in html and "Olle Olsson" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<a href="https://spam.example" rel="noopener nofollow">https://spam.example</a>' in html


def test_the_moderation_log_filters_by_group_and_exports(client, editor, removals):
    client.force_login(editor)

    filtered = client.get(LOG, {"group": removals["other"].pk})
    exported = client.get(LOG, {"export": "csv"})

    assert "Trams" in filtered.content.decode() and "Reklam" not in filtered.content.decode()
    assert exported.status_code == 200
    rows = b"".join(exported.streaming_content).decode("utf-8-sig").splitlines()
    assert len(rows) == 3
    assert "Reklam" in rows[2] and "Trams" in rows[1]
    # A removed text that reads as a formula is exported as text.
    assert "'=HYPERLINK" in rows[1]


@pytest.mark.parametrize("path", [LOG, POSTS])
def test_writers_are_refused_the_reports(client, removals, path):
    client.force_login(factories.writer())
    # Wagtail's admin answers a refusal with a redirect to the dashboard and a message.
    response = client.get(path)
    assert (response.status_code, response.url) == (302, "/admin/")


def test_a_group_admin_without_admin_access_cannot_reach_the_reports(client, removals):
    admin = member(removals["group"], role=Role.ADMIN)
    client.force_login(admin)
    answer = client.get(LOG)
    assert answer.status_code == 302
    assert answer["Location"].startswith("/admin/login/")


def test_an_editor_finds_posts_by_their_words_removed_ones_too(client, editor, removals):
    services.write_post(member(removals["group"]), removals["group"], "Cykeltur på lördag")
    client.force_login(editor)

    found = client.get(POSTS, {"q": "klockor"}).content.decode()
    everything = client.get(POSTS).content.decode()
    only_removed = client.get(POSTS, {"removed": "true"}).content.decode()

    assert "billiga klockor" in found and "Cykeltur" not in found
    assert "Cykeltur på lördag" in everything and "Fika?" in everything
    assert "billiga klockor" in only_removed and "Cykeltur" not in only_removed
    assert "<script>alert(1)</script>" not in everything
