"""Files attached to posts: size and type checked on the server, content against extension, text read for
search, and served only to logged-in staff through the posts API (never from /media/), in a form that
cannot run in the reader's browser."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from intranet.posts.models import Attachment, AttachmentKind, Post

from . import factories
from .test_documents import make_docx, make_pdf
from .test_posts_api import api, member, work_group
from .test_uploads import EVIL_HTML, EVIL_SVG, EXE, make_png

pytestmark = pytest.mark.django_db

#: Wagtail's own image check, in its own Swedish words.
NOT_AN_IMAGE = "Ladda upp en giltig bild. Filen du laddade upp var antingen inte en bild eller en skadad bild."


@pytest.fixture
def group():
    return work_group()


@pytest.fixture
def author(group):
    return member(group)


def upload(name, content):
    return SimpleUploadedFile(name, content)


def post_with(client, group, *files, body="Se bifogat"):
    return client.post("/api/v2/posts/", {"group": group.pk, "body": body, "files": list(files)})


def test_an_image_and_a_document_are_attached_and_the_documents_text_is_read(
    client, group, author, django_capture_on_commit_callbacks
):
    api(client, author)
    with django_capture_on_commit_callbacks(execute=True):
        answer = post_with(
            client,
            group,
            upload("cykel.png", make_png()),
            upload("Cykelpolicy.docx", make_docx("Elcyklar lånas i receptionen.")),
            upload("Regler.pdf", make_pdf("Hjalmen ska alltid anvandas.")),
        )

    assert answer.status_code == 201, answer.json()
    kinds = [(item["kind"], item["filename"]) for item in answer.json()["attachments"]]
    assert kinds == [("image", "cykel.png"), ("document", "Cykelpolicy.docx"), ("document", "Regler.pdf")]
    docx, pdf = Attachment.objects.filter(kind=AttachmentKind.DOCUMENT).order_by("pk")
    assert docx.text_status == "indexed"
    assert "Elcyklar lånas i receptionen." in docx.extracted_text
    assert pdf.text_status == "indexed" and "Hjalmen ska alltid anvandas." in pdf.extracted_text
    assert Attachment.objects.get(kind=AttachmentKind.IMAGE).text_status == "no_text"


def test_files_are_served_to_logged_in_staff_only_and_never_from_media(client, group, author):
    api(client, author)
    created = post_with(client, group, upload("cykel.png", make_png()), upload("Policy.pdf", make_pdf("Policy")))
    image, document = created.json()["attachments"]
    stored = Attachment.objects.get(pk=image["id"]).file.name
    assert stored.startswith("post_attachments/")

    api(client, factories.UserFactory())
    shown = client.get(image["url"])
    downloaded = client.get(document["url"])

    assert shown.status_code == 200
    assert shown["Content-Type"] == "image/png"
    assert shown["X-Content-Type-Options"] == "nosniff"
    assert shown["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "private" in shown["Cache-Control"] and "no-store" in shown["Cache-Control"]
    assert b"".join(shown.streaming_content) == make_png()
    assert downloaded["Content-Type"] == "application/octet-stream"
    assert downloaded["Content-Disposition"] == 'attachment; filename="Policy.pdf"'
    assert client.get(f"/media/{stored}").status_code == 404

    client.logout()
    assert client.get(image["url"]).status_code == 401
    assert client.get(f"/media/{stored}").status_code == 302  # to the login page, as every page


def test_a_removed_posts_files_are_gone(client, group, author):
    api(client, author)
    created = post_with(client, group, upload("cykel.png", make_png())).json()
    assert client.delete(f"/api/v2/posts/{created['id']}/").status_code == 204
    assert client.get(created["attachments"][0]["url"]).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("program.exe", EXE, "Filer av den här typen kan inte bifogas."),
        ("sida.html", EVIL_HTML, "Filer av den här typen kan inte bifogas."),
        ("bild.svg", EVIL_SVG, "Filer av den här typen kan inte bifogas."),
        ("skript.js", b"alert(1)", "Filer av den här typen kan inte bifogas."),
        ("utan-andelse", b"hej", "Filer av den här typen kan inte bifogas."),
        # Renamed executables: the content is checked against the extension.
        ("rapport.pdf", EXE, "Filens innehåll stämmer inte med filändelsen .pdf: den ser ut att vara en .exe-fil."),
        ("rapport.docx", EXE, "Filens innehåll stämmer inte med filändelsen .docx: den ser ut att vara en .exe-fil."),
        ("anteckning.txt", EXE, "Filens innehåll stämmer inte med filändelsen .txt: den ser ut att vara en .exe-fil."),
        ("foto.png", EXE, NOT_AN_IMAGE),
        # Markup with script under an image's name.
        ("bild.png", EVIL_SVG, "Inte en giltig .png bild. Denna filändelse matchar inte filformatet (svg)"),
        ("bild.gif", EVIL_HTML, NOT_AN_IMAGE),
    ],
)
def test_a_file_of_the_wrong_type_is_refused_and_nothing_is_stored(client, group, author, name, content, message):
    api(client, author)

    answer = post_with(client, group, upload(name, content))

    assert answer.status_code == 400
    assert answer.json()["message"].startswith(message)
    assert Post.objects.count() == 0
    assert Attachment.objects.count() == 0


def test_an_oversized_file_is_refused_before_anything_is_stored(client, group, author, settings):
    settings.POST_ATTACHMENT_MAX_SIZE = 1024 * 1024
    api(client, author)

    answer = post_with(client, group, upload("stor.pdf", make_pdf("x") + b"\n%" + b"0" * (1024 * 1024)))

    assert answer.status_code == 400
    assert answer.json()["message"] == "Filen är större än 1,0\xa0MB. Bifoga en mindre fil."
    assert Post.objects.count() == 0


def test_an_html_page_named_txt_is_kept_as_text_and_served_as_a_download(client, group, author):
    """Text is text: the library accepts it too. It never reaches a browser as a page."""
    api(client, author)
    created = post_with(client, group, upload("anteckning.txt", EVIL_HTML)).json()

    served = client.get(created["attachments"][0]["url"])

    assert served["Content-Type"] == "application/octet-stream"
    assert served["Content-Disposition"].startswith("attachment;")
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served["Content-Security-Policy"]


def test_at_most_the_configured_number_of_attachments(client, group, author, settings):
    settings.POST_ATTACHMENTS_PER_POST = 2
    api(client, author)
    too_many = post_with(client, group, *[upload(f"bild{n}.png", make_png()) for n in range(3)])
    assert too_many.status_code == 400
    assert too_many.json()["message"] == "Ett inlägg kan ha högst 2 bilagor."

    created = post_with(client, group, *[upload(f"bild{n}.png", make_png()) for n in range(2)]).json()
    one_more = client.post(f"/api/v2/posts/{created['id']}/attachments/", {"file": upload("extra.png", make_png())})
    assert one_more.status_code == 400
    assert one_more.json()["message"] == "Ett inlägg kan ha högst 2 bilagor."


def test_only_the_author_adds_or_deletes_attachments(client, group, author):
    api(client, author)
    created = post_with(client, group, upload("bild.png", make_png())).json()
    other = member(group)
    api(client, other)

    added = client.post(f"/api/v2/posts/{created['id']}/attachments/", {"file": upload("extra.png", make_png())})
    deleted = client.delete(created["attachments"][0]["url"])

    assert added.status_code == 403
    assert deleted.status_code == 403
    api(client, author)
    assert (
        client.post(f"/api/v2/posts/{created['id']}/attachments/", {"file": upload("b.png", make_png())}).status_code
        == 201
    )
    assert client.delete(created["attachments"][0]["url"]).status_code == 204
    assert Attachment.objects.count() == 1
