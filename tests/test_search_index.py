"""The index stays right: publishing, unpublishing, moving and deleting show in search; an engine that
was down misses nothing."""

import pytest
from django.core.management import call_command
from wagtail.models import Page

from intranet.archive.deletion import delete_with_reason
from intranet.pages.models import InfoPage
from search.indexing import retry_pending_updates
from search.models import PendingIndexUpdate
from search.query import search

from . import factories

pytestmark = pytest.mark.django_db


def titles(backend, query):
    backend.get_index_for_model(Page).refresh()
    return [hit.title for hit in search(query, factories.UserFactory()).hits]


def info_page(title, like, parent=None):
    from django.utils.text import slugify

    page = InfoPage(
        title=title,
        slug=slugify(title),
        lead=title,
        content_owner=like.content_owner,
        review_date=like.review_date,
        live=False,
    )
    (parent or factories.home_page()).add_child(instance=page)
    page.save_revision().publish()
    return page


def test_publish_unpublish_move_and_delete_update_the_index(search_engine):
    page = factories.guide_page(title="Beställa tjänsteresa", live=False)
    assert titles(search_engine, "tjänsteresa") == []
    page.save_revision().publish()
    assert titles(search_engine, "tjänsteresa") == ["Beställa tjänsteresa"]
    page.title = "Boka tjänsteresa"
    page.save_revision().publish()
    assert titles(search_engine, "tjänsteresa") == ["Boka tjänsteresa"]
    page.refresh_from_db()
    page.unpublish()
    assert not Page.objects.get(pk=page.pk).live
    assert titles(search_engine, "tjänsteresa") == []
    page.save_revision().publish()
    # A move to another section: still found, at its new address.
    first, second = info_page("Resor", page), info_page("Stöd", page)
    moving = info_page("Resor i tjänsten", page, parent=first)
    Page.objects.get(pk=moving.pk).move(second, pos="last-child")
    search_engine.get_index_for_model(Page).refresh()
    urls = [
        hit.url for hit in search("resor i tjänsten", factories.UserFactory()).hits if hit.title == "Resor i tjänsten"
    ]
    assert urls == ["/stod/resor-i-tjansten/"]
    delete_with_reason(Page.objects.get(pk=page.pk), factories.editor(), "Dubblett")
    assert "Boka tjänsteresa" not in titles(search_engine, "tjänsteresa")


def test_a_rebuild_swaps_in_a_complete_index(search_engine):
    factories.guide_page(title="Boka elcykel")
    call_command("update_index", verbosity=0)
    assert titles(search_engine, "elcykel") == ["Boka elcykel"]
    aliases = search_engine.es.indices.get_alias(index=search_engine.get_index_for_model(Page).name)
    assert len(aliases) == 1  # the old index is gone, the alias points at the new one


def test_publishing_while_the_engine_is_down_loses_nothing(search_engine, settings):
    live_backend_settings = settings.WAGTAILSEARCH_BACKENDS["default"]
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {**live_backend_settings, "URLS": ["http://127.0.0.1:9"], "TIMEOUT": 1}
    }
    page = factories.guide_page(title="Beställa passerkort")  # saving still works
    assert Page.objects.get(pk=page.pk).live
    assert PendingIndexUpdate.objects.filter(object_id=str(page.pk), action="add").exists()

    from wagtail.search.backends import get_search_backend

    assert retry_pending_updates(get_search_backend()) == 0  # still down: kept for later
    assert PendingIndexUpdate.objects.exists()

    settings.WAGTAILSEARCH_BACKENDS = {"default": live_backend_settings}  # the engine is back
    backend = get_search_backend()
    assert titles(backend, "passerkort") == []
    assert retry_pending_updates(backend) >= 1
    assert titles(backend, "passerkort") == ["Beställa passerkort"]
    assert not PendingIndexUpdate.objects.exists()


def test_a_delete_missed_while_down_is_replayed(search_engine, settings):
    page = factories.guide_page(title="Boka konferensrum")
    live_backend_settings = settings.WAGTAILSEARCH_BACKENDS["default"]
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {**live_backend_settings, "URLS": ["http://127.0.0.1:9"], "TIMEOUT": 1}
    }
    delete_with_reason(Page.objects.get(pk=page.pk), factories.editor(), "Dubblett")
    settings.WAGTAILSEARCH_BACKENDS = {"default": live_backend_settings}
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    backend.get_index_for_model(Page).refresh()
    hits = backend.es.search(
        index=backend.get_index_for_model(Page).name, body={"query": {"match": {"title": "konferensrum"}}}
    )
    assert hits["hits"]["total"]["value"] == 1  # still in the index
    retry_pending_updates(backend)
    assert titles(backend, "konferensrum") == []
    backend.get_index_for_model(Page).refresh()
    hits = backend.es.search(
        index=backend.get_index_for_model(Page).name, body={"query": {"match": {"title": "konferensrum"}}}
    )
    assert hits["hits"]["total"]["value"] == 0
