"""Pages loaded in bulk for benchmarks are pages as Wagtail makes them: live, with the revision readers see."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Revision

from intranet.archive.services import archive_overdue_pages, restore_page
from intranet.demo.bulk import add_info_pages, add_pages
from intranet.pages.models import InfoPage, NewsPage

from .factories import DepartmentFactory, UserFactory, editor, home_page, news_index

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_a_page_loaded_in_bulk_has_a_live_revision_holding_what_readers_see():
    owner, department = UserFactory(), DepartmentFactory()
    review_date = TODAY + datetime.timedelta(days=30)
    ids = add_info_pages(
        home_page(),
        [
            {"title": f"Rutin {n}", "owner_id": owner.pk, "review_date": review_date, "department_id": department.pk}
            for n in range(3)
        ]
        + [{"title": "Utan förvaltning", "owner_id": owner.pk, "review_date": review_date, "lead": "Kort."}],
        batch_size=2,
    )
    pages = InfoPage.objects.filter(pk__in=ids).order_by("path")
    assert [page.title for page in pages] == ["Rutin 0", "Rutin 1", "Rutin 2", "Utan förvaltning"]
    assert Revision.objects.count() == 4
    for page in pages:
        assert page.live and not page.has_unpublished_changes
        assert page.live_revision_id == page.latest_revision_id is not None
        assert page.latest_revision_created_at == page.live_revision.created_at
        # What Wagtail would publish again, compare or restore from this revision is the page as stored.
        as_published = page.live_revision.as_object()
        assert type(as_published) is InfoPage
        assert (as_published.pk, as_published.title, as_published.lead) == (page.pk, page.title, page.lead)
        assert (as_published.content_owner_id, as_published.review_date) == (owner.pk, review_date)
        assert as_published.department_id == page.department_id
        assert page.get_latest_revision_as_object().url_path == page.url_path


def test_an_archived_bulk_page_comes_back_from_its_archived_revision():
    owner, restorer = UserFactory(), editor()
    [page_id] = add_info_pages(
        home_page(),
        [{"title": "Glömd rutin", "owner_id": owner.pk, "review_date": TODAY - datetime.timedelta(days=91)}],
    )
    [archived] = archive_overdue_pages(TODAY)
    record = archived.archive_records.get()
    page = InfoPage.objects.get(pk=page_id)
    assert not page.live
    assert record.revision_id == page.latest_revision_id is not None

    restore_page(record, restorer)

    page.refresh_from_db()
    assert page.live and page.live_revision_id == record.revision_id
    assert Revision.objects.filter(object_id=str(page_id)).count() == 1
    assert page.last_reviewed_by == restorer and page.review_date > TODAY


def test_a_bulk_page_keeps_its_body_in_the_page_and_its_revision():
    """The search benchmark loads pages with body text: what the index and the readers see."""
    [page_id] = add_info_pages(
        home_page(),
        [
            {
                "title": "Boka elcykel",
                "owner_id": UserFactory().pk,
                "review_date": TODAY + datetime.timedelta(days=30),
                "body": [("paragraph", "<p>Elcykeln står i garaget.</p>")],
            }
        ],
    )
    page = InfoPage.objects.get(pk=page_id)
    assert [(block.block_type, str(block.value)) for block in page.body] == [
        ("paragraph", "<p>Elcykeln står i garaget.</p>")
    ]
    assert [str(block.value) for block in page.live_revision.as_object().body] == ["<p>Elcykeln står i garaget.</p>"]


def test_news_loaded_in_bulk_keep_their_dates_for_the_search_to_weigh():
    """The search benchmark loads news published over two years: news decay reads first_published_at."""
    published = timezone.now() - datetime.timedelta(days=400)
    [page_id] = add_pages(
        news_index(),
        [
            {
                "title": "Nya elcyklar",
                "owner_id": UserFactory().pk,
                "review_date": TODAY + datetime.timedelta(days=30),
                "first_published_at": published,
                "date": published.date(),
            }
        ],
        NewsPage,
    )
    page = NewsPage.objects.get(pk=page_id)
    assert page.live and page.live_revision_id == page.latest_revision_id is not None
    assert (page.first_published_at, page.date) == (published, published.date())
    as_published = page.live_revision.as_object()
    assert type(as_published) is NewsPage and as_published.date == published.date()
