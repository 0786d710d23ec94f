from django_tasks import task

from intranet.documents.extraction import read_document_text

from .models import Attachment


@task()
def extract_attachment_text(attachment_id):
    """Read an attached document's text for search, in the worker: never inside the upload request."""
    update_attachment_text(attachment_id)


def update_attachment_text(attachment_id):
    """Read the attachment's text with the library's reader and store it with its status."""
    attachment = Attachment.objects.filter(pk=attachment_id).select_related("post").first()
    if attachment is None:
        return None
    result = read_document_text(attachment.file, attachment.file.name)
    attachment.extracted_text, attachment.text_status = result.text, result.status
    attachment.text_status_reason = result.reason
    # Saved, not updated: search hears of the save and indexes the post again with its files' text.
    attachment.save(update_fields=["extracted_text", "text_status", "text_status_reason"])
    return result
