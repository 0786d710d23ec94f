"""Uploads cannot become a stored XSS, and cannot take the service down.

Every test uploads through the admin's own views as an editor would (or a hostile colleague with an
editor's session), and reads the file back over plain HTTP as a reader.
"""

import io
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from pypdf import PdfWriter
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from intranet.publishing.services import EDITORS_GROUP

from . import factories
from .test_documents import make_docx, make_pdf, pdf_drawing

pytestmark = pytest.mark.django_db

EVIL_HTML = b"<!doctype html><script>fetch('/admin/').then(r => r.text()).then(steal)</script>"
EVIL_SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
#: The start of a Windows executable: what a renamed .exe begins with.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 200


def zip_bytes(members, first_stored=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if first_stored:
            archive.writestr(zipfile.ZipInfo(first_stored[0]), first_stored[1], compress_type=zipfile.ZIP_STORED)
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def make_xlsx():
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Budget 2027"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_pptx():
    main = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
    return zip_bytes(
        {
            "[Content_Types].xml": f'<Types><Override PartName="/ppt/presentation.xml" ContentType="{main}"/></Types>',
            "_rels/.rels": "<Relationships/>",
            "ppt/presentation.xml": "<p:presentation/>",
        }
    )


def make_odf(mimetype):
    return zip_bytes({"content.xml": "<office:document-content/>"}, first_stored=("mimetype", mimetype))


def make_png():
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "teal").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def editor_client(client):
    client.force_login(factories.editor())
    return client


def upload_document(client, name, content, title="Uppladdat"):
    """Wagtail's single-document add form, as an editor's browser posts it."""
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": title,
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
            "review_date": "2030-01-01",
        },
    )


def upload_documents(client, name, content):
    """The drag-and-drop multi-upload, which answers JSON."""
    return client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile(name, content), "collection": Collection.get_first_root_node().pk},
    )


def upload_in_chooser(client, name, content):
    """The upload tab in the document chooser of the page editor."""
    return client.post(
        reverse("wagtaildocs_chooser:create"),
        {
            "document-chooser-upload-title": "Från väljaren",
            "document-chooser-upload-file": SimpleUploadedFile(name, content),
            "document-chooser-upload-collection": Collection.get_first_root_node().pk,
            "document-chooser-upload-review_date": "2030-01-01",
        },
    )


# --- Point 2: what may be uploaded --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content",
    [("evil.html", EVIL_HTML), ("evil.htm", EVIL_HTML), ("evil.svg", EVIL_SVG), ("evil.js", b"alert(1)")],
)
def test_markup_and_script_uploads_are_refused_on_every_route(editor_client, name, content):
    response = upload_document(editor_client, name, content)
    assert response.status_code == 200
    assert "är inte giltig" in response.context["form"].errors["file"][0]

    response = upload_documents(editor_client, name, content)
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert "är inte giltig" in response.json()["error_message"]

    response = upload_in_chooser(editor_client, name, content)
    assert response.status_code == 200
    assert response.json()["step"] == "reshow_creation_form"
    assert "är inte giltig" in response.json()["htmlFragment"]

    assert not get_document_model().objects.exists()


def test_a_file_cannot_be_replaced_by_markup_on_the_edit_page(editor_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = stored_document("regler.pdf", make_pdf("Regler"))
    for name, content in (("evil.html", EVIL_HTML), ("evil.pdf", EVIL_HTML)):
        response = editor_client.post(
            reverse("wagtaildocs:edit", args=[document.pk]),
            {
                "title": "Regler",
                "file": SimpleUploadedFile(name, content),
                "collection": document.collection_id,
                "review_date": "2030-01-01",
            },
        )
        assert response.status_code == 200
        assert response.context["form"].errors["file"]
    document.refresh_from_db()
    assert document.file.read().startswith(b"%PDF")


def test_a_renamed_executable_is_refused_with_a_clear_message(editor_client):
    response = upload_document(editor_client, "rapport.pdf", EXE)
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Filens innehåll stämmer inte med filändelsen .pdf: den ser ut att vara en .exe-fil. "
        "Spara filen i rätt format och ladda upp den igen."
    ]
    response = upload_documents(editor_client, "rapport.docx", EXE)
    assert "stämmer inte med filändelsen .docx" in response.json()["error_message"]
    assert not get_document_model().objects.exists()


