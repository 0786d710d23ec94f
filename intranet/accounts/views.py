"""django-auth-adfs' login, callback and logout, answering a clear 503 page while the provider is down."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django_auth_adfs import views as adfs_views

from .provider import ProviderUnavailable


class ProviderOutagePageMixin:
    signed_out = False

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except ProviderUnavailable:
            retry_url = reverse("django_auth_adfs:login") + "?" + urlencode({"next": request.GET.get("next", "/")})
            context = {"signed_out": self.signed_out, "retry_url": retry_url}
            response = render(request, "registration/sso_unavailable.html", context, status=503)
            response["Retry-After"] = str(settings.SSO_PROVIDER_RETRY_AFTER)
            return response


class LoginView(ProviderOutagePageMixin, adfs_views.OAuth2LoginView):
    pass


class CallbackView(ProviderOutagePageMixin, adfs_views.OAuth2CallbackView):
    pass


class LogoutView(ProviderOutagePageMixin, adfs_views.OAuth2LogoutView):
    # The library logs out here before it asks the provider where to send the browser.
    signed_out = True
