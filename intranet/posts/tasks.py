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
    Attachment.objects.filter(pk=attachment_id).update(
        extracted_text=result.text, text_status=result.status, text_status_reason=result.reason
    )
    # Search finds a post by its files' text: index the post again now that the text is known.
    from wagtail.search import index

    if isinstance(attachment.post, index.Indexed):
        index.insert_or_update_object(attachment.post)
    return result
