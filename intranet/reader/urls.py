from django.urls import path

from . import views
from .report_error import report_page_error

urlpatterns = [
    path("tillganglighet/", views.AccessibilityStatementView.as_view(), name="accessibility_statement"),
]

# Working together (issue 12, collab): the start page's feed, groups, notifications, people and my profile.
from . import account, groups, notifications, people, start  # noqa: E402

urlpatterns += [
    path("mitt-flode/", start.feed_page, name="reader_feed"),
    path("grupper/", groups.group_list, name="reader_groups"),
    path("grupper/<slug:slug>/", groups.group_page, name="reader_group"),
    path("grupper/<slug:slug>/medlemmar/", groups.members_page, name="reader_group_members"),
    path("grupper/<slug:slug>/inlagg/<int:post_id>/", groups.post_page, name="reader_post"),
    path("notiser/", notifications.notification_list, name="reader_notifications"),
    path("notiser/installningar/", notifications.notification_settings, name="reader_notification_settings"),
    path("medarbetare/", people.directory, name="reader_people"),
    path("medarbetare/organisation/<slug:slug>/", people.org_view, name="reader_org"),
    path("medarbetare/<int:user_id>/", people.profile, name="reader_person"),
    path("min-profil/", account.my_profile, name="reader_my_profile"),
    path("min-profil/genvagar/", account.shortcuts, name="reader_shortcuts"),
]

urlpatterns += [
    path("rapportera-fel/<int:page_id>/", report_page_error, name="report_page_error"),
]
