"""A person's reader pages are kept rendered until anything they show changes, on every route (point 7).

intranet/reader/page_cache.py: a kept page is served while the content version stands; any write to a table a
page shows changes it, whichever route wrote (the model, a bulk `update`, raw SQL, another connection's commit).
"""

import re
import threading

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.db import DatabaseError, connection, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import PageViewRestriction

from intranet.notifications.models import Notification
from intranet.reader import page_cache
from search.models import QueryDailyClicks

from . import factories

pytestmark = pytest.mark.django_db

NONCE = re.compile(r'nonce="([^"]+)"')


@pytest.fixture
def anna(client):
    person = factories.UserFactory(first_name="Anna", last_name="Berg")
    client.force_login(person)
    client.person = person
    return client


def timed_get(client, url, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return response, len(queries)


def without_per_answer_values(response):
    content = response.content.decode()
    content = NONCE.sub('nonce=""', content)
    return re.sub(r'((?:name="csrfmiddlewaretoken" value|data-csrf-token)=")[A-Za-z0-9]+(")', r"\1\2", content)


def test_a_second_visit_is_served_kept_with_a_fresh_nonce_and_working_csrf_token(anna):
    page = factories.guide_page(title="Boka elcykel")
    anna.get(page.url)  # the first rendering of all makes the site's reader settings: a write
    first, rendering = timed_get(anna, page.url)
    again, kept = timed_get(anna, page.url)
    assert kept == 4, "the session, the user, the versions and my unread count"
    assert without_per_answer_values(again) == without_per_answer_values(first)
    # The policy header names this answer's nonce, and the page's inline style carries it.
    nonce = NONCE.search(again.content.decode()).group(1)
    assert nonce != NONCE.search(first.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in again["Content-Security-Policy"]
    # The language form on the kept page posts: its CSRF token is valid for this session.
    token = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', again.content.decode()).group(1)
    anna.handler.enforce_csrf_checks = True
    answer = anna.post("/i18n/setlang/", {"language": "en", "next": page.url, "csrfmiddlewaretoken": token})
    assert answer.status_code == 302
    # ... and the page comes in English, not the Swedish one kept before.
    assert '<html lang="en"' in anna.get(page.url).content.decode()


def test_a_published_change_shows_at_once(anna):
    page = factories.guide_page(title="Boka elcykel")
    anna.get(page.url)
    page.title = "Boka elcykel eller lånecykel"
    page.save_revision().publish()
    assert "lånecykel" in anna.get(page.url).content.decode()


def test_a_bulk_update_and_raw_sql_change_the_page_too(anna):
    """`QuerySet.update` and raw SQL send no signal: the connection itself sees every write."""
    page = factories.guide_page(title="Boka elcykel")
    anna.get(page.url)
    type(page).objects.filter(pk=page.pk).update(title="Elcykel via uppdatering")
    assert "Elcykel via uppdatering" in anna.get(page.url).content.decode()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE wagtailcore_page SET title = %s WHERE id = %s", ["Elcykel via SQL", page.pk])
    assert "Elcykel via SQL" in anna.get(page.url).content.decode()


def test_my_unread_count_follows_notifications_marked_read_in_bulk(anna):
    page = factories.guide_page(title="Boka elcykel")
    colleague = factories.UserFactory()
    for _ in range(3):
        Notification.objects.create(recipient=anna.person, kind="mention", actor=colleague)
    assert 'data-count="3"' in anna.get(page.url).content.decode()
    Notification.objects.filter(recipient=anna.person).update(read_at=timezone.now())
    assert "data-count=" not in anna.get(page.url).content.decode()


def test_a_restriction_added_after_the_visit_hides_the_page_at_once(anna):
    page = factories.guide_page(title="Lönerevision för chefer")
    assert anna.get(page.url).status_code == 200
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.create(name="Chefer"))
    refused = anna.get(page.url)
    assert refused.status_code == 302
    assert refused["Location"].startswith("/_util/login/")


def test_a_page_behind_a_password_is_never_kept(anna):
    """The password opens the page for this session only; a kept copy would open it in the next one too."""
    page = factories.guide_page(title="Styrelsens protokoll")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="hemligt"
    )
    action = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])
    assert anna.post(action, {"password": "hemligt", "return_url": page.url}).status_code == 302
    assert "Styrelsens protokoll" in anna.get(page.url).content.decode()
    anna.get(page.url)
    anna.logout()
    anna.force_login(anna.person)  # a new session, which has not had the password
    assert "Styrelsens protokoll</h1>" not in anna.get(page.url).content.decode()


