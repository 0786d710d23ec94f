"""Documents are found by what they say: their text is extracted when uploaded."""

import io

import docx
import pytest
from django.core.files.base import ContentFile
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject
from wagtail.documents import get_document_model

pytestmark = pytest.mark.django_db


def make_pdf(text):
    """A one-page PDF whose content stream draws `text`."""
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
    stream.set_data(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("cp1252"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_docx(*paragraphs):
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "Attestant: ekonomichefen"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_text_is_extracted_from_a_pdf():
    document = get_document_model().objects.create(
        title="Inköpsregler", file=ContentFile(make_pdf("Direktupphandling under 700 000 kronor"), name="regler.pdf")
    )
    assert "Direktupphandling under 700 000 kronor" in document.extracted_text


def test_text_is_extracted_from_a_docx_with_its_tables():
    document = get_document_model().objects.create(
        title="Resepolicy", file=ContentFile(make_docx("Välj tåg före flyg.", "Boka via resebyrån."), name="resa.docx")
    )
    assert "Välj tåg före flyg. Boka via resebyrån." in document.extracted_text
    assert "Attestant: ekonomichefen" in document.extracted_text


def test_a_damaged_or_unknown_file_is_stored_without_text():
    Document = get_document_model()
    broken = Document.objects.create(title="Trasig", file=ContentFile(b"%PDF-1.4 not really", name="trasig.pdf"))
    assert broken.extracted_text == ""
    assert broken.file.read().startswith(b"%PDF")
    image = Document.objects.create(title="Bild", file=ContentFile(b"GIF89a", name="bild.gif"))
    assert image.extracted_text == ""


def test_text_follows_a_replaced_file():
    Document = get_document_model()
    document = Document.objects.create(title="Policy", file=ContentFile(make_docx("Gammal text"), name="p.docx"))
    document.title = "Policy 2027"
    document.save()
    assert "Gammal text" in document.extracted_text
    document.file = ContentFile(make_docx("Ny text"), name="p2.docx")
    document.save()
    assert "Ny text" in document.extracted_text and "Gammal" not in document.extracted_text
