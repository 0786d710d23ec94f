"""Settings for every environment, read from environment variables.

The defaults run the intranet on one machine (SQLite, Wagtail's database search,
mail printed to the console). Production sets DATABASE_URL, SECRET_KEY,
ALLOWED_HOSTS and the rest; see README.md for the full list.
"""

import datetime
import json
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Only for a developer's own machine: DEBUG is on and nothing is reachable from outside.
    SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The intranet's own apps, each with one job
    "intranet.organisation",
    "intranet.mail",
    "intranet.accounts",
    "intranet.security",
    "intranet.ownership",
    "intranet.archive",
    "intranet.reminders",
    "intranet.documents",
    "intranet.pages",
    "intranet.publishing",
    "intranet.headless",
    "intranet.scheduling",
    "intranet.groups",
    "intranet.posts",
    "intranet.notifications",
    "intranet.people",
    "intranet.startpage",
    "intranet.reader",
    "intranet.demo",
    "search",
    "sync",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",  # search counts and promoted results; search/ adds what it lacks
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "wagtail_headless_preview",
    "modelcluster",
    "taggit",
    "rest_framework",
    "drf_spectacular",  # the OpenAPI schema at /api/schema/
    "drf_spectacular_sidecar",  # Swagger UI's files, served from here
    "django_tasks",
    "django_tasks_db",
    "axes",  # login throttling
    "csp",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "intranet.security.middleware.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Everything on the intranet needs a login; views that must stay open
    # (login, health check) are marked with @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "intranet.security.middleware.PrivateCacheMiddleware",
    # Reader pages: private, revalidated each time, with an ETag that makes asking again cheap (a 304).
    "intranet.reader.caching.ReaderCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Inside every header-setting middleware above, so that a kept page gets the same headers as a rendered one.
    "intranet.reader.page_cache.ReaderPageCacheMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# Swedish first, English available; the admin follows the user's own choice.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Ours first; then Swedish for the Wagtail admin texts Wagtail's own catalogue lacks (bin/wagtail_sv.py).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "wagtail_locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded files are served only through Django (cms.urls), behind the login.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_DOCUMENT_MODEL = "documents.IntranetDocument"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "intranet.documents.forms.IntranetDocumentForm"
# Uploads never run as script on our origin. Documents: office files, PDF and plain text only, each checked
# against its content (intranet/documents/validation.py), and served only by Wagtail's document view, always
# as a download, with a CSP and nosniff. /media/ serves images alone (cms/views.py). Images: no SVG.
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "txt", "csv"]
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
# Reading a document's text for search, in the worker (intranet/documents/extraction.py). A file over a
# limit is stored without (or with part of) its text, and the admin says why.
_MB = 1024 * 1024
DOCUMENT_TEXT_LIMITS = {
    "MAX_FILE_SIZE": int(os.environ.get("DOCUMENT_TEXT_MAX_FILE_SIZE_MB", "50")) * _MB,
    # What a DOCX may unpack to, and how tightly one member may be packed (a zip bomb packs 1000:1 or more).
    "MAX_UNPACKED_SIZE": int(os.environ.get("DOCUMENT_TEXT_MAX_UNPACKED_SIZE_MB", "100")) * _MB,
    "MAX_COMPRESSION_RATIO": int(os.environ.get("DOCUMENT_TEXT_MAX_COMPRESSION_RATIO", "100")),
    "MAX_PAGES": int(os.environ.get("DOCUMENT_TEXT_MAX_PAGES", "2000")),
    "MAX_CHARACTERS": int(os.environ.get("DOCUMENT_TEXT_MAX_CHARACTERS", "200000")),
    "TIMEOUT_SECONDS": int(os.environ.get("DOCUMENT_TEXT_TIMEOUT_SECONDS", "120")),
    "MEMORY_LIMIT": int(os.environ.get("DOCUMENT_TEXT_MEMORY_LIMIT_MB", "1024")) * _MB,
}
# Files attached to group posts (intranet/posts/attachments.py): documents checked like the library's (type
# against content), images as Wagtail checks its own; kept apart from the library and served only through the
# posts API, to logged-in staff.
POST_ATTACHMENT_DOCUMENT_EXTENSIONS = WAGTAILDOCS_EXTENSIONS
POST_ATTACHMENT_MAX_SIZE = int(os.environ.get("POST_ATTACHMENT_MAX_SIZE_MB", "20")) * _MB
POST_ATTACHMENTS_PER_POST = 10
# Where an @mention in a post links to: the person's profile.
PEOPLE_PROFILE_URL = os.environ.get("PEOPLE_PROFILE_URL", "/api/v2/people/{id}/")

