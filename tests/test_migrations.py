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
