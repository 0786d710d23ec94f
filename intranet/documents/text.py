"""Plain text out of uploaded documents, so that search finds a document by what it says."""

import logging
from pathlib import PurePath

logger = logging.getLogger(__name__)

#: Enough for any policy or guide; stops a 2,000-page PDF from bloating the index.
MAX_TEXT_LENGTH = 200_000


def extract_text(file, filename):
    """The text of a PDF or DOCX file; "" for other types and for files that cannot be read."""
    suffix = PurePath(filename).suffix.lower()
    try:
        file.seek(0)
        if suffix == ".pdf":
            from pypdf import PdfReader

            reader = PdfReader(file)
            text = "\n".join(page.extract_text() or "" for page in reader.pages)
        elif suffix == ".docx":
            import docx

            document = docx.Document(file)
            parts = [paragraph.text for paragraph in document.paragraphs]
            for table in document.tables:
                parts.extend(cell.text for row in table.rows for cell in row.cells)
            text = "\n".join(parts)
        else:
            return ""
    except Exception:  # a damaged or encrypted file must not stop the upload
        logger.warning("Could not extract text from %s", filename, exc_info=True)
        return ""
    finally:
        file.seek(0)
    return " ".join(text.split())[:MAX_TEXT_LENGTH]
