"""Our migrations run forwards and backwards on a database of their own."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def scratch_database_url(tmp_path, django_db_blocker):
    """A new, empty database on the same server as the test database (SQLite: a file)."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
        return
    name = f"scratch_{uuid.uuid4().hex[:12]}"
    base_url = os.environ["DATABASE_URL"]
    with psycopg.connect(base_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(base_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def manage(database_url, *args):
    environment = dict(os.environ, DATABASE_URL=database_url, DEBUG="true", DJANGO_SETTINGS_MODULE="cms.settings.base")
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_our_migrations_reverse_and_reapply(scratch_database_url):
    manage(scratch_database_url, "migrate", "--no-input")
    for app in ("publishing", "pages", "organisation"):
        manage(scratch_database_url, "migrate", app, "zero", "--no-input")
    check = "from django.contrib.auth.models import Group; print(sorted(Group.objects.values_list('name', flat=True)))"
    assert manage(scratch_database_url, "shell", "-c", check).strip().splitlines()[-1] == "['Editors', 'Moderators']"
    manage(scratch_database_url, "migrate", "--no-input")
    assert manage(scratch_database_url, "shell", "-c", check).strip().splitlines()[-1] == "['Redaktörer', 'Skribenter']"
    # DepartmentAlias moved from the directory sync app to organisation: the editors' grants came along.
    check = (
        "from django.contrib.auth.models import Group; "
        "print(sorted(Group.objects.get(name='Redaktörer').permissions.filter(codename__endswith='departmentalias')"
        ".values_list('content_type__app_label', 'codename')))"
    )
    granted = manage(scratch_database_url, "shell", "-c", check).strip().splitlines()[-1]
    assert granted == str(
        [("organisation", f"{action}_departmentalias") for action in ("add", "change", "delete", "view")]
    )


def test_promoted_answers_and_search_counts_move_to_wagtail_and_back(scratch_database_url):
    """search 0003 moves our promoted answers and counts into wagtail.contrib.search_promotions, reversibly."""
    manage(scratch_database_url, "migrate", "--no-input")
    manage(scratch_database_url, "shell", "-c", MAKE_PROMOTION_AND_COUNTS)
    manage(scratch_database_url, "migrate", "intranet_search", "0002", "--no-input")
    assert manage(scratch_database_url, "shell", "-c", READ_OURS).strip().splitlines()[-2:] == [
        "[('elcykel', datetime.date(2030, 1, 31))]",
        "[('elcykel', 1, 0), ('parkering', 1, 1)]",
    ]
    manage(scratch_database_url, "migrate", "--no-input")
    promoted, counts, permissions = manage(scratch_database_url, "shell", "-c", READ_WAGTAILS).strip().splitlines()[-3:]
    assert promoted == "[1, 0]"  # shown until its end date, not after
    assert counts == "[('elcykel', 1, 0), ('parkering', 1, 1)]"
    assert (
        permissions
        == "['add_searchpromotion', 'change_searchpromotion', 'delete_searchpromotion', 'view_searchpromotion']"
    )


MAKE_PROMOTION_AND_COUNTS = """
import datetime
from wagtail.models import Page
from tests import factories
from search.models import count_search
factories.promoted_result("elcykel", Page.objects.get(depth=2), ends_on=datetime.date(2030, 1, 31))
count_search("Elcykel", found=True, today=datetime.date(2030, 1, 2))
count_search("parkering", found=False, today=datetime.date(2030, 1, 2))
"""

READ_OURS = """
from django.db import connection
cursor = connection.cursor()
cursor.execute("SELECT phrase, ends_on FROM intranet_search_promotedanswer")
print(cursor.fetchall())
cursor.execute("SELECT query, searches, zero_result_searches FROM intranet_search_searchquerycount ORDER BY 1")
print(cursor.fetchall())
"""

READ_WAGTAILS = """
import datetime
from django.contrib.auth.models import Group
from search.models import promoted_pages, search_counts
print([len(promoted_pages("elcykel", day)) for day in (datetime.date(2030, 1, 31), datetime.date(2030, 2, 1))])
print(sorted(search_counts(datetime.date(2030, 1, 1)).values_list("query_string", "searches", "zero_result_searches")))
permissions = Group.objects.get(name="Redaktörer").permissions
print(sorted(permissions.filter(content_type__app_label="wagtailsearchpromotions").values_list("codename", flat=True)))
"""


def test_comments_get_their_posts_group_and_lose_it_backwards(scratch_database_url):
    """posts 0003 copies each existing comment's group from its post; backwards the copy is dropped."""
    manage(scratch_database_url, "migrate", "--no-input")
    manage(scratch_database_url, "migrate", "posts", "0002", "--no-input")
    manage(scratch_database_url, "shell", "-c", MAKE_COMMENTS_WITHOUT_GROUP)
    manage(scratch_database_url, "migrate", "--no-input")
    assert manage(scratch_database_url, "shell", "-c", READ_COMMENT_GROUPS).strip().splitlines()[-1] == (
        "[('Bra!', 'kören'), ('Kul!', 'lunch'), ('Tack!', 'kören')]"
    )
    manage(scratch_database_url, "migrate", "posts", "0002", "--no-input")
    manage(scratch_database_url, "migrate", "--no-input")


# At posts 0002 a comment has no group column: the model of today would ask for one, so the rows go in as SQL.
MAKE_COMMENTS_WITHOUT_GROUP = """
from django.db import connection
from intranet.groups.models import WorkGroup
from intranet.posts.models import Post
choir = Post.objects.create(group=WorkGroup.objects.create(name="Kören", slug="kören"), body="Övning")
lunch = Post.objects.create(group=WorkGroup.objects.create(name="Lunch", slug="lunch"), body="Pizza?")
with connection.cursor() as cursor:
    for post, body in ((choir, "Bra!"), (lunch, "Kul!"), (choir, "Tack!")):
        cursor.execute(
            "INSERT INTO posts_comment (post_id, body, created_at) VALUES (%s, %s, now())", [post.pk, body]
        )
"""

READ_COMMENT_GROUPS = """
from intranet.posts.models import Comment
print(sorted(Comment.objects.values_list("body", "group__slug")))
"""