# Security. With DEBUG off `manage.py check --deploy` is clean.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# A load balancer probes over plain HTTP and counts a redirect as a failure.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# The header only allows preloading; nothing is submitted to browsers' lists unless an operator does so.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's own preview views override this with SAMEORIGIN
if env_bool("SECURE_PROXY_SSL_HEADER"):
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies in front of the intranet append to X-Forwarded-For; the login throttle counts the address
# the outermost one saw. 0: the client connects directly (REMOTE_ADDR).
TRUSTED_PROXY_HOPS = int(os.environ.get("TRUSTED_PROXY_HOPS", "0"))

# Content-Security-Policy (django-csp). Scripts, styles, images and connections from our own origin only;
# the reader site's one inline <style> carries the per-response nonce. Under /admin/ the policy is relaxed
# (CONTENT_SECURITY_POLICY_ADMIN) for Wagtail's own inline scripts and styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        # Wagtail's preview panel shows our own pages in a frame; nobody else may frame them.
        "frame-ancestors": [SELF],
        "form-action": [SELF],
    }
}
CONTENT_SECURITY_POLICY_ADMIN = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
}
# Device features nobody on the intranet needs are switched off, for our pages and anything they frame.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "bluetooth",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
    ]
}

# Login throttling (django-axes): LOGIN_FAILURE_LIMIT wrong passwords in a row lock that username from that
# address for LOGIN_LOCKOUT_MINUTES. Username and address together, so that an attacker can neither lock a named
# person (the break-glass account) out from elsewhere nor lock out a whole office behind one address.
# How an operator lifts a lock: docs/permissions.md.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "60")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_WHITELIST_CALLABLE = "intranet.accounts.throttling.is_not_a_password_login"
AXES_CLIENT_IP_CALLABLE = "intranet.accounts.throttling.client_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = True

# Mail
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "intranet@localhost")

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Intranätet")
# The address staff reach the intranet at. Absolute links in emails (reminders, Wagtail's notifications) and
# in API answers (detail_url, download_url) are built on it, never on the request's Host header.
BASE_URL = os.environ.get("BASE_URL", "").strip().rstrip("/")
if not BASE_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "BASE_URL must be set when DEBUG is off: the address staff reach the intranet at, "
            "e.g. https://intranet.kommunen.se. Links in emails and API answers are built on it."
        )
    BASE_URL = "http://127.0.0.1:8000"  # make run
if urlsplit(BASE_URL).scheme not in ("http", "https") or not urlsplit(BASE_URL).netloc:
    raise ImproperlyConfigured(
        f"BASE_URL must be an absolute address such as https://intranet.kommunen.se, not {BASE_URL!r}."
    )
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAILAPI_BASE_URL = BASE_URL
# Nothing leaves the municipality's network: no avatars from Gravatar (hashed staff emails), no release check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No "What's new in Wagtail" banner on the dashboard: staff get the project's editor guide (docs/editor-guide.md).
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_I18N_ENABLED = False
# Search: a real engine when SEARCH_URL is set (credentials in the URL), else the database.
SEARCH_URL = os.environ.get("SEARCH_URL", "")
SEARCH_ENGINE = os.environ.get("SEARCH_ENGINE", "opensearch2")  # opensearch3, elasticsearch8, elasticsearch9
if SEARCH_URL:
    _search_options = {}
    if os.environ.get("SEARCH_CA_FILE"):
        _search_options = {"ca_certs": os.environ["SEARCH_CA_FILE"], "verify_certs": True}
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": f"search.backends.{SEARCH_ENGINE}",
            "URLS": [SEARCH_URL],
            "INDEX_PREFIX": os.environ.get("SEARCH_INDEX_PREFIX", "intranet_"),
            "TIMEOUT": int(os.environ.get("SEARCH_TIMEOUT", "5")),
            "ATOMIC_REBUILD": True,
            "OPTIONS": _search_options,
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.database",  # Wagtail's, made safe for SQLite's FTS5
            # Swedish stemming where the database is PostgreSQL; SQLite ignores it.
            "SEARCH_CONFIG": "swedish",
        }
    }
