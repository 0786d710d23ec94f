from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.urls import localized_js_catalog
from wagtail.admin.views.home import sprite as wagtailadmin_sprite
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.images.views.serve import ServeView

from intranet.headless.schema_views import schema_ui_view, schema_view
from intranet.reader import urls as reader_urls
from intranet.reminders.views import mark_reviewed_from_email
from search.views import search_page

from .api import urlpatterns as api_urlpatterns
from .views import health, protected_media

urlpatterns = []
if settings.SSO_ENABLED:
    from intranet.accounts import views as sso_views

    # Open to anonymous visitors: these views are how they log in.
    urlpatterns += [
        path(
            "oauth2/",
            include(
                (
                    [
                        re_path(r"^login$", login_not_required(sso_views.LoginView.as_view()), name="login"),
                        re_path(r"^callback$", login_not_required(sso_views.CallbackView.as_view()), name="callback"),
                        re_path(r"^logout$", sso_views.LogoutView.as_view(), name="logout"),
                    ],
                    "django_auth_adfs",
                )
            ),
        ),
    ]

urlpatterns += [
    path("health/", health, name="health"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Wagtail's icon sprite and JavaScript translations are fetched by its login page too; behind the login
    # they would be answered with the login page, which the admin's script then inserts into itself.
    path("admin/sprite/", login_not_required(wagtailadmin_sprite)),
    path("admin/jsi18n/", login_not_required(localized_js_catalog)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    re_path(r"^images/([^/]*)/(\d*)/([^/]*)/[^/]*$", ServeView.as_view(), name="wagtailimages_serve"),
    path("api/v2/", include((api_urlpatterns, "wagtailapi"), namespace="wagtailapi")),
    path("api/schema/", schema_view, name="api_schema"),
    path("api/schema/ui/", schema_ui_view, name="api_schema_ui"),
    re_path(r"^media/(?P<path>.*)$", protected_media, name="media"),
    path("sok/", search_page, name="search"),
    # Django's set_language: the footer's language choice (Swedish by default, English for those who choose it).
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include(reader_urls)),
    path("granska/<str:token>/", mark_reviewed_from_email, name="reminders_mark_reviewed"),
    path("", include(wagtail_urls)),
]