def test_one_persons_kept_page_is_never_anothers(anna):
    page = factories.guide_page(title="Boka elcykel")
    assert "Anna Berg" in anna.get(page.url).content.decode()
    bo = Client()
    bo.force_login(factories.UserFactory(first_name="Bo", last_name="Ek"))
    seen_by_bo = bo.get(page.url).content.decode()
    assert "Bo Ek" in seen_by_bo
    assert "Anna Berg" not in seen_by_bo


def test_writes_no_page_shows_keep_the_page(anna):
    page = factories.guide_page(title="Boka elcykel")
    anna.get(page.url)
    anna.get(page.url)
    query = Query.get("elcykel")  # search statistics
    query.add_hit()
    QueryDailyClicks.objects.create(query=query, date=timezone.localdate(), rank=1, kind="guide", object_id=page.pk)
    anna.session.save()
    _, kept = timed_get(anna, page.url)
    assert kept == 4


def test_a_message_is_shown_once_and_never_kept(anna):
    page = factories.guide_page(title="Boka elcykel", owner=factories.UserFactory())
    anna.get(page.url)
    anna.get(page.url)
    answer = anna.post(f"/rapportera-fel/{page.pk}/", {"message": "Länken till bokningen är trasig."})
    assert answer.status_code == 302
    thanks = "Din felanmälan har skickats"
    assert thanks in anna.get(page.url).content.decode()
    assert thanks not in anna.get(page.url).content.decode()
    assert thanks not in anna.get(page.url).content.decode()


def test_what_is_never_kept(anna, settings):
    page = factories.guide_page(title="Boka elcykel")
    anna.get(page.url)
    assert Client().get(page.url).status_code == 302  # not logged in: to the login page, every time
    _, rendering = timed_get(anna, page.url)
    # htmx asks under a key of its own.
    _, for_htmx = timed_get(anna, page.url, HTTP_HX_REQUEST="true")
    assert for_htmx == rendering
    # A view of our own, not a page Wagtail serves: never kept, and it costs no query more.
    _, groups_kept = timed_get(anna, "/grupper/")
    _, groups_again = timed_get(anna, "/grupper/")
    # Turned off: rendered every time, without reading the versions.
    settings.READER_PAGE_CACHE_SECONDS = 0
    _, groups_without_cache = timed_get(anna, "/grupper/")
    assert groups_kept == groups_again == groups_without_cache
    _, rendered_again = timed_get(anna, page.url)
    _, rendered_once_more = timed_get(anna, page.url)
    assert rendered_again == rendered_once_more == rendering - 1


# Committed for real (two connections); serialized_rollback puts back what the migrations made, for the tests after.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_another_connections_write_changes_the_version_only_once_committed():
    """What every other process sees: the shared version, renewed after the writing transaction commits."""
    page = factories.guide_page(title="Boka elcykel")
    before = caches["content_version"].get(page_cache.VERSION_KEYS["content"])
    inside, committed = threading.Event(), threading.Event()
    seen = {}

    def write_elsewhere():
        with transaction.atomic():
            type(page).objects.filter(pk=page.pk).update(title="Ändrad i en annan process")
            seen["inside"] = caches["content_version"].get(page_cache.VERSION_KEYS["content"])
            inside.set()
        committed.set()
        connections.close_all()

    worker = threading.Thread(target=write_elsewhere)
    worker.start()
    worker.join(timeout=60)
    assert inside.is_set() and committed.is_set()
    assert seen["inside"] == before
    assert caches["content_version"].get(page_cache.VERSION_KEYS["content"]) not in (before, None)


def test_an_unreadable_content_version_renders_the_page(anna, monkeypatch):
    page = factories.guide_page(title="Boka elcykel")
    anna.get(page.url)
    _, rendering = timed_get(anna, page.url)

    def broken(*args, **kwargs):
        raise DatabaseError("the cache table is gone")

    monkeypatch.setattr(caches["content_version"], "get_many", broken)
    response, queries = timed_get(anna, page.url)
    assert "Boka elcykel" in response.content.decode()
    assert queries == rendering - 1
