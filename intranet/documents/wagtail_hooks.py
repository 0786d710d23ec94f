from django.urls import path
from wagtail import hooks

from .reports import UnusedDocumentsView
from .views import DocumentIndexView


@hooks.register("register_admin_urls")
def register_document_listing_urls():
    # Wagtail offers no hook for the listing's columns. Our app comes before wagtail.documents in
    # INSTALLED_APPS, so these paths come first and answer for Wagtail's own URLs ("wagtaildocs:index").
    return [
        path("documents/", DocumentIndexView.as_view(), name="documents_index"),
        path("documents/results/", DocumentIndexView.as_view(results_only=True), name="documents_index_results"),
    ]


UnusedDocumentsView.register()
