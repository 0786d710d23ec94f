"""Each person's reader pages, kept rendered until anything they could show changes.

A reader page is personal (my name, my unread count, my department's news, what I may see), so no shared
cache may keep it, and Wagtail's and Django's page caches skip logged-in users or expire only with time. But
staff open the same few pages all day (the start page, the news they were told about) while the content
changes a few times an hour: rendering the layout, menus, feed and news again on every visit costs 10–20×
what serving a kept copy does (bench/reader_bench.py).

So a page Wagtail serves is kept, per person, per language and per address, with the **versions** it was
rendered under: tokens that change after every write to the database, except to the tables listed in
`UNSHOWN_TABLES`, which no reader page shows. The rule is enforced where every route passes, the database
connection (`note_write`): the admin, the API, bulk actions, the directory sync, management commands,
`QuerySet.update` and raw SQL all change a version, without anyone having to remember a signal. A page kept
before a write is never served after it.

- Two versions: "conversation" for the tables of groups, posts, comments, reactions, notifications, follows and
  shortcuts (`CONVERSATION_TABLES`), which only the start page shows, and "content" for everything else. A
  comment leaves kept articles valid; the start page depends on both. The unread count in every page's header
  is the one conversation figure on a content page: it is put in fresh whenever a kept page is served.
- The versions live in a cache every process shares (`CACHES["content_version"]`, the database by default), and
  are renewed after the write's transaction commits, so that no one keeps a page rendered from data another
  transaction may still roll back. Until then the writing process alone already sees its own change: each
  process also counts its own writes into its versions.
- Kept pages live in each process's memory (`CACHES["reader_pages"]`); the versions carry the process's own
  write count, so a kept page is never shared between processes.
- Left out: anything not a plain GET of a live page (previews, forms, htmx fragments are their own address),
  a response that changed the session or carries a message, and anyone not logged in. A kept page never
  outlives `READER_PAGE_CACHE_SECONDS` (10 minutes by default; 0 turns the cache off) nor the day it was
  rendered on ("att granska" counts days).
- What differs on every answer, the CSP nonce and the CSRF tokens, is put back fresh each time it is served.
"""

import hashlib
import logging
import re
import secrets
import threading

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.models import CollectionViewRestriction, PageViewRestriction

from intranet.pages.models import HomePage

from .caching import CSRF_TOKENS, is_reader_page

#: Tables written while people read, whose rows no reader page shows: writing them leaves kept pages valid.
#: Sessions, logins and the write limits' counters; search statistics; queued tasks and the search index's
#: own bookkeeping (the pages they index change the version themselves); the mail log; the admin's
#: "who is editing" pings and form state, written every few seconds while an editor has a page open.
UNSHOWN_TABLES = frozenset(
    {
        "django_session",
        "api_throttle_cache",
        "axes_accessattempt",
        "axes_accessattemptexpiration",
        "axes_accessfailurelog",
        "axes_accesslog",
        "django_admin_log",
        "django_tasks_database_dbtaskresult",
        "intranet_search_pendingindexupdate",
        "intranet_search_querydailyclicks",
        "intranet_search_querydailyzeroresults",
        "mail_sentmail",
        "wagtailadmin_editingsession",
        "wagtailadmin_formstate",
        "wagtailcore_referenceindex",
        "wagtailsearch_indexentry",
        "wagtailsearch_indexentry_fts",
        "wagtailsearchpromotions_query",
        "wagtailsearchpromotions_querydailyhits",
    }
)
#: Tables only the conversations show: the start page's feed and groups, my shortcuts. Writes to them change the
#: "conversation" version alone, which the start page depends on and content pages do not: a comment posted in
#: a group leaves every kept article valid. The unread count every page shows in its header is the one thing
#: from here on a content page, and is put in fresh each time a page is served (`UNREAD`).
CONVERSATION_TABLES = re.compile(r"^(posts_|notifications_|groups_|people_follow$|reader_personalshortcut$)")
CONTENT, CONVERSATION = "content", "conversation"
PASSWORDS = (PageViewRestriction, CollectionViewRestriction)
WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?|MERGE\s+INTO)\s+"?(\w+)', re.I)
VERSION_KEYS = {CONTENT: "reader:content-version", CONVERSATION: "reader:conversation-version"}
NONCE_MARK = "\x00nonce\x00"
CSRF_MARK = b"\x00csrf\x00"
UNREAD = re.compile(rb"<!--reader:unread-->.*?<!--/reader:unread-->", re.S)
#: This process, in each version: a kept page is never served by another process, whose own writes it cannot see.
PROCESS = secrets.token_hex(8)
_local_writes = {CONTENT: 0, CONVERSATION: 0}
_renewal_failed = False
_lock = threading.Lock()
logger = logging.getLogger(__name__)


def renewal(scope):
    def renew():
        try:
            caches["content_version"].set(VERSION_KEYS[scope], secrets.token_hex(16), None)
        except DatabaseError:
            # Before `createcachetable` (the first migrations): no page can be kept then either (`current_versions`).
            global _renewal_failed
            if not _renewal_failed:
                logger.info("The reader's %s version could not be renewed (no cache table yet?).", scope)
            _renewal_failed = True

    return renew


RENEW = {scope: renewal(scope) for scope in VERSION_KEYS}


