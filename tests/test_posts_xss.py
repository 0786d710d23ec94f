"""A corpus of XSS and markup payloads, each written as a post and read back where a post is shown: the API's
`body_html`, HTML rendered through the `user_text` template filter (reader site, admin, HTML email), and the
plain-text email. In every HTML form the only markup is `<p>`, `<br>` and links to http, https, mailto or a
colleague's profile with `rel="noopener nofollow"`; what was typed is still all there, shown as text.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.template import Context, Template

from intranet.posts import services
from intranet.posts.sanitise import INVISIBLE

from . import factories
from .test_posts_api import api, member, work_group

pytestmark = pytest.mark.django_db

PAYLOADS = [
    # Script and event handlers
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<body onload=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<marquee onstart=alert(1)>hej</marquee>",
    "<video><source onerror=alert(1)></video>",
    "<xss id=x tabindex=1 onfocus=alert(1)></xss>",
    '<a href="https://kommunen.se" onclick="alert(1)">x</a>',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    # Dangerous addresses
    '<a href="javascript:alert(1)">klicka</a>',
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    "java\tscript:alert(1)",
    "vbscript:msgbox(1)",
    '<iframe src="javascript:alert(1)"></iframe>',
    "<embed src=javascript:alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "<link rel=stylesheet href=javascript:alert(1)>",
    # data: URLs
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    # Links that try to break out of their attribute or text
    'https://kommunen.se/"onmouseover="alert(1)',
    "https://kommunen.se/'onmouseover='alert(1)",
    "https://kommunen.se/<script>alert(1)</script>",
    "https://kommunen.se/?q=<img src=x onerror=alert(1)>",
    'mailto:x@kommunen.se?subject="><script>alert(1)</script>',
    "https://kommunen.se/%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
    "http://kommunen.se/a&amp;b<script>",
    '<a href="https://evil.example">https://kommunen.se</a>',
    # Style and layout
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="position:fixed;top:0;left:0;width:100%;height:100%">Logga in igen</p>',
    '<img src="https://tracker.example/pixel.png">',
    # Parser confusion
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<!-- <script>alert(1)</script> -->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<template><script>alert(1)</script></template>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    # Entity tricks
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&#x3C;script&#x3E;alert(1)&#x3C;/script&#x3E;",
    "&#106;avascript:alert(1)",
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    # Unicode tricks
    "＜script＞alert(1)＜/script＞",
    "<scr\x00ipt>alert(1)</script>",
    "\u202e>tpircs/<)1(trela>tpircs<",
    "https://kommunen.se/\u202egpj.exe",
    "Se \u2066https://evil.example\u2069 här",
    "\ufeff<script>alert(1)</script>",
    "https://kοmmunen.se/ (grekiskt omikron)",
    # Markdown-ish
    "[klicka](javascript:alert(1))",
    "![bild](javascript:alert(1))",
    '[x](https://evil.example "onmouseover=alert(1)")',
    "<https://evil.example>",
    "**fet** _kursiv_ `kod`\n# rubrik\n> citat",
    # Template syntax
    "{{ 7|add:7 }} {% debug %} ${7*7} #{7*7}",
    # Mentions with markup
    "@<script>alert(1)</script>",
    "@anna.berg<img src=x onerror=alert(1)>",
    'https://kommunen.se/@anna.berg"><script>alert(1)</script>',
]

ALLOWED_TAGS = {"p", "br", "a"}
PROFILE_PATH = "/api/v2/people/"


class Markup(HTMLParser):
    """Every tag, attribute and piece of text a browser would see in the HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.text = []
        self.other = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "br":
            self.text.append("\n")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "p":
            self.text.append("\n\n")

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.other.append(("comment", data))

    def handle_decl(self, decl):
        self.other.append(("declaration", decl))

    def unknown_decl(self, data):
        self.other.append(("declaration", data))

    def handle_pi(self, data):
        self.other.append(("processing instruction", data))


def as_named(text):
    """The text with Anna's mention shown by her name (not inside an address, where it is no mention)."""
    return re.sub(r"(?<![/\w])@anna\.berg", "@Anna Berg", text)


def assert_inert(html, payload, person=None):
    """The HTML holds no markup but paragraphs, breaks and safe links, and shows the payload as text."""
    markup = Markup()
    markup.feed(html)
    markup.close()
    assert not markup.other, (payload, html)
    for tag, attributes in markup.tags:
        assert tag in ALLOWED_TAGS, (payload, html)
        if tag != "a":
            assert attributes == {}, (payload, html)
            continue
        assert set(attributes) <= {"href", "rel", "class"}, (payload, html)
        assert attributes["rel"] == "noopener nofollow", (payload, html)
        address = urlsplit(attributes["href"])
        if attributes.get("class") == "mention":
            assert attributes["href"] == f"{PROFILE_PATH}{person.pk}/", (payload, html)
        else:
            assert "class" not in attributes, (payload, html)
            assert address.scheme in ("http", "https", "mailto"), (payload, html)
            assert attributes["href"].strip() == attributes["href"], (payload, html)
    shown = "".join(markup.text).strip()
    expected = INVISIBLE.sub("", payload).strip()
    if person is not None:
        expected = as_named(expected)
    assert shown == expected, (payload, html)