@pytest.mark.parametrize(
    "name, content",
    [
        ("sida.pdf", EVIL_HTML),  # html named .pdf
        ("brev.docx", make_xlsx()),  # another office file named .docx
        ("tabell.xlsx", zip_bytes({"index.html": EVIL_HTML})),  # a zip, but not a workbook
        ("text.odt", make_odf("application/vnd.oasis.opendocument.spreadsheet")),
        ("anteckning.txt", EXE),
        ("lista.csv", b"namn;l\xc3\xb6n\x00\x00\x00"),
        ("trasig.docx", b"PK\x03\x04 but not really a zip"),
    ],
)
def test_content_that_does_not_match_its_extension_is_refused(editor_client, name, content):
    response = upload_document(editor_client, name, content)
    assert response.status_code == 200
    assert "Filens innehåll stämmer inte med filändelsen" in response.context["form"].errors["file"][0]
    assert not get_document_model().objects.exists()


@pytest.mark.parametrize(
    "name, content",
    [
        ("regler.pdf", make_pdf("Inköpsregler")),
        ("resa.docx", make_docx("Välj tåg")),
        ("budget.xlsx", make_xlsx()),
        ("bildspel.pptx", make_pptx()),
        ("protokoll.odt", make_odf("application/vnd.oasis.opendocument.text")),
        ("tabell.ods", make_odf("application/vnd.oasis.opendocument.spreadsheet")),
        ("bilder.odp", make_odf("application/vnd.oasis.opendocument.presentation")),
        ("readme.txt", "Läs mig först.\n".encode()),
        ("lista.csv", "namn;lön\nAnna;35 000\n".encode("cp1252")),
    ],
)
def test_office_pdf_and_text_files_are_accepted(editor_client, name, content):
    response = upload_document(editor_client, name, content)
    assert response.status_code == 302, response.context["form"].errors
    document = get_document_model().objects.get()
    assert document.file.read() == content


def test_the_multi_upload_and_the_chooser_accept_a_good_file(editor_client, django_capture_on_commit_callbacks):
    response = upload_documents(editor_client, "resa.docx", make_docx("Boka tåg"))
    assert response.status_code == 200
    # The upload form has no review date, so Wagtail keeps the file aside and asks for the rest.
    upload_id = response.json()["uploaded_file_id"]
    prefix = f"uploaded-document-{upload_id}"
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("wagtaildocs:create_multiple_from_uploaded_document", args=[upload_id]),
            {f"{prefix}-title": "Resor", f"{prefix}-review_date": "2030-01-01"},
        )
    assert response.json()["success"] is True, response.json()
    with django_capture_on_commit_callbacks(execute=True):
        response = upload_in_chooser(editor_client, "regler.pdf", make_pdf("Inköp"))
    assert response.json()["step"] == "chosen"
    assert get_document_model().objects.count() == 2


def test_the_allowed_extensions_are_office_pdf_and_text_only(settings):
    from intranet.documents.validation import CONTENT_CHECKS

    assert sorted(settings.WAGTAILDOCS_EXTENSIONS) == ["csv", "docx", "odp", "ods", "odt", "pdf", "pptx", "txt", "xlsx"]
    # Every allowed extension has a content check; one without would be refused, never waved through.
    assert set(settings.WAGTAILDOCS_EXTENSIONS) <= set(CONTENT_CHECKS)


# --- Point 2: how documents are served -----------------------------------------------------------------------


def stored_document(name, content, **kwargs):
    """A document as one stored before the rules, or by code: not through the form."""
    return get_document_model().objects.create(title=name, file=ContentFile(content, name=name), **kwargs)


