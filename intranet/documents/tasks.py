from django_tasks import task


@task()
def extract_document_text(document_id, file_name):
    """Read an uploaded document's text for search, in the worker: never inside the upload request."""
    from .extraction import update_document_text

    update_document_text(document_id, file_name)
