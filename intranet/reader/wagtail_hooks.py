from wagtail import hooks

from .page_cache import remember_scopes

hooks.register("before_serve_page", remember_scopes)