@pytest.mark.parametrize("name, content", [("regler.pdf", make_pdf("Regler")), ("resa.docx", make_docx("Tåg"))])
def test_documents_are_downloaded_never_rendered_on_our_origin(client, name, content):
    document = stored_document(name, content)
    client.force_login(factories.UserFactory())
    response = client.get(f"/documents/{document.pk}/{document.filename}")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content


def test_an_html_file_stored_before_the_rules_is_downloaded_as_an_attachment(client):
    document = stored_document("evil.html", EVIL_HTML)
    client.force_login(factories.UserFactory())
    response = client.get(f"/documents/{document.pk}/{document.filename}")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("name, content", [("evil.html", EVIL_HTML), ("evil.svg", EVIL_SVG), ("ok.pdf", b"%PDF-1.4")])
def test_no_document_file_is_served_from_media(client, name, content):
    document = stored_document(name, content)
    client.force_login(factories.UserFactory())
    assert document.file.url.startswith("/media/documents/")
    assert client.get(document.file.url).status_code == 404


def test_a_restricted_document_is_served_neither_at_its_url_nor_from_media(client):
    """Issue 9, point 3: refused at /documents/<id>/ but served at /media/documents/<file>."""
    root = Collection.get_first_root_node()
    salaries = root.add_child(name="Lönelistor")
    restriction = CollectionViewRestriction.objects.create(
        collection=salaries, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name=EDITORS_GROUP)])
    document = stored_document("loner.pdf", make_pdf("Anna 35 000"), collection=salaries)

    client.force_login(factories.UserFactory())
    refused = client.get(document.url)
    assert refused.status_code == 302  # Wagtail sends those outside the group to log in as someone who is
    assert refused["Location"].startswith("/_util/login/")
    assert client.get(document.file.url).status_code == 404
    client.force_login(factories.editor())
    assert client.get(document.url).status_code == 200
    assert client.get(document.file.url).status_code == 404  # editors too: only the document view serves files


