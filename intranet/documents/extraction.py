"""Reading a document's text in the background worker, within limits, and recording what came of it.

An upload only stores the file; `IntranetDocument.save()` enqueues `tasks.extract_document_text` once the
upload is committed. The worker reads the text in a child process (`text.py`) under the limits of
settings.DOCUMENT_TEXT_LIMITS, stores the text or the reason there is none, and updates the search index.
A file over a limit is kept; the admin names the reason ("Text inte indexerad: …").
"""

import json
import logging
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path, PurePath

from django.conf import settings
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import text

logger = logging.getLogger(__name__)

CHILD = Path(text.__file__).resolve()


class TextStatus(models.TextChoices):
    """How far the worker got with a document's text (see update_document_text)."""

    PENDING = "pending", gettext_lazy("Waiting to be read")
    INDEXED = "indexed", gettext_lazy("Indexed")
    PARTIAL = "partial", gettext_lazy("Partly indexed")
    NOT_INDEXED = "not_indexed", gettext_lazy("Not indexed")
    NO_TEXT = "no_text", gettext_lazy("Not read for this file type")


@dataclass(frozen=True)
class TextResult:
    status: str
    reason: str = ""
    text: str = ""


def read_document_text(file, filename):
    """The text of a stored file, read in a child process within the configured limits."""
    limits = settings.DOCUMENT_TEXT_LIMITS
    suffix = PurePath(filename).suffix.lower()
    if suffix not in text.READABLE_SUFFIXES:
        return TextResult(TextStatus.NO_TEXT)
    try:
        if file.size > limits["MAX_FILE_SIZE"]:
            return TextResult(TextStatus.NOT_INDEXED, "file_too_large")
        with file.open("rb"):
            data = file.read()
    except OSError:  # gone from the storage: the document stays, and says why it has no text
        logger.warning("The file of %s could not be opened", filename, exc_info=True)
        return TextResult(TextStatus.NOT_INDEXED, "unreadable")
    try:
        # -I: the child sees neither PYTHON* variables nor the project on its path, only the libraries.
        child = subprocess.run(
            [sys.executable, "-I", str(CHILD), suffix, json.dumps(limits)],
            input=data,
            capture_output=True,
            timeout=limits["TIMEOUT_SECONDS"],
        )
    except subprocess.TimeoutExpired:
        return TextResult(TextStatus.NOT_INDEXED, "timeout")
    if child.returncode == -signal.SIGXCPU:
        return TextResult(TextStatus.NOT_INDEXED, "timeout")
    try:
        result = json.loads(child.stdout)
    except ValueError:
        # Killed by the memory limit before it could answer, or crashed inside a C library.
        logger.warning(
            "Reading the text of %s failed (exit %s): %s",
            filename,
            child.returncode,
            child.stderr.decode(errors="replace")[-2000:],
        )
        return TextResult(TextStatus.NOT_INDEXED, "unreadable")
    if child.stderr:
        logger.info("Reading the text of %s: %s", filename, child.stderr.decode(errors="replace")[-2000:])
    return TextResult(result["status"], result["reason"], result["text"])


def update_document_text(document_id, file_name):
    """Read the text of the document's file and store it with its status; then reindex the document.

    Nothing happens if the document was deleted or its file replaced since the task was enqueued: the newer
    file has a task of its own, and this one must not overwrite its result.
    """
    from wagtail.documents import get_document_model
    from wagtail.search import index

    documents = get_document_model().objects.filter(pk=document_id, file=file_name)
    document = documents.first()
    if document is None:
        return None
    result = read_document_text(document.file, file_name)
    updated = documents.update(extracted_text=result.text, text_status=result.status, text_status_reason=result.reason)
    if updated:
        document.refresh_from_db()
        index.insert_or_update_object(document)
    return result


def describe_reason(reason):
    """Why a document's text is not (or only partly) indexed, for editors."""
    limits = settings.DOCUMENT_TEXT_LIMITS
    messages = {
        "file_too_large": lambda: (
            _("the file is larger than %(limit)s") % {"limit": filesizeformat(limits["MAX_FILE_SIZE"])}
        ),
        "unpacked_too_large": lambda: (
            _("the file unpacks to more than %(limit)s, or is packed suspiciously tightly")
            % {"limit": filesizeformat(limits["MAX_UNPACKED_SIZE"])}
        ),
        "too_many_pages": lambda: (
            _("the file has more than %(limit)s pages")
            % {"limit": number_format(limits["MAX_PAGES"], force_grouping=True)}
        ),
        "too_many_characters": lambda: (
            _("only the first %(limit)s characters are indexed")
            % {"limit": number_format(limits["MAX_CHARACTERS"], force_grouping=True)}
        ),
        "timeout": lambda: (
            _("reading the text took longer than %(limit)s seconds")
            % {"limit": number_format(limits["TIMEOUT_SECONDS"], force_grouping=True)}
        ),
        "memory": lambda: (
            _("reading the text needed more than %(limit)s of memory")
            % {"limit": filesizeformat(limits["MEMORY_LIMIT"])}
        ),
        "empty": lambda: _("the file contains no text that can be read (a scanned document?)"),
        "unreadable": lambda: _("the file could not be read (damaged or encrypted)"),
    }
    message = messages.get(reason)
    return message() if message else reason
