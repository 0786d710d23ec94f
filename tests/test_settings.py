"""Settings come from the environment; production settings pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DEBUG", "SECRET_KEY", "BASE_URL", "ALLOWED_HOSTS"}
    }
    environment.update(DJANGO_SETTINGS_MODULE="cms.settings.base", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_swedish_first_with_english_available():
    assert settings.LANGUAGE_CODE == "sv"
    assert settings.TIME_ZONE == "Europe/Stockholm"
    assert dict(settings.LANGUAGES).keys() == {"sv", "en"}


def test_deploy_check_is_clean_with_debug_off():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-0123456789",
        ALLOWED_HOSTS="intranet.kommunen.se",
        BASE_URL="https://intranet.kommunen.se",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_off_without_a_secret_key_refuses_to_start():
    result = run_manage("check", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_off_without_a_base_url_refuses_to_start():
    """Links in emails and API answers are built on BASE_URL; without it they would name the wrong host."""
    result = run_manage("check", DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="intranet.kommunen.se")
    assert result.returncode != 0
    assert "BASE_URL must be set when DEBUG is off" in result.stderr
    relative = run_manage(
        "check",
        DEBUG="false",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="intranet.kommunen.se",
        BASE_URL="intranet.kommunen.se",
    )
    assert relative.returncode != 0
    assert "BASE_URL must be an absolute address" in relative.stderr


def test_base_url_sets_every_absolute_link_and_has_a_local_default():
    code = "from django.conf import settings; print(settings.WAGTAILADMIN_BASE_URL, settings.WAGTAILAPI_BASE_URL)"
    configured = run_manage(
        "shell", "-c", code, DEBUG="false", SECRET_KEY="x" * 50, BASE_URL="https://intranet.kommunen.se/"
    )
    assert configured.stdout.strip().splitlines()[-1].split() == [
        "https://intranet.kommunen.se",
        "https://intranet.kommunen.se",
    ], configured.stderr
    local = run_manage("shell", "-c", code, DEBUG="true")  # make run
    assert local.stdout.strip().splitlines()[-1].split() == ["http://127.0.0.1:8000", "http://127.0.0.1:8000"], (
        local.stderr
    )


def test_sqlite_is_the_local_default_and_database_url_wins():
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    local = run_manage("shell", "-c", code, DEBUG="true")
    assert local.stdout.strip().splitlines()[-1] == "django.db.backends.sqlite3", local.stderr
    postgres = run_manage("shell", "-c", code, DEBUG="true", DATABASE_URL="postgres://u:p@db.example:5432/intranet")
    assert postgres.stdout.strip().splitlines()[-1] == "django.db.backends.postgresql"


def test_migrations_are_committed():
    result = run_manage("makemigrations", "--check", "--dry-run", DEBUG="true")
    assert result.returncode == 0, result.stdout + result.stderr
