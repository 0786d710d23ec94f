from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "intranet.accounts"
    label = "accounts"

    def ready(self):
        from django.conf import settings

        if settings.SSO_ENABLED:
            from .signal_handlers import register_signal_handlers

            register_signal_handlers()
            honour_configured_ca_file()
            keep_provider_config_through_outages()


def honour_configured_ca_file():
    """Make ADFS_CA_FILE count even where REQUESTS_CA_BUNDLE is set in the environment.

    requests lets those variables override a session's `verify`, so a server that exports
    them would silently ignore the CA file configured for the identity provider.
    """
    from django.conf import settings
    from django_auth_adfs.config import provider_config

    if isinstance(settings.AUTH_ADFS.get("CA_BUNDLE"), str):
        provider_config.session.trust_env = False
        provider_config.session.verify = settings.AUTH_ADFS["CA_BUNDLE"]


def keep_provider_config_through_outages():
    from django_auth_adfs.config import provider_config

    from .provider import install

    install(provider_config)
