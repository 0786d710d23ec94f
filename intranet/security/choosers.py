"""A chooser given an id that is no id shows the form's error, not a 500.

Wagtail's chooser widgets (pages, documents, snippets, our staff chooser) look the submitted value up again to
draw the form with its errors, and take only "no such row" for an answer: "²" or "x" in a POST raised out of
the template as a server error, after the field had already said the choice was not valid.
"""

from functools import wraps

from django.core.exceptions import ValidationError


def tolerate_bad_ids_in_choosers():
    from wagtail.admin.widgets.chooser import BaseChooser

    original = BaseChooser.get_instance
    if getattr(original, "tolerates_bad_ids", False):
        return

    @wraps(original)
    def get_instance(self, value):
        try:
            return original(self, value)
        except (ValueError, TypeError, ValidationError):
            return None  # drawn empty; the field's own validation has told the user

    get_instance.tolerates_bad_ids = True
    BaseChooser.get_instance = get_instance
