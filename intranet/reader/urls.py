from django.urls import path

from . import views

urlpatterns = [
    path("tillganglighet/", views.AccessibilityStatementView.as_view(), name="accessibility_statement"),
]