# The workflow is the only route to publishing for writers (see intranet/publishing).
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True

# Headless API: everything needs an authenticated user. The token is for
# other front ends until SSO bearer tokens arrive; the session serves the reader site.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Listed first so that an anonymous request gets 401 with WWW-Authenticate.
        "intranet.headless.authentication.WagtailAPITokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "EXCEPTION_HANDLER": "intranet.headless.errors.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["intranet.headless.throttling.PersonalWriteThrottle"],
    # Posts, comments, reactions, joins: per person. Reading is never limited.
    "DEFAULT_THROTTLE_RATES": {"write": os.environ.get("API_WRITE_RATE", "60/minute")},
    "DEFAULT_SCHEMA_CLASS": "intranet.headless.schema.IntranetAutoSchema",
}
# "Rapportera fel på sidan" (intranet/reader/report_error.py): reports one person may mail to page owners.
PAGE_ERROR_REPORT_RATE = os.environ.get("PAGE_ERROR_REPORT_RATE", "5/hour")
# The write rate limit counts in a cache every gunicorn worker (and every machine) shares: in Django's default
# per-process memory cache each worker would count on its own, and a person could write WEB_CONCURRENCY times the
# rate. The database is the one store all share; `createcachetable` (release phase, `make run`) makes the table.
# API_THROTTLE_CACHE=local keeps the count in memory, for a single process.
SHARED_CACHE_IN_DATABASE = os.environ.get("API_THROTTLE_CACHE", "database") == "database"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "api_throttle": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "api_throttle_cache"}
    if SHARED_CACHE_IN_DATABASE
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "api_throttle"},
    # The reader's kept pages (intranet/reader/page_cache.py) hold until their versions change, which every
    # process must see at once: it is shared like the write limits. The pages themselves stay in each process.
    "content_version": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "api_throttle_cache",
        "KEY_PREFIX": "content-version",
    }
    if SHARED_CACHE_IN_DATABASE
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "content_version"},
    "reader_pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "reader_pages",
        # A start page is about 25 kB: 2,000 kept pages are about 50 MB in each process.
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("READER_PAGE_CACHE_ENTRIES", "2000"))},
    },
}
# How long a kept reader page may be served while nothing changes; 0 renders every page every time.
READER_PAGE_CACHE_SECONDS = int(os.environ.get("READER_PAGE_CACHE_SECONDS", "600"))
# The OpenAPI schema (/api/schema/, intranet/headless/schema.py).
SPECTACULAR_SETTINGS = {
    "TITLE": "Intranätet API",
    "DESCRIPTION": 'The intranet\'s REST endpoints. Every error is JSON, `{"message": …}`, the message in Swedish.',
    "VERSION": "2",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "PREPROCESSING_HOOKS": ["intranet.headless.schema.leave_out_wagtail_router"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name for a choice set several fields share (each would otherwise name its own, with a warning).
    "ENUM_NAME_OVERRIDES": {"DigestFrequencyEnum": "intranet.notifications.models.DigestFrequency"},
}

# Headless preview: the front end that renders drafts.
WAGTAIL_HEADLESS_PREVIEW = {
    "CLIENT_URLS": {"default": os.environ.get("PREVIEW_CLIENT_URL", "http://127.0.0.1:3000/preview")},
    "REDIRECT_ON_PREVIEW": env_bool("PREVIEW_REDIRECT", False),
}
# How long a preview token stays valid.
HEADLESS_PREVIEW_MAX_AGE_SECONDS = int(os.environ.get("PREVIEW_MAX_AGE_SECONDS", "3600"))

# Background work: a database-backed queue, run by `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Active Directory: who works here, in which department, for which manager, and who edits.
DIRECTORY = {
    "URL": os.environ.get("DIRECTORY_URL", ""),  # ldaps://dc.kommunen.local:636
    "BIND_DN": os.environ.get("DIRECTORY_BIND_DN", ""),
    "PASSWORD": os.environ.get("DIRECTORY_BIND_PASSWORD", ""),
    # DNs contain commas, so several base DNs are separated by "|".
    "BASE_DNS": [dn.strip() for dn in os.environ.get("DIRECTORY_BASE_DNS", "").split("|") if dn.strip()],
    "USER_FILTER": os.environ.get("DIRECTORY_USER_FILTER", ""),
    "CA_FILE": os.environ.get("DIRECTORY_CA_FILE", ""),  # else LDAPS checks against the system's trusted CAs
    # Only for a test directory: LDAPS without checking the certificate at all (warns on every run).
    "INSECURE_SKIP_TLS_VERIFY": env_bool("DIRECTORY_INSECURE_SKIP_TLS_VERIFY", False),
    # JSON: {"email": "proxyAddresses"} to map our fields to other attributes than AD's defaults.
    "ATTRIBUTES": json.loads(os.environ.get("DIRECTORY_ATTRIBUTES", "{}")),
    # JSON: {"CN=Intranät-redaktörer,OU=Grupper,DC=…": "Redaktörer"}
    "GROUP_MAP": json.loads(os.environ.get("DIRECTORY_GROUP_MAP", "{}")),
}

# Single sign-on: ADFS on premises (ADFS_SERVER) or Entra ID (ADFS_TENANT_ID), through django-auth-adfs.
# Without either (make run), Django's own login serves.
ADFS_SERVER = os.environ.get("ADFS_SERVER", "")  # adfs.kommunen.se
ADFS_TENANT_ID = os.environ.get("ADFS_TENANT_ID", "")  # set for Entra ID instead of ADFS_SERVER
SSO_ENABLED = bool(ADFS_SERVER or ADFS_TENANT_ID)
SSO_DEPARTMENT_CLAIM = os.environ.get("ADFS_DEPARTMENT_CLAIM", "department")
# After the identity provider failed to answer, how long sign-ins get "unavailable" at once before it is asked again.
SSO_PROVIDER_RETRY_AFTER = int(os.environ.get("ADFS_RETRY_AFTER", "30"))
if SSO_ENABLED:
    INSTALLED_APPS.append("django_auth_adfs")
    AUTH_ADFS = {
        "CLIENT_ID": os.environ.get("ADFS_CLIENT_ID", ""),
        "CLIENT_SECRET": os.environ.get("ADFS_CLIENT_SECRET", ""),
        "RELYING_PARTY_ID": os.environ.get("ADFS_RELYING_PARTY_ID", ""),
        "AUDIENCE": os.environ.get("ADFS_AUDIENCE", os.environ.get("ADFS_RELYING_PARTY_ID", "")),
        "CA_BUNDLE": os.environ.get("ADFS_CA_FILE") or True,
        # winaccountname ("DOMAIN\\user", the sync's sAMAccountName) or upn; it must name people as the sync does.
        "USERNAME_CLAIM": os.environ.get("ADFS_USERNAME_CLAIM", "winaccountname"),
        "GROUPS_CLAIM": os.environ.get("ADFS_GROUPS_CLAIM", "group"),
        "CLAIM_MAPPING": json.loads(
            os.environ.get(
                "ADFS_CLAIM_MAPPING", '{"first_name": "given_name", "last_name": "family_name", "email": "email"}'
            )
        ),
        "LOGIN_EXEMPT_URLS": [],
        "JWT_LEEWAY": int(os.environ.get("ADFS_JWT_LEEWAY", "0")),
        # Every call to the provider waits at most this long, once: a provider that hangs must not hold
        # the workers (the library's default is 5 s, tried 4 times). Its configuration is kept for
        # CONFIG_RELOAD_INTERVAL (24 h) and, while it is down, beyond (intranet/accounts/provider.py).
        "TIMEOUT": float(os.environ.get("ADFS_TIMEOUT", "5")),
        "RETRIES": int(os.environ.get("ADFS_RETRIES", "0")),
    }
    if ADFS_TENANT_ID:
        AUTH_ADFS["TENANT_ID"] = ADFS_TENANT_ID
    else:
        AUTH_ADFS["SERVER"] = ADFS_SERVER
    AUTHENTICATION_BACKENDS = [
        # First: a break-glass password login must never wait for the identity provider.
        "intranet.accounts.backends.BreakGlassModelBackend",
        "intranet.accounts.backends.IntranetAdfsAuthCodeBackend",
        "intranet.accounts.backends.IntranetAdfsAccessTokenBackend",
    ]
    LOGIN_URL = "django_auth_adfs:login"
    WAGTAILADMIN_LOGIN_URL = LOGIN_URL  # staff reach the admin through SSO too; /admin/login/ is break-glass
    REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"].insert(
        1, "intranet.accounts.authentication.ProviderTokenAuthentication"
    )

