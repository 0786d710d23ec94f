"""Many content pages at once, for load tests and benchmarks (not for the demo site itself).

Creating a page through Wagtail costs tens of milliseconds (tree locking, a
revision, signals, indexing); 50,000 of them take over ten minutes. This writes
live info pages straight into the page tree the way treebeard lays it out:
two INSERTs per batch, no revisions, no search index. Run `update_index` after
it if the pages must be searchable.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page

from intranet.pages.models import InfoPage


@transaction.atomic
def add_info_pages(parent, rows, batch_size=2000):
    """Append live InfoPages under `parent`; each row is a dict with title, owner_id, review_date, department_id.

    Returns the new pages' ids.
    """
    parent = Page.objects.select_for_update().get(pk=parent.pk)
    content_type = ContentType.objects.get_for_model(InfoPage)
    now = timezone.now()
    ids = []
    position = parent.numchild
    for start in range(0, len(rows), batch_size):
        batch = rows[start : start + batch_size]
        pages = []
        for row in batch:
            position += 1
            slug = f"{slugify(row['title'])[:60]}-{position}"
            pages.append(
                Page(
                    path=parent.path + Page._get_path(None, 1, position)[-Page.steplen :],
                    depth=parent.depth + 1,
                    numchild=0,
                    translation_key=uuid.uuid4(),
                    locale_id=parent.locale_id,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                    title=row["title"],
                    draft_title=row["title"],
                    slug=slug,
                    content_type=content_type,
                    url_path=f"{parent.url_path}{slug}/",
                )
            )
        created = Page.objects.bulk_create(pages)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {InfoPage._meta.db_table} "
                "(page_ptr_id, content_owner_id, review_date, department_id, lead, body) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                [
                    (page.pk, row["owner_id"], row["review_date"], row.get("department_id"), row.get("lead", ""), "[]")
                    for page, row in zip(created, batch, strict=True)
                ],
            )
        ids.extend(page.pk for page in created)
    Page.objects.filter(pk=parent.pk).update(numchild=position)
    return ids
