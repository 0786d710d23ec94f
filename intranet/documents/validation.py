"""What may be uploaded as a document: an allowed extension, and content that is what the extension says.

An extension alone proves nothing (an .exe renamed .pdf, an HTML page renamed .docx), so each allowed
extension has a check of the file's own bytes. The checks read only a file's start or a zip's directory and
one small member, never a whole archive: they run inside the upload request.

One place for every upload route: `IntranetDocument.clean()` calls it, so Wagtail's add and edit forms, the
multi-upload and the chooser's upload tab all pass here; other uploads (group files) call
`validate_uploaded_file` with their own list of extensions.
"""

import zipfile
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

#: How much of a file's start the checks read.
HEAD_SIZE = 8192
#: The largest [Content_Types].xml or ODF mimetype member read; real ones are a few kB and a few dozen bytes.
MAX_MANIFEST_SIZE = 1024 * 1024

MISMATCH = _("The file's content does not match its extension .%(extension)s.")
MISMATCH_DETECTED = _(
    "The file's content does not match its extension .%(extension)s: it looks like a .%(detected)s file."
)
SAVE_AGAIN = _("Save the file in the right format and upload it again.")

#: The main part of an Office Open XML file, as its [Content_Types].xml declares it. A macro-enabled
#: file (.docm) declares another type, so it is refused under a .docx name.
OOXML_MAIN_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
#: An OpenDocument file names its own type in its first member, "mimetype".
ODF_MIMETYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}


def _is_pdf(file, extension):
    # The PDF specification lets the header come anywhere in the first kilobyte.
    return b"%PDF-" in _head(file)[:1024]


def _zip_manifest(file, member):
    """The bytes of one small member of a zip container (an office file's type manifest), or None."""
    archive = _zip(file)
    if archive is None:
        return None
    try:
        info = archive.getinfo(member)
    except KeyError:
        return None
    if info.file_size > MAX_MANIFEST_SIZE:
        return None
    return archive.read(info)


def _is_ooxml(file, extension):
    manifest = _zip_manifest(file, "[Content_Types].xml")
    return manifest is not None and OOXML_MAIN_TYPES[extension].encode() in manifest


def _is_odf(file, extension):
    manifest = _zip_manifest(file, "mimetype")
    return manifest is not None and manifest.strip() == ODF_MIMETYPES[extension].encode()


def _is_text(file, extension):
    # Plain text has no NUL bytes; every executable and office format has them near the start. Swedish
    # text files come in UTF-8 or, from older Excel exports, Windows-1252.
    head = _head(file)
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "cp1252"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as error:
            if encoding == "utf-8" and error.start >= len(head) - 3:
                return True  # a character cut in two at the end of what was read
    return False


#: Extension → the check of a file's content. An allowed extension without a check here is refused.
CONTENT_CHECKS = {
    "pdf": _is_pdf,
    **dict.fromkeys(OOXML_MAIN_TYPES, _is_ooxml),
    **dict.fromkeys(ODF_MIMETYPES, _is_odf),
    "txt": _is_text,
    "csv": _is_text,
}


def _head(file):
    file.seek(0)
    head = file.read(HEAD_SIZE)
    file.seek(0)
    return head


def _zip(file):
    file.seek(0)
    try:
        return zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None


def validate_uploaded_file(file, allowed_extensions):
    """Raise ValidationError unless the file's extension is allowed and its content matches that extension."""
    FileExtensionValidator(allowed_extensions)(file)
    extension = PurePath(file.name).suffix.lower().lstrip(".")
    check = CONTENT_CHECKS.get(extension)
    try:
        matches = check is not None and check(file, extension)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError):
        matches = False  # a damaged archive, or one compressed in a way we cannot read
    finally:
        file.seek(0)
    if matches:
        return
    detected = filetype.guess_extension(_head(file))
    if detected and detected != extension:
        message = MISMATCH_DETECTED % {"extension": extension, "detected": detected}
    else:
        message = MISMATCH % {"extension": extension}
    raise ValidationError(f"{message} {SAVE_AGAIN}", code="content_does_not_match_extension")


def validate_document_file(file):
    """The rule for the document library: WAGTAILDOCS_EXTENSIONS, each checked against the content."""
    validate_uploaded_file(file, settings.WAGTAILDOCS_EXTENSIONS)