if not SSO_ENABLED:
    AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
# django-axes refuses a locked-out login before any backend looks at the password.
AUTHENTICATION_BACKENDS.insert(0, "intranet.accounts.throttling.PasswordLoginThrottle")
if SSO_ENABLED:
    # A form posted after the session ran out is sent on to the identity provider's login, and browsers hold
    # that redirect to form-action as well.
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(
        f"https://{ADFS_SERVER}" if ADFS_SERVER else "https://login.microsoftonline.com"
    )

# Periodic jobs, enqueued by `manage.py run_scheduler` and run by the worker.
# Cron expressions are in TIME_ZONE.
SCHEDULED_TASKS = {
    "publish_scheduled_pages": {
        "task": "intranet.scheduling.tasks.publish_scheduled_pages",
        "cron": os.environ.get("CRON_PUBLISH_SCHEDULED", "0 * * * *"),
    },
    "sync_directory": {
        "task": "sync.tasks.sync_directory_incremental",
        "cron": os.environ.get("CRON_SYNC_DIRECTORY", "*/15 * * * *"),
    },
    "sync_directory_full": {
        "task": "sync.tasks.sync_directory_full",
        "cron": os.environ.get("CRON_SYNC_DIRECTORY_FULL", "30 2 * * *"),
    },
    "archive_overdue_pages": {
        "task": "intranet.archive.tasks.archive_overdue_pages",
        "cron": os.environ.get("CRON_ARCHIVE_OVERDUE", "0 5 * * *"),
    },
    # After the archiving, so that the day's digests tell of what was archived.
    "send_review_reminders": {
        "task": "intranet.reminders.tasks.send_review_reminders",
        "cron": os.environ.get("CRON_REVIEW_REMINDERS", "0 6 * * *"),
    },
    # After the reminders: the same mail server, one run at a time.
    "send_notification_digests": {
        "task": "intranet.notifications.tasks.send_notification_digests",
        "cron": os.environ.get("CRON_NOTIFICATION_DIGESTS", "30 6 * * *"),
    },
    "retry_pending_index_updates": {
        "task": "search.tasks.retry_pending_index_updates",
        "cron": os.environ.get("CRON_RETRY_INDEX_UPDATES", "*/5 * * * *"),
    },
    "prune_search_statistics": {
        "task": "search.tasks.prune_search_statistics",
        "cron": os.environ.get("CRON_PRUNE_SEARCH_STATISTICS", "15 4 * * *"),
    },
}
# How many days the counts of searches, searches without results and opened results are kept (Wagtail's setting:
# its own clean-up reads it too; search.clicks.prune_search_statistics deletes older ones nightly).
WAGTAILSEARCH_HITS_MAX_AGE = int(os.environ.get("SEARCH_STATISTICS_DAYS", "365"))

# Notification digests: the weekday (0 = Monday) whose run also mails what people chose to get weekly.
NOTIFICATION_WEEKLY_WEEKDAY = int(os.environ.get("NOTIFICATION_WEEKLY_WEEKDAY", "0"))

# Review reminders: how long the signed "mark as reviewed" link in an email stays valid.
REVIEW_LINK_MAX_AGE_DAYS = int(os.environ.get("REVIEW_LINK_MAX_AGE_DAYS", "30"))
