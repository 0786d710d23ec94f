"""The identity provider's configuration, kept so that the provider's outages do not take the intranet down.

django-auth-adfs fetches the provider's discovery document and signing keys (its "provider
configuration") and keeps them for CONFIG_RELOAD_INTERVAL hours. Two things about that hurt when the
provider is down or hangs: until the first fetch succeeds, every request fetches again (each waiting
the full timeout), and a failed reload raises although the keys already held still validate tokens.
"""

import logging
import threading
import time

import requests
from django.conf import settings
from django.utils.translation import gettext as _
from django_auth_adfs.config import ConfigLoadError, ProviderConfig

logger = logging.getLogger(__name__)

# What a provider that is unreachable, hangs or answers something other than its configuration
# makes django-auth-adfs raise while loading (KeyError: a document without jwks_uri or x5c).
LOAD_ERRORS = (requests.RequestException, ConfigLoadError, KeyError, ValueError)


class ProviderUnavailable(Exception):
    """The identity provider did not answer (within ADFS_TIMEOUT), so nobody can sign in through it now."""


def unavailable_message():
    return _("The sign-in service does not answer right now. Try again in a few minutes.")


class CachedProviderConfig(ProviderConfig):
    """django-auth-adfs' provider configuration that remembers a failure and keeps what it had.

    After a failed load the provider is not asked again for SSO_PROVIDER_RETRY_AFTER seconds: meanwhile
    a process that holds a configuration goes on using it (tokens keep validating), and one that holds
    none answers ProviderUnavailable at once instead of waiting for the provider on every request.
    """

    _retry_at = 0.0  # time.monotonic() before which a failed provider is not asked again
    _lock = threading.Lock()  # one thread asks; the others wait for its answer instead of asking too

    def load_config(self):
        with self._lock:
            if time.monotonic() < self._retry_at:
                if self._config_timestamp is None:
                    raise ProviderUnavailable("the identity provider failed recently; not asking again yet")
                return
            try:
                super().load_config()
            except LOAD_ERRORS as error:
                self._retry_at = time.monotonic() + settings.SSO_PROVIDER_RETRY_AFTER
                if self._config_timestamp is None:
                    logger.error("The identity provider cannot be reached, nobody can sign in through it: %s", error)
                    raise ProviderUnavailable(str(error)) from error
                logger.warning(
                    "Could not reload the identity provider's configuration; keeping the configuration loaded %s: %s",
                    self._config_timestamp.isoformat(timespec="seconds"),
                    error,
                )


def install(provider_config):
    """Give django-auth-adfs' one provider configuration object our behaviour.

    Its views, backends and REST framework authentication all import that object by name, so
    changing its class reaches every one of them (a new object would reach none).
    """
    provider_config.__class__ = CachedProviderConfig