def current_versions():
    """Each scope's version as this process sees it, or None when the shared store cannot be read."""
    store = caches["content_version"]
    try:
        shared = store.get_many(VERSION_KEYS.values())
        for key in set(VERSION_KEYS.values()) - shared.keys():
            store.add(key, secrets.token_hex(16), None)
            shared[key] = store.get(key)
    except DatabaseError:
        logger.warning("The reader's content version could not be read; pages are rendered.", exc_info=True)
        return None
    return {scope: f"{shared[key]}:{PROCESS}:{_local_writes[scope]}" for scope, key in VERSION_KEYS.items()}


def note_write(execute, sql, params, many, context):
    """Every statement through Django's connections: a write to a table pages show changes that table's version."""
    result = execute(sql, params, many, context)
    match = WRITE.match(sql) if sql[:1] in "IUDTMiudtm \n" else None
    table = match.group(1).lower() if match else None
    if table and table not in UNSHOWN_TABLES:
        scope = CONVERSATION if CONVERSATION_TABLES.match(table) else CONTENT
        with _lock:
            _local_writes[scope] += 1
        connection = context["connection"]
        renew = RENEW[scope]
        if not connection.in_atomic_block:
            renew()
        elif not any(callback is renew for _, callback, _ in connection.run_on_commit):
            transaction.on_commit(renew, using=connection.alias, robust=True)
    return result


def watch_writes(sender, connection, **kwargs):
    """`connection_created`: every new database connection reports its writes."""
    if note_write not in connection.execute_wrappers:
        connection.execute_wrappers.append(note_write)


def scopes_of(page):
    """What a page shows besides itself: the start page, the conversations too; every other page, content only."""
    return (CONTENT, CONVERSATION) if isinstance(page, HomePage) else (CONTENT,)


def remember_scopes(page, request, serve_args, serve_kwargs):
    """`before_serve_page`: the versions a page Wagtail serves depends on, for the middleware to keep it under.

    Nothing is kept for a session that has typed a shared password (a restriction's): the password opens
    pages in this session only, which is not in the database a version follows.
    """
    if not getattr(request, "reader_page_cache", False):
        return
    if any(request.session.get(restriction.passed_view_restrictions_session_key) for restriction in PASSWORDS):
        return
    # Read before the page is rendered: a write while it renders must leave the kept copy out of date.
    if not hasattr(request, "reader_versions"):
        request.reader_versions = current_versions()
    if request.reader_versions is not None:
        request.reader_page_scopes = scopes_of(page.specific)


def page_key(request):
    parts = [
        str(request.user.pk),
        getattr(request, "LANGUAGE_CODE", ""),
        request.get_host(),
        request.get_full_path(),
        request.headers.get("HX-Request", ""),
        timezone.localdate().isoformat(),
    ]
    return "reader:page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def has_messages(request):
    storage = getattr(request, "_messages", None)
    # len() loads the messages without marking them shown.
    return storage is not None and len(storage) > 0


def may_keep(request, response):
    match = getattr(request, "resolver_match", None)
    return (
        match is not None
        and match.url_name == "wagtail_serve"
        and hasattr(request, "reader_page_scopes")
        and is_reader_page(request, response)
        and not getattr(request, "is_preview", False)
        and not request.session.modified
        and not has_messages(request)
        and not response.cookies.keys() - {settings.CSRF_COOKIE_NAME}
    )


def kept_form(request, response):
    """The page with this answer's nonce and CSRF tokens taken out, for `served_form` to put fresh ones in."""
    content = CSRF_TOKENS.sub(rb"\1" + CSRF_MARK + rb"\2", response.content)
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str):
        content = content.replace(nonce.encode(), NONCE_MARK.encode())
    return {
        "content": content,
        "content_type": response["Content-Type"],
        "versions": {scope: request.reader_versions[scope] for scope in request.reader_page_scopes},
    }


def served_form(request, kept):
    content = kept["content"]
    if NONCE_MARK.encode() in content:
        content = content.replace(NONCE_MARK.encode(), request.csp_nonce.encode())
    if CSRF_MARK in content:
        content = content.replace(CSRF_MARK, get_token(request).encode())
    unread = render_to_string("reader/_notifications_link.html", {"user": request.user}, request).strip().encode()
    content = UNREAD.sub(lambda _: unread, content, count=1)
    return HttpResponse(content, content_type=kept["content_type"])


def still_valid(kept, versions):
    return all(versions[scope] == version for scope, version in kept["versions"].items())


class ReaderPageCacheMiddleware:
    """Serves a person's kept copy of a reader page while its versions stand; keeps what it renders."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.READER_PAGE_CACHE_SECONDS
        if not seconds or request.method != "GET" or not request.user.is_authenticated or has_messages(request):
            return self.get_response(request)
        # Only pages Wagtail serves are kept (`remember_scopes` says which, and reads the versions then): any
        # other view pays nothing here but a look in this process's memory.
        request.reader_page_cache = True
        key = page_key(request)
        pages = caches["reader_pages"]
        kept = pages.get(key)
        if kept is not None:
            request.reader_versions = current_versions()
            if request.reader_versions is not None and still_valid(kept, request.reader_versions):
                return served_form(request, kept)
        response = self.get_response(request)
        if may_keep(request, response):
            pages.set(key, kept_form(request, response), seconds)
        return response
