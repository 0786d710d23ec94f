"""`{{ post|user_text }}` (HTML) and `{{ post|user_text_plain }}` (plain-text email) for what staff wrote.

Either filter takes a post, a comment (its mentions linked by name) or a bare text. They call
`intranet.posts.sanitise`, the one place user text becomes HTML.
"""

from django import template

from .. import sanitise

register = template.Library()

register.filter("user_text", sanitise.safe_html, is_safe=True)
register.filter("user_text_plain", sanitise.plain)
