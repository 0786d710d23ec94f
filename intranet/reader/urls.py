from django.urls import path

from . import views
from .report_error import report_page_error

urlpatterns = [
    path("tillganglighet/", views.AccessibilityStatementView.as_view(), name="accessibility_statement"),
]
urlpatterns += [
    path("rapportera-fel/<int:page_id>/", report_page_error, name="report_page_error"),
]