# --- Point 2: images -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content",
    [("evil.svg", EVIL_SVG), ("evil.html", EVIL_HTML), ("evil.png", EVIL_HTML), ("evil.png", EVIL_SVG)],
)
def test_svg_and_markup_are_refused_as_images(editor_client, name, content):
    response = editor_client.post(
        reverse("wagtailimages:add"),
        {"title": "Bild", "file": SimpleUploadedFile(name, content), "collection": Collection.get_first_root_node().pk},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not get_image_model().objects.exists()


def test_images_and_renditions_are_served_from_media_as_images_only(client, settings):
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
    image = get_image_model().objects.create(title="Elcykel", file=ContentFile(make_png(), name="elcykel.png"))
    rendition = image.get_rendition("fill-20x20")
    client.force_login(factories.UserFactory())
    for url in (image.file.url, rendition.url):
        assert url.startswith(("/media/original_images/", "/media/images/"))
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "default-src 'none'"


def test_a_restricted_image_is_served_from_media_only_to_those_who_may_see_it(client):
    from django.contrib.auth.models import Group
    from wagtail.models import CollectionViewRestriction

    salaries = Collection.get_first_root_node().add_child(name="Lönelistor")
    restriction = CollectionViewRestriction.objects.create(collection=salaries, restriction_type="groups")
    restriction.groups.add(Group.objects.get(name="Redaktörer"))
    image = get_image_model().objects.create(
        title="Lönediagram", collection=salaries, file=ContentFile(make_png(), name="lonediagram.png")
    )
    urls = [image.file.url, image.get_rendition("fill-20x20").url]
    client.force_login(factories.UserFactory())
    assert [client.get(url).status_code for url in urls] == [404, 404]
    client.force_login(factories.editor())
    assert [client.get(url).status_code for url in urls] == [200, 200]


def test_an_image_file_without_an_image_is_not_served(client, settings):
    target = settings.MEDIA_ROOT / "original_images" / "planted.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(make_png())
    client.force_login(factories.UserFactory())
    assert client.get("/media/original_images/planted.png").status_code == 404


@pytest.mark.parametrize(
    "path",
    ["original_images/evil.svg", "original_images/evil.html", "images/evil.svg", "uploaded_files/evil.html"],
)
def test_markup_planted_under_media_is_not_served(client, settings, path):
    """Say a file got there some other way (an old upload, a shell): /media/ still serves no markup."""
    target = settings.MEDIA_ROOT / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(EVIL_SVG)
    client.force_login(factories.UserFactory())
    assert client.get(f"/media/{path}").status_code == 404


def test_media_refuses_paths_outside_the_image_folders(client, settings):
    client.force_login(factories.UserFactory())
    assert client.get("/media/../cms/settings/base.py").status_code == 404
    assert client.get("/media/images/../documents/x.pdf").status_code == 404


# --- Point 4: text extraction cannot take the service down ---------------------------------------------------


def docx_bomb(paragraphs=400_000, word=lambda i: b"l\xc3\xb6n l\xc3\xb6n l\xc3\xb6n"):
    """A valid DOCX whose document.xml is padded with paragraphs: 400,000 of them unpack to 20 MB from 90 kB."""
    source = zipfile.ZipFile(io.BytesIO(make_docx("Lönelista")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "word/document.xml":
                filler = b"".join(b"<w:p><w:r><w:t>" + word(i) + b"</w:t></w:r></w:p>" for i in range(paragraphs))
                content = content.replace(b"</w:body>", filler + b"</w:body>")
            archive.writestr(member.filename, content)
    return buffer.getvalue()


def many_page_pdf(pages):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def slow_pdf(operators=150_000):
    """A 5 kB PDF whose one page takes pypdf about ten seconds to read: a content stream of tiny text runs."""
    return pdf_drawing(b"BT /F1 12 Tf " + b"(a) Tj 1 0 Td " * operators + b"ET", compress=True)


@pytest.fixture
def limits(settings):
    """Lower one limit for a test: limits(MAX_PAGES=50)."""

    def lower(**changes):
        settings.DOCUMENT_TEXT_LIMITS = {**settings.DOCUMENT_TEXT_LIMITS, **changes}

    return lower


@pytest.fixture
def upload_and_work(editor_client, django_capture_on_commit_callbacks):
    """Upload through the admin form; then run what the commit enqueued, as the worker would."""

    def run(name, content):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = upload_document(editor_client, name, content, title=name)
        assert response.status_code == 302, response.context and response.context["form"].errors
        assert len(callbacks) == 1  # the text is read by the task the commit enqueued, not in the request
        return get_document_model().objects.get(title=name)

    return run


def test_the_upload_request_stores_the_file_and_leaves_the_text_to_the_worker(
    editor_client, django_capture_on_commit_callbacks
):
    Document = get_document_model()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = upload_document(editor_client, "regler.pdf", make_pdf("Direktupphandling under 700 000 kronor"))
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.text_status, document.extracted_text) == ("pending", "")
    assert not Document.objects.search("Direktupphandling")

    for enqueue in callbacks:  # the worker's turn
        enqueue()
    document.refresh_from_db()
    assert document.text_status == "indexed"
    assert "Direktupphandling under 700 000 kronor" in document.extracted_text
    assert list(Document.objects.search("Direktupphandling")) == [document]  # reindexed with its text


def test_a_docx_zip_bomb_is_stored_with_its_reason(editor_client, upload_and_work):
    bomb = docx_bomb()
    assert len(bomb) < 150_000
    document = upload_and_work("bomb.docx", bomb)
    assert (document.text_status, document.text_status_reason) == ("not_indexed", "unpacked_too_large")
    assert document.extracted_text == ""
    assert document.file.read() == bomb  # never lost

    edit = editor_client.get(reverse("wagtaildocs:edit", args=[document.pk]))
    assert "Text inte indexerad: filen packas upp till mer än 100,0\xa0MB eller är misstänkt hårt packad" in (
        edit.content.decode()
    )
    listing = editor_client.get(reverse("wagtaildocs:index"))
    assert "Text inte indexerad: filen packas upp till mer än 100,0\xa0MB" in listing.content.decode()


def test_a_docx_that_unpacks_to_more_than_the_limit_is_stored_with_its_reason(limits, upload_and_work):
    # Words that do not repeat pack like real text (about 3:1), so only the size limit catches this one.
    limits(MAX_UNPACKED_SIZE=1024 * 1024)
    document = upload_and_work("stor.docx", docx_bomb(40_000, word=lambda i: f"ord{i * 7919 % 100_003}".encode()))
    assert (document.text_status, document.text_status_reason) == ("not_indexed", "unpacked_too_large")


def test_a_pdf_with_too_many_pages_is_stored_with_its_reason(editor_client, limits, upload_and_work):
    limits(MAX_PAGES=50)
    document = upload_and_work("lang.pdf", many_page_pdf(60))
    assert (document.text_status, document.text_status_reason) == ("not_indexed", "too_many_pages")
    edit = editor_client.get(reverse("wagtaildocs:edit", args=[document.pk]))
    assert "Text inte indexerad: filen har fler än 50 sidor" in edit.content.decode()


def test_a_pdf_that_takes_too_long_is_stopped_and_stored_with_its_reason(limits, upload_and_work):
    import time

    limits(TIMEOUT_SECONDS=1)
    started = time.monotonic()
    document = upload_and_work("seg.pdf", slow_pdf())
    assert time.monotonic() - started < 8  # reading it all takes about ten seconds
    assert (document.text_status, document.text_status_reason) == ("not_indexed", "timeout")


def test_a_file_that_needs_more_memory_than_allowed_is_stored_with_its_reason(limits, upload_and_work):
    limits(MEMORY_LIMIT=32 * 1024 * 1024)
    content = b"%PDF-1.7\n%" + b"x" * (40 * 1024 * 1024)  # cannot even be held in 32 MB
    document = upload_and_work("minne.pdf", content)
    assert (document.text_status, document.text_status_reason) == ("not_indexed", "memory")
    assert document.file.size == len(content)


def test_a_file_over_the_size_limit_is_not_read(limits, upload_and_work):
    limits(MAX_FILE_SIZE=1000)
    document = upload_and_work("stor.pdf", make_pdf("Text " * 400))
    assert (document.text_status, document.text_status_reason) == ("not_indexed", "file_too_large")


def test_text_over_the_character_limit_is_indexed_in_part(editor_client, limits, upload_and_work):
    limits(MAX_CHARACTERS=20)
    document = upload_and_work("lang.docx", make_docx("Välj tåg före flyg när resan är kortare än 50 mil."))
    assert (document.text_status, document.text_status_reason) == ("partial", "too_many_characters")
    assert document.extracted_text == "Välj tåg före flyg"
    listing = editor_client.get(reverse("wagtaildocs:index"))
    assert "Text delvis indexerad: bara de första 20 tecknen är indexerade" in listing.content.decode()
    searched = editor_client.get(reverse("wagtaildocs:index_results"), {"q": "lang"})  # the listing's search
    assert "Text delvis indexerad: bara de första 20 tecknen är indexerade" in searched.content.decode()


def test_a_file_gone_from_the_storage_is_recorded_not_lost(django_capture_on_commit_callbacks):
    from intranet.documents.extraction import update_document_text

    with django_capture_on_commit_callbacks(execute=False):
        document = stored_document("borta.pdf", make_pdf("Borta"))
    document.file.storage.delete(document.file.name)
    update_document_text(document.pk, document.file.name)
    document.refresh_from_db()
    assert (document.text_status, document.text_status_reason) == ("not_indexed", "unreadable")


def test_a_file_replaced_before_the_worker_came_keeps_the_newer_text(django_capture_on_commit_callbacks):
    from intranet.documents.extraction import update_document_text

    with django_capture_on_commit_callbacks(execute=False):
        document = stored_document("p.docx", make_docx("Gammal text"))
    old_name = document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        document.file = ContentFile(make_docx("Ny text"), name="p2.docx")
        document.save()
    assert update_document_text(document.pk, old_name) is None  # the old task, late: nothing to do
    document.refresh_from_db()
    assert "Ny text" in document.extracted_text