@pytest.fixture
def world():
    group = work_group()
    author = member(group, username="skribent.sara")
    person = factories.UserFactory(username="anna.berg", first_name="Anna", last_name="Berg")
    posts = [services.write_post(author, group, payload) for payload in PAYLOADS]
    return {"group": group, "author": author, "person": person, "posts": posts}


def test_the_corpus_is_large_enough():
    assert len(PAYLOADS) >= 50
    assert len(set(PAYLOADS)) == len(PAYLOADS)


def test_every_payload_is_inert_in_the_api(client, world):
    api(client, factories.UserFactory())
    for post, payload in zip(world["posts"], PAYLOADS, strict=True):
        answer = client.get(f"/api/v2/posts/{post.pk}/")
        assert answer.status_code == 200
        # The raw JSON holds no markup characters at all: even read as HTML it would be text.
        assert b"<" not in answer.content and b">" not in answer.content, payload
        data = answer.json()
        assert_inert(data["body_html"], payload, world["person"])
        assert data["body"] == INVISIBLE.sub("", payload).strip()


def test_every_payload_is_inert_in_the_listing_and_in_comments(client, world):
    api(client, world["author"])
    target = world["posts"][0]
    for payload in PAYLOADS[:10]:
        answer = client.post(f"/api/v2/posts/{target.pk}/comments/", {"body": payload}, "application/json")
        assert answer.status_code == 201, payload
        assert_inert(answer.json()["body_html"], payload, world["person"])
    listing = client.get(f"/api/v2/posts/?group={world['group'].pk}").json()["results"]
    shown = {post["id"]: post["body_html"] for post in listing}
    for post, payload in zip(world["posts"], PAYLOADS, strict=True):
        if post.pk in shown:
            assert_inert(shown[post.pk], payload, world["person"])
    for comment in client.get(f"/api/v2/posts/{target.pk}/").json()["comments"]:
        assert "<script" not in comment["body_html"].lower()


def test_every_payload_is_inert_through_the_template_filter(world):
    page = Template('{% load user_text %}<article class="post">{{ post|user_text }}</article>')
    bare = Template("{% load user_text %}{{ text|user_text }}")
    for post, payload in zip(world["posts"], PAYLOADS, strict=True):
        html = page.render(Context({"post": post}))
        assert html.startswith('<article class="post">') and html.endswith("</article>")
        assert_inert(html.removeprefix('<article class="post">').removesuffix("</article>"), payload, world["person"])
        # A bare text has no mentions to link; it is just as inert.
        expected = INVISIBLE.sub("", payload).strip()
        markup = Markup()
        markup.feed(bare.render(Context({"text": payload})))
        assert {tag for tag, _ in markup.tags} <= ALLOWED_TAGS
        assert "".join(markup.text).strip() == expected


def test_every_payload_is_inert_in_an_email_and_plain_in_its_text_part(world):
    html_part = Template(
        "{% load user_text %}<!doctype html><html><body><h1>Nytt inlägg</h1>"
        "<div>{{ post|user_text }}</div></body></html>"
    )
    text_part = Template(
        "{% load user_text %}{% autoescape off %}Nytt inlägg:\n{{ post|user_text_plain }}{% endautoescape %}"
    )
    for post in world["posts"]:
        message = mail.EmailMultiAlternatives("Nytt inlägg", text_part.render(Context({"post": post})), to=["a@b.se"])
        message.attach_alternative(html_part.render(Context({"post": post})), "text/html")
        message.send()
    assert len(mail.outbox) == len(PAYLOADS)
    for sent, payload in zip(mail.outbox, PAYLOADS, strict=True):
        html = sent.alternatives[0][0]
        body = html.split("<div>", 1)[1].rsplit("</div>", 1)[0]
        assert_inert(body, payload, world["person"])
        text = sent.body.removeprefix("Nytt inlägg:\n")
        # Plain text is never read as markup; it carries what was written, without invisible characters.
        assert not INVISIBLE.search(text)
        assert text == as_named(INVISIBLE.sub("", payload).strip())
        assert sent.message().get_content_type() == "multipart/alternative"


@pytest.mark.parametrize(
    "text",
    [
        "https://kommunen.se/" + ")" * 9_980,
        "https://a" + "." * 9_990,
        "@" + "a" * 9_990 + "!",
        "@a." * 3_300,
        "<" * 10_000,
        "&" * 10_000,
        "https://kommunen.se/ " * 450 + "@a " * 300,
    ],
)
def test_a_hostile_text_of_the_longest_allowed_size_renders_at_once(text):
    """Every listing renders every text it shows: no text may take long, however it is built."""
    import time

    from intranet.posts.sanitise import render_html, render_plain

    started = time.perf_counter()
    html = render_html(text)
    render_plain(text)
    assert time.perf_counter() - started < 1.0
    assert "<" not in html.replace("<p>", "").replace("</p>", "").replace("<br>", "").replace("<a ", "").replace(
        "</a>", ""
    )
