"""Spreadsheet exports never carry a live formula, whoever wrote the text in them.

A page title, search phrase or name that starts with =, +, -, @, tab or carriage return would run as a
formula when an editor opens a CSV export in Excel (=HYPERLINK to send data away, =cmd|… on old versions).
"""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model

from intranet.security.spreadsheets import neutralise_formula

from . import factories

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(A1)", "\t=1+1", "\r=1+1"]
TODAY = timezone.localdate()


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_would_start_a_formula_is_neutralised(text):
    assert neutralise_formula(text) == "'" + text


@pytest.mark.parametrize("value", ["Boka lokal", "", "a=b", "1-2", 42, -1, None, datetime.date(2026, 1, 1)])
def test_everything_else_is_left_alone(value):
    assert neutralise_formula(value) == value


def csv_rows(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8-sig")
    delimiter = ";" if text.splitlines()[0].count(";") else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def cells(rows):
    return {cell for row in rows[1:] for cell in row}


def assert_csv_neutralised(response, texts=HOSTILE):
    assert response.status_code == 200
    found = cells(csv_rows(response))
    for text in texts:
        assert "'" + text in found, (text, found)
        assert text not in found


def assert_xlsx_has_no_formulas(response, texts=HOSTILE):
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    found = {}
    for row in workbook.active.iter_rows(min_row=2):
        for cell in row:
            found[cell.value] = cell.data_type
    for text in texts:
        # A typed text cell is never evaluated, so it keeps its exact text.
        assert found.get(text) == "s", (text, found)


@pytest.fixture
def an_editor(client):
    user = factories.editor()
    client.force_login(user)
    return user


@pytest.mark.parametrize("report", ["search_popular", "search_zero_results"])
def test_search_reports(client, an_editor, report):
    for text in HOSTILE:
        factories.search_count(text, TODAY, searches=3, zero_result_searches=3)
    url = reverse(report)
    assert_csv_neutralised(client.get(url, {"export": "csv"}))
    assert_xlsx_has_no_formulas(client.get(url, {"export": "xlsx"}))


def test_archive_report(client, an_editor):
    for text in HOSTILE:
        factories.guide_page(text, slug=f"sida-{HOSTILE.index(text)}", review_date=TODAY - datetime.timedelta(days=100))
    call_command("archive_overdue_pages", f"--today={TODAY.isoformat()}")
    url = reverse("archive_report")
    assert_csv_neutralised(client.get(url, {"export": "csv"}))
    assert_xlsx_has_no_formulas(client.get(url, {"export": "xlsx"}))


def test_unused_documents_report(client, an_editor):
    Document = get_document_model()
    for number, text in enumerate(HOSTILE):
        Document.objects.create(title=text, file=ContentFile(b"%PDF-1.4 x", name=f"dokument{number}.pdf"))
    Document.objects.update(created_at=timezone.now() - datetime.timedelta(days=400))
    url = reverse("unused_documents")
    assert_csv_neutralised(client.get(url, {"export": "csv"}))
    assert_xlsx_has_no_formulas(client.get(url, {"export": "xlsx"}))


def test_who_can_publish_report(client, an_editor):
    # Names are stripped of surrounding white space (get_full_name), so tab and CR cannot lead here.
    texts = HOSTILE[:4]
    for text in texts:
        factories.editor(first_name=text, last_name="")
    url = reverse("who_can_publish")
    assert_csv_neutralised(client.get(url, {"export": "csv"}), texts)
    assert_xlsx_has_no_formulas(client.get(url, {"export": "xlsx"}), texts)


def test_content_responsibility_report(client, an_editor):
    for number, text in enumerate(HOSTILE):
        department = factories.DepartmentFactory(name=text, slug=f"forvaltning-{number}")
        factories.guide_page(f"Sida {number}", department=department)
    response = client.get(reverse("content_responsibility"), {"export": "csv", "group_by": "department"})
    assert_csv_neutralised(response)


def test_wagtail_s_own_reports(client):
    """Wagtail's reports (here "Aging pages") go through the same export code, and so are covered as well."""
    client.force_login(factories.UserFactory(is_superuser=True))
    for number, text in enumerate(HOSTILE):
        factories.guide_page(text, slug=f"sida-{number}")
    url = reverse("wagtailadmin_reports:aging_pages")
    assert_csv_neutralised(client.get(url, {"export": "csv"}))
    assert_xlsx_has_no_formulas(client.get(url, {"export": "xlsx"}))
