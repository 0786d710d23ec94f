"""Many content pages at once, for load tests and benchmarks (not for the demo site itself).

Creating a page through Wagtail costs tens of milliseconds (tree locking, signals, indexing, one save after
another); 50,000 of them take over ten minutes. This writes live pages of one content type (info pages, or news
with their dates) straight into the page tree the way treebeard lays it out, each with the one published revision
Wagtail would have made, so that the rest of the intranet (archiving and restoring, history, comparing) meets the
same pages as one published by hand. Four statements per batch; no log entries, no search index: run
`update_index` after it if the pages must be searchable.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.models import get_all_child_relations
from wagtail.models import Page, Revision

from intranet.pages.models import InfoPage

#: What a row says beyond the page type's own fields (a NewsPage's "date", say), which are passed on as they are.
ROW_KEYS = {"title", "owner_id", "review_date", "department_id", "lead", "body", "first_published_at"}


def add_info_pages(parent, rows, batch_size=2000):
    """Append live InfoPages under `parent` (see add_pages)."""
    return add_pages(parent, rows, InfoPage, batch_size=batch_size)


@transaction.atomic
def add_pages(parent, rows, model, batch_size=2000):
    """Append live pages of the content type `model` under `parent`; each row is a dict with title, owner_id,
    review_date, and optionally department_id, lead (the title if not given: a page needs one), body (StreamField
    blocks, e.g. [("paragraph", "<p>…</p>")]), first_published_at (now if not given: news published over time)
    and the model's own fields (a NewsPage's date).

    Returns the new pages' ids.
    """
    parent = Page.objects.select_for_update().get(pk=parent.pk)
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    ids = []
    position = parent.numchild
    for start in range(0, len(rows), batch_size):
        pages = []
        for row in rows[start : start + batch_size]:
            position += 1
            slug = f"{slugify(row['title'])[:60]}-{position}"
            published = row.get("first_published_at", now)
            pages.append(
                model(
                    path=parent.path + Page._get_path(None, 1, position)[-Page.steplen :],
                    depth=parent.depth + 1,
                    numchild=0,
                    translation_key=uuid.uuid4(),
                    locale_id=parent.locale_id,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=published,
                    last_published_at=published,
                    latest_revision_created_at=now,
                    title=row["title"],
                    draft_title=row["title"],
                    slug=slug,
                    content_type=content_type,
                    url_path=f"{parent.url_path}{slug}/",
                    content_owner_id=row["owner_id"],
                    review_date=row["review_date"],
                    department_id=row.get("department_id"),
                    lead=row.get("lead") or row["title"],
                    body=row.get("body") or [],
                    **{key: value for key, value in row.items() if key not in ROW_KEYS},
                )
            )
        _insert(model, pages)
        _publish_as_revisions(model, pages, content_type, now)
        ids.extend(page.pk for page in pages)
    Page.objects.filter(pk=parent.pk).update(numchild=position)
    return ids


def _insert(model, pages):
    """Insert the pages' two rows each: Django's bulk_create does not write models with a concrete parent."""
    page_fields = [field for field in Page._meta.concrete_fields if not field.primary_key]
    created = Page.objects.bulk_create(
        [Page(**{field.attname: getattr(page, field.attname) for field in page_fields}) for page in pages]
    )
    for page, row in zip(pages, created, strict=True):
        page.id = page.page_ptr_id = row.pk
    own_fields = model._meta.local_concrete_fields
    columns = ", ".join(connection.ops.quote_name(field.column) for field in own_fields)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
            f"VALUES ({', '.join(['%s'] * len(own_fields))})",
            [
                [field.get_db_prep_save(getattr(page, field.attname), connection) for field in own_fields]
                for page in pages
            ],
        )


def _publish_as_revisions(model, pages, content_type, now):
    """Give each page the revision that publishing it would have made, as its latest and its live revision."""
    for page in pages:
        # A new page has no comments (nor other child objects); say so, or serialising it asks the database.
        for relation in get_all_child_relations(model):
            setattr(page, relation.get_accessor_name(), [])
    page_type = ContentType.objects.get_for_model(Page)
    Revision.objects.bulk_create(
        [
            Revision(
                content_type=content_type,
                base_content_type=page_type,
                object_id=str(page.pk),
                created_at=now,
                object_str=str(page),
                content=page.serializable_data(),
            )
            for page in pages
        ]
    )
    # One UPDATE for the batch (bulk_update's CASE over thousands of ids is slower than writing the pages).
    revision_of_page = Revision.objects.filter(
        base_content_type=page_type, object_id=Cast(OuterRef("pk"), models.CharField())
    ).values("pk")[:1]
    Page.objects.filter(pk__in=[page.pk for page in pages]).update(
        latest_revision=Subquery(revision_of_page), live_revision=Subquery(revision_of_page)
    )
