"""The personal start page on the reader site (`/`, Wagtail's HomePage) and its feed's "show more"."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Site

from intranet.groups.models import Membership
from intranet.people.models import Follow
from intranet.reader.models import PersonalShortcut, ReaderSiteSettings

from . import factories

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


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


def start(client, **query):
    response = client.get("/", query)
    assert response.status_code == 200
    return response.content.decode()


def test_my_departments_news_and_the_all_departments_switch(client, reader, social, school):
    factories.news_page(title="Nytt från soc", department=social, date=datetime.date(2026, 3, 3))
    factories.news_page(title="Till alla", date=datetime.date(2026, 3, 2))
    factories.news_page(title="Nytt från skolan", department=school, date=datetime.date(2026, 3, 1))
    page = start(client)
    assert page.index("Nytt från soc") < page.index("Till alla")
    assert "Nytt från skolan" not in page
    assert 'href="/?nyheter=alla"' in page
    page = start(client, nyheter="alla")
    assert "Nytt från skolan" in page
    assert 'href="/"' in page


def test_feed_shows_my_groups_and_who_i_follow_and_continues_with_htmx_and_without(client, reader):
    colleague = factories.UserFactory(first_name="Per", last_name="Ek")
    followed = factories.UserFactory(first_name="Anna", last_name="Lund")
    mine = factories.staff_group(name="Lunchklubben", slug="lunchklubben", members=[reader, colleague])
    elsewhere = factories.staff_group(name="Kören", slug="koren", admin=followed)
    Follow.objects.create(follower=reader, followed=followed)
    factories.PostFactory(group=elsewhere, author=followed, body="Konsert på fredag")
    for n in range(21):
        factories.PostFactory(group=mine, author=colleague, body=f"Inlägg {n}")
    page = start(client)
    assert "Inlägg 20" in page and "Konsert på fredag" not in page  # the oldest, past the first 20
    assert "Lunchklubben" in page and 'hx-get="/mitt-flode/?cursor=' in page
    more = page.split('href="/mitt-flode/?cursor=')[1].split('"')[0].replace("&amp;", "&")
    response = client.get("/mitt-flode/?cursor=" + more, **HTMX)
    fragment = response.content.decode()
    assert response.status_code == 200 and "<html" not in fragment
    assert "Konsert på fredag" in fragment and "Inlägg 20" not in fragment
    no_js = client.get("/mitt-flode/?cursor=" + more).content.decode()
    assert "<html" in no_js and "Konsert på fredag" in no_js
    response = client.get("/mitt-flode/", {"cursor": "påhittad"})
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()


def test_my_groups_without_archived_ones(client, reader):
    factories.staff_group(name="Lunchklubben", members=[reader])
    factories.staff_group(name="Gamla gänget", members=[reader], archived_at=timezone.now())
    page = start(client)
    assert 'href="/grupper/lunchklubben/">Lunchklubben<' in page
    assert "Gamla gänget" not in page


def test_editors_and_my_own_shortcuts_and_adding_and_removing(client, reader):
    settings = ReaderSiteSettings.for_site(Site.objects.get(is_default_site=True))
    guide = factories.guide_page(title="Elcykelguiden")
    settings.shortcuts = [
        ("shortcut", {"title": "Lönespecifikation", "url": "https://lon.kommunen.example/", "page": None}),
        ("shortcut", {"title": "Cykla till jobbet", "url": "", "page": guide}),
    ]
    settings.save()
    response = client.post("/min-profil/genvagar/", {"action": "add", "title": "Mitt schema", "url": "/sok/?q=schema"})
    assert response.status_code == 302
    page = start(client)
    assert 'href="https://lon.kommunen.example/">Lönespecifikation<' in page
    assert f'href="{guide.url}">Cykla till jobbet<' in page
    assert 'href="/sok/?q=schema">Mitt schema<' in page
    # A script address is refused, and what was typed comes back with the reason.
    response = client.post("/min-profil/genvagar/", {"action": "add", "title": "Klick", "url": "javascript:alert(1)"})
    assert response.status_code == 400
    assert 'value="Klick"' in response.content.decode()
    assert PersonalShortcut.objects.filter(user=reader).count() == 1
    # Someone else's shortcut is not mine to remove.
    theirs = PersonalShortcut.objects.create(user=factories.UserFactory(), title="Deras", url="/")
    assert client.post("/min-profil/genvagar/", {"action": "remove", "shortcut": theirs.pk}).status_code == 404
    mine = PersonalShortcut.objects.get(user=reader)
    assert client.post("/min-profil/genvagar/", {"action": "remove", "shortcut": mine.pk}).status_code == 302
    assert (
        PersonalShortcut.objects.filter(pk=theirs.pk).exists()
        and not PersonalShortcut.objects.filter(pk=mine.pk).exists()
    )


def test_pages_i_must_review_are_shown_to_their_owner_only(client, reader):
    due = factories.guide_page(title="Rutin för larm", owner=reader, review_date=timezone.localdate())
    page = start(client)
    assert "Rutin för larm" in page and f"/admin/pages/{due.pk}/edit/" in page
    client.force_login(factories.UserFactory())
    assert "Rutin för larm" not in start(client)


def test_text_in_the_feed_and_shortcuts_is_inert(client, reader):
    colleague = factories.UserFactory()
    mine = factories.staff_group(name="Lunchklubben", members=[reader, colleague])
    factories.PostFactory(group=mine, author=colleague, body='<script>alert(1)</script><img src=x onerror="alert(2)">')
    PersonalShortcut.objects.create(user=reader, title="<b>fet</b>", url="/")
    page = start(client)
    assert "<script>alert(1)" not in page and "<img src=x" not in page and "<b>fet</b>" not in page
    assert "&lt;b&gt;fet&lt;/b&gt;" in page


def test_the_start_page_does_not_ask_more_of_the_database_as_data_grows(client, reader, social, render_every_time):
    def add(n):
        for _ in range(n):
            colleague = factories.UserFactory()
            group = factories.staff_group(members=[reader, colleague])
            post = factories.PostFactory(group=group, author=colleague, body=f"Hej @{reader.username}")
            factories.CommentFactory(post=post, author=colleague)
            Follow.objects.get_or_create(follower=reader, followed=colleague)
            factories.news_page(title=f"Nyhet {factories.UserFactory().pk}", department=social)
            factories.guide_page(title=f"Guide {colleague.pk}", owner=reader, review_date=timezone.localdate())
            PersonalShortcut.objects.create(user=reader, title="Länk", url="/")

    def count():
        client.get("/")  # caches filled once per process (site roots, settings) are not what is measured
        with CaptureQueriesContext(connection) as queries:
            start(client)
        return len(queries)

    add(2)
    few = count()
    add(6)
    assert Membership.objects.filter(user=reader).count() == 8
    assert count() == few


def test_more_of_the_feed_does_not_ask_more_of_the_database_as_it_grows(client, reader):
    colleague = factories.UserFactory()
    mine = factories.staff_group(members=[reader, colleague])

    def count():
        first = start(client)
        more = first.split('href="/mitt-flode/?cursor=')[1].split('"')[0].replace("&amp;", "&")
        client.get("/mitt-flode/?cursor=" + more, **HTMX)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/mitt-flode/?cursor=" + more, **HTMX).status_code == 200
        return len(queries)

    for _ in range(25):
        factories.CommentFactory(post=factories.PostFactory(group=mine, author=colleague), author=colleague)
    few = count()
    for _ in range(50):
        factories.CommentFactory(post=factories.PostFactory(group=mine, author=colleague), author=colleague)
    assert count() == few
