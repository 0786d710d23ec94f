"""The one way what staff write in posts and comments becomes HTML (and plain text for email).

Staff write plain text. Nothing they type is markup: every character is escaped, then three things are
made into links — http, https and mailto addresses, and @mentions of colleagues (`@username`, what the
mention picker inserts) — and the result goes through nh3 (the Ammonia sanitiser) with an allow-list of
`<p>`, `<br>` and `<a href>` alone, so that a mistake in the linking above still cannot let a tag, an event
handler or a `javascript:` address through. Every link gets `rel="noopener nofollow"`.

The API's `body_html`, the reader site and email (the `user_text` template filter) and the admin all call
`render_html`; nowhere else is user text marked safe.
"""

import html
import re

import nh3
from django.conf import settings
from django.utils.safestring import mark_safe

from intranet.organisation.models import display_name
from intranet.security.text import INVISIBLE

#: What survives the sanitiser: paragraphs, line breaks and links, nothing else.
CLEANER = nh3.Cleaner(
    tags={"p", "br", "a"},
    attributes={"a": {"href"}},
    allowed_classes={"a": {"mention"}},
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener nofollow",
    strip_comments=True,
)


#: `@username`: not inside a word or an email address ("anna@kommunen.se" mentions nobody), and not ending
#: in the full stop or hyphen of the sentence around it.
MENTION = r"(?<![\w@./:+-])@(?P<username>\w(?:[\w.-]*\w)?)"
#: An address starts with its scheme and runs to white space or a character that cannot be in one.
LINK = r"(?P<url>(?:https?://|mailto:)[^\s<>\"'`{}|\\^]+)"
TOKENS = re.compile(f"{LINK}|{MENTION}", re.IGNORECASE)
MENTION_ONLY = re.compile(MENTION)
#: Sentence punctuation after an address is not part of it.
TRAILING = ".,;:!?"


def profile_url(user):
    """Where a mention links to: the person's profile (settings.PEOPLE_PROFILE_URL, with {id})."""
    return settings.PEOPLE_PROFILE_URL.format(id=user.pk)


def clean_text(text):
    """The text as it is stored and edited: line ends made one kind, invisible trickery taken out."""
    return INVISIBLE.sub("", str(text or "").replace("\r\n", "\n").replace("\r", "\n"))


def mentioned_usernames(text):
    """The usernames @mentioned in the text, lower-cased, in order of first mention."""
    seen = {}
    for match in TOKENS.finditer(clean_text(text)):
        if match.group("username"):
            seen.setdefault(match.group("username").lower(), None)
    return list(seen)


def _split_url(url):
    """(address, what follows it): sentence punctuation and an unmatched closing bracket are left outside."""
    opening, closing = url.count("("), url.count(")")
    end = len(url)
    while end:
        last = url[end - 1]
        if last in TRAILING:
            end -= 1
        elif last == ")" and closing > opening:
            closing -= 1
            end -= 1
        else:
            break
    return url[:end], url[end:]


def _by_username(users):
    return {user.get_username().lower(): user for user in users if user.is_active}


def _linked(text, users):
    """Escaped text with its addresses and mentions as links (before nh3)."""
    people = _by_username(users)
    parts = []
    position = 0
    for match in TOKENS.finditer(text):
        parts.append(html.escape(text[position : match.start()]))
        position = match.end()
        if match.group("url"):
            url, rest = _split_url(match.group("url"))
            if url.lower() in ("http://", "https://", "mailto:"):
                parts.append(html.escape(match.group(0)))
                continue
            parts.append(f'<a href="{html.escape(url)}">{html.escape(url)}</a>{html.escape(rest)}')
            continue
        person = people.get(match.group("username").lower())
        if person is None:
            parts.append(html.escape(match.group(0)))
        else:
            name = html.escape(display_name(person))
            parts.append(f'<a class="mention" href="{html.escape(profile_url(person))}">@{name}</a>')
    parts.append(html.escape(text[position:]))
    return "".join(parts)


def render_html(text, mentioned_users=()):
    """Safe HTML for what someone wrote: paragraphs, line breaks, links and mentions of `mentioned_users`."""
    text = clean_text(text).strip()
    if not text:
        return ""
    paragraphs = [part.strip("\n") for part in re.split(r"\n\s*\n", text) if part.strip()]
    markup = "".join(f"<p>{_linked(part, mentioned_users).replace(chr(10), '<br>')}</p>" for part in paragraphs)
    return CLEANER.clean(markup)


def render_plain(text, mentioned_users=()):
    """The text for a plain-text email: as written, mentions by name, nothing invisible."""
    people = _by_username(mentioned_users)

    def name(match):
        person = people.get(match.group("username").lower())
        return f"@{display_name(person)}" if person else match.group(0)

    return MENTION_ONLY.sub(name, clean_text(text).strip())


def mentioned_users_of(authored):
    """The people mentioned in a post or comment (from `mentions`, prefetched in listings)."""
    return [mention.user for mention in authored.mentions.all()]


def html_of(authored):
    """A post's or comment's text as safe HTML, its mentions linked."""
    return render_html(authored.body, mentioned_users_of(authored))


def plain_of(authored):
    return render_plain(authored.body, mentioned_users_of(authored))


def safe_html(value):
    """For templates: a post, a comment or a bare text, as HTML marked safe — the only place that does."""
    if hasattr(value, "body") and hasattr(value, "mentions"):
        return mark_safe(html_of(value))  # sanitised by nh3 above
    return mark_safe(render_html(value))  # sanitised by nh3 above


def plain(value):
    if hasattr(value, "body") and hasattr(value, "mentions"):
        return plain_of(value)
    return render_plain(value)
