from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.images.views.serve import ServeView

from search.views import search_page

from .api import urlpatterns as api_urlpatterns
from .views import health, protected_media

urlpatterns = [
    path("health/", health, name="health"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    re_path(r"^images/([^/]*)/(\d*)/([^/]*)/[^/]*$", ServeView.as_view(), name="wagtailimages_serve"),
    path("api/v2/", include((api_urlpatterns, "wagtailapi"), namespace="wagtailapi")),
    re_path(r"^media/(?P<path>.*)$", protected_media, name="media"),
    path("sok/", search_page, name="search"),
    path("", include(wagtail_urls)),
]
