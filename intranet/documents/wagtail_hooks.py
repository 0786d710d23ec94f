from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from intranet.publishing.menu import EditorsMenuItem

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


@hooks.register("register_admin_urls")
def register_unused_documents_urls():
    return [
        path("reports/unused-documents/", UnusedDocumentsView.as_view(), name="unused_documents"),
        path(
            "reports/unused-documents/results/",
            UnusedDocumentsView.as_view(results_only=True),
            name="unused_documents_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_unused_documents_menu_item():
    return EditorsMenuItem(
        _("Unused documents"), reverse("unused_documents"), name="unused-documents", icon_name="doc-full", order=920
    )
