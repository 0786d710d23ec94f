"""Single sign-on through ADFS (or Entra ID), fitted to how the directory sync knows people."""

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django_auth_adfs.backend import AdfsAccessTokenBackend, AdfsAuthCodeBackend
from django_auth_adfs.config import settings as adfs_settings

from .claims import username_from_claim
from .provider import ProviderUnavailable


class IntranetAdfsMixin:
    def create_user(self, claims):
        # Find the person the directory sync created ("DOMAIN\\Anna" is anna), else create them.
        username = username_from_claim(claims.get(adfs_settings.USERNAME_CLAIM))
        if not username:
            raise PermissionDenied
        User = get_user_model()
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            user = User(username=username)
            user.set_unusable_password()
            user.save()
        return user

    def update_user_groups(self, user, claim_groups):
        """Only the groups mapped from the directory (DIRECTORY_GROUP_MAP) follow the claim; others stay."""
        mapped = {}
        for group_dn, group_name in settings.DIRECTORY.get("GROUP_MAP", {}).items():
            common_name = group_dn.split(",", 1)[0].removeprefix("CN=").removeprefix("cn=")
            mapped[common_name.lower()] = group_name
            mapped[group_dn.lower()] = group_name
        claimed = {mapped[name.lower()] for name in claim_groups if name.lower() in mapped}
        for group_name in set(mapped.values()):
            group, _ = Group.objects.get_or_create(name=group_name)
            if group_name in claimed:
                group.user_set.add(user)
            else:
                group.user_set.remove(user)


class ProviderCallsMixin:
    def authenticate(self, request=None, **credentials):
        # A token exchange (or Entra ID's group lookup) that times out is the provider's outage,
        # not a wrong login: the views answer it with a 503 instead of a 500.
        try:
            return super().authenticate(request, **credentials)
        except requests.RequestException as error:
            raise ProviderUnavailable(str(error)) from error


class IntranetAdfsAuthCodeBackend(IntranetAdfsMixin, ProviderCallsMixin, AdfsAuthCodeBackend):
    pass


class IntranetAdfsAccessTokenBackend(IntranetAdfsMixin, ProviderCallsMixin, AdfsAccessTokenBackend):
    def authenticate(self, request=None, access_token=None, **kwargs):
        # django-auth-adfs loads the provider's configuration before it looks for a token; without
        # this, a password login would wait for the provider (and fail while it is down).
        if not access_token:
            return None
        return super().authenticate(request, access_token=access_token, **kwargs)


class BreakGlassModelBackend(ModelBackend):
    """With SSO on, passwords open the door for superusers only: the break-glass account."""

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and user.is_superuser
