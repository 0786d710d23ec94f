"""No content page type asks more of the database as the intranet grows (point 7).

Each page type of the reader site, rendered (not served kept: `render_every_time`), with a few of everything
around it and then with three times as many: siblings in its section (the section menu), news in more
departments (the news list and its filter), people, and documents on a policy. The count is the same.
"""

import re

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model

from . import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("render_every_time")]


@pytest.fixture
def reader(client):
    client.force_login(factories.UserFactory(department=factories.DepartmentFactory()))
    return client


def queries_for(client, url):
    client.get(url)  # per-process caches (the site root, content types) are not what is measured
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    assert b'id="innehall"' in response.content
    return len(queries)


def documents(n):
    return [
        ("document", get_document_model().objects.create(title=f"Bilaga {i}", file=ContentFile(b"%PDF", f"b{i}.pdf")))
        for i in range(n)
    ]


def grow(n):
    """n more of everything a content page shows or lists."""
    for i in range(n):
        department = factories.DepartmentFactory()
        factories.news_page(title=f"Nyhet {department.pk} {i}", department=department, owner=factories.UserFactory())
        factories.guide_page(title=f"Guide {department.pk} {i}", owner=factories.UserFactory(department=department))
        factories.policy_page(title=f"Policy {department.pk} {i}")
        factories.info_page(title=f"Information {department.pk} {i}")


@pytest.mark.parametrize("kind", ["news_index", "news", "guide_index", "guide", "policy_index", "policy", "info"])
def test_each_page_type_takes_the_same_queries_with_three_times_the_content(reader, kind):
    pages = {
        "news": factories.news_page(title="Nyheten", department=factories.DepartmentFactory()),
        "guide": factories.guide_page(title="Guiden"),
        "policy": factories.policy_page(title="Policyn", documents=documents(2)),
        "info": factories.info_page(title="Infosidan"),
    }
    urls = {
        **{name: page.url for name, page in pages.items()},
        "news_index": factories.news_index().url,
        "guide_index": factories.guide_index().url,
        "policy_index": factories.policy_index().url,
    }
    grow(2)
    few = queries_for(reader, urls[kind])
    grow(6)
    policy = pages["policy"]
    policy.documents = documents(6)
    policy.save_revision().publish()
    assert queries_for(reader, urls[kind]) == few


@pytest.mark.parametrize("kind", ["news_index", "news", "guide_index", "guide", "policy_index", "policy", "info"])
def test_content_pages_read_nothing_of_the_conversations_but_my_unread_count(reader, kind):
    """A kept content page is renewed by content writes only (intranet/reader/page_cache.py): should a template
    start showing posts, groups or follows, its page type must move to the conversation scope too."""
    page = {
        "news": lambda: factories.news_page(title="Nyheten"),
        "guide": lambda: factories.guide_page(title="Guiden"),
        "policy": lambda: factories.policy_page(title="Policyn"),
        "info": lambda: factories.info_page(title="Infosidan"),
        "news_index": factories.news_index,
        "guide_index": factories.guide_index,
        "policy_index": factories.policy_index,
    }[kind]()
    reader.get(page.url)
    with CaptureQueriesContext(connection) as queries:
        assert reader.get(page.url).status_code == 200
    conversation = [
        query["sql"]
        for query in queries
        if re.search(r'FROM "(posts_|notifications_|groups_|people_follow"|reader_personalshortcut")', query["sql"])
    ]
    assert len(conversation) == 1 and "COUNT(*)" in conversation[0] and "notifications_notification" in conversation[0]
