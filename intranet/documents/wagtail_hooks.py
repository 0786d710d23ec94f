from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from intranet.publishing.menu import EditorsMenuItem

from .reports import UnusedDocumentsView


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
