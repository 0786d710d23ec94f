"""Documents are found by what they say: the worker reads their text once the upload is committed."""

import io

import docx
import pytest
from django.core.files.base import ContentFile
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject
from wagtail.documents import get_document_model

pytestmark = pytest.mark.django_db


def pdf_drawing(content, compress=False):
    """A one-page PDF whose page runs the content stream `content` (bytes) with Helvetica as /F1."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    stream = DecodedStreamObject()
    stream.set_data(content)
    page[NameObject("/Contents")] = writer._add_object(stream.flate_encode() if compress else stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_pdf(text):
    """A one-page PDF whose content stream draws `text`."""
    return pdf_drawing(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("cp1252"))


def make_docx(*paragraphs):
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "Attestant: ekonomichefen"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def worker(django_capture_on_commit_callbacks):
    """Runs what a commit enqueues, as the worker would (tasks run at once in the tests)."""

    def run(create):
        with django_capture_on_commit_callbacks(execute=True):
            document = create()
        document.refresh_from_db()
        return document

    return run


def create(title, content, name):
    return lambda: get_document_model().objects.create(title=title, file=ContentFile(content, name=name))


def test_text_is_extracted_from_a_pdf(worker):
    document = worker(create("Inköpsregler", make_pdf("Direktupphandling under 700 000 kronor"), "regler.pdf"))
    assert "Direktupphandling under 700 000 kronor" in document.extracted_text
    assert document.text_status == "indexed"


def test_text_is_extracted_from_a_docx_with_its_tables(worker):
    document = worker(create("Resepolicy", make_docx("Välj tåg före flyg.", "Boka via resebyrån."), "resa.docx"))
    assert "Välj tåg före flyg. Boka via resebyrån." in document.extracted_text
    assert "Attestant: ekonomichefen" in document.extracted_text


def test_a_damaged_or_unknown_file_is_stored_without_text(worker):
    broken = worker(create("Trasig", b"%PDF-1.4 not really", "trasig.pdf"))
    assert broken.extracted_text == ""
    assert (broken.text_status, broken.text_status_reason) == ("not_indexed", "unreadable")
    assert broken.file.read().startswith(b"%PDF")
    sheet = worker(create("Budget", b"a;b\n1;2\n", "budget.csv"))
    assert sheet.extracted_text == ""
    assert sheet.text_status == "no_text"


def test_text_follows_a_replaced_file(worker):
    document = worker(create("Policy", make_docx("Gammal text"), "p.docx"))

    def retitle():
        document.title = "Policy 2027"
        document.save()
        return document

    assert "Gammal text" in worker(retitle).extracted_text

    def replace():
        document.file = ContentFile(make_docx("Ny text"), name="p2.docx")
        document.save()
        return document

    document = worker(replace)
    assert "Ny text" in document.extracted_text and "Gammal" not in document.extracted_text
