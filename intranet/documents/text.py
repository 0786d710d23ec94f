"""Plain text out of uploaded documents, so that search finds a document by what it says.

This module runs as its own process (`python text.py SUFFIX LIMITS`, the file on stdin, the result as JSON
on stdout), started by `intranet.documents.extraction` in the background worker. A hostile or broken file
(a DOCX that unpacks to gigabytes of XML, a PDF of 6,000 pages) then ends in a recorded reason: the child
caps its own memory and CPU time and checks sizes before it reads, and the worker kills it after a time
limit. It imports nothing from Django or the project, so that it starts quickly and alone.
"""

import io
import json
import resource
import sys
import zipfile

INDEXED = "indexed"
PARTIAL = "partial"
NOT_INDEXED = "not_indexed"

#: The file types whose text is read; others are stored without text.
READABLE_SUFFIXES = (".pdf", ".docx")

#: A member smaller than this is never taken for a zip bomb, however well it packs.
ZIP_RATIO_FLOOR = 1024 * 1024


class LimitReached(Exception):
    """The file is over one of the limits; `reason` says which."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def read_text(data, suffix, limits):
    """(status, reason, text) for the file's bytes. Raises LimitReached for a file over a limit."""
    if suffix == ".pdf":
        chunks = _pdf_text(data, limits)
    elif suffix == ".docx":
        chunks = _docx_text(data, limits)
    else:
        raise ValueError(f"no reader for {suffix}")
    max_characters = limits["MAX_CHARACTERS"]
    words, length = [], 0
    for chunk in chunks:
        for word in chunk.split():
            length += len(word) + 1
            if length > max_characters + 1:
                return PARTIAL, "too_many_characters", " ".join(words)
            words.append(word)
    if not words:
        return NOT_INDEXED, "empty", ""
    return INDEXED, "", " ".join(words)


def _pdf_text(data, limits):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise LimitReached("unreadable")
    if len(reader.pages) > limits["MAX_PAGES"]:
        raise LimitReached("too_many_pages")
    for page in reader.pages:
        yield page.extract_text() or ""


def _docx_text(data, limits):
    # python-docx reads every part of the package into memory and parses the XML ones: check what the
    # archive says it unpacks to first. zipfile never returns more than a member's declared size (a member
    # that lies fails its checksum), so the declared sizes are a safe upper bound.
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
    if sum(member.file_size for member in members) > limits["MAX_UNPACKED_SIZE"]:
        raise LimitReached("unpacked_too_large")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > ZIP_RATIO_FLOOR and ratio > limits["MAX_COMPRESSION_RATIO"]:
            raise LimitReached("unpacked_too_large")

    import docx

    document = docx.Document(io.BytesIO(data))
    for paragraph in document.paragraphs:
        yield paragraph.text
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield cell.text


def _limit_own_resources(limits):
    memory = limits["MEMORY_LIMIT"]
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    # A second line of defence behind the worker's wall-clock timeout: the kernel stops a child that
    # keeps a CPU busy for longer.
    seconds = int(limits["TIMEOUT_SECONDS"]) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))


def main(argv):
    suffix, limits = argv[1], json.loads(argv[2])
    try:
        _limit_own_resources(limits)
        data = sys.stdin.buffer.read()
        status, reason, text = read_text(data, suffix, limits)
    except LimitReached as limit:
        status, reason, text = NOT_INDEXED, limit.reason, ""
    except MemoryError:
        status, reason, text = NOT_INDEXED, "memory", ""
    except Exception as error:  # a damaged or encrypted file: the worker records it, the upload stays
        print(f"could not read the {suffix} file: {error!r}", file=sys.stderr)
        status, reason, text = NOT_INDEXED, "unreadable", ""
    sys.stdout.write(json.dumps({"status": status, "reason": reason, "text": text}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
