"""What editors set for the reader site as a whole: the graphic profile and the shortcuts on everyone's start page.

The brand colour is checked for contrast on save, so an editor cannot pick a colour that makes the site fail
WCAG 2.1 AA (4.5:1 for text on white, and white text on the colour, as buttons use it).
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from .colours import contrast_ratio

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MINIMUM_CONTRAST = 4.5


def validate_brand_colour(value):
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(_("Enter a colour as # followed by six hexadecimal digits, e.g. #005A8C."))
    ratio = contrast_ratio(value, "#ffffff")
    if ratio < MINIMUM_CONTRAST:
        raise ValidationError(
            _("The colour's contrast against white is %(ratio).1f:1; at least 4.5:1 is needed for legible text."),
            params={"ratio": ratio},
        )


class ShortcutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=60)
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("or address"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choose a page or enter an address, not both."))}
            )
        return value

    class Meta:
        icon = "link"
        label = _("shortcut")


@register_setting(icon="view")
class ReaderSiteSettings(BaseSiteSetting):
    """The reader site's name, logo, brand colour and shared shortcuts, editable by editors per site."""

    site_name = models.CharField(_("site name"), max_length=60, default="Intranätet")
    organisation_name = models.CharField(_("organisation"), max_length=80, default="Kommunen")
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    brand_colour = models.CharField(
        _("brand colour"),
        max_length=7,
        default="#005A8C",
        validators=[validate_brand_colour],
        help_text=_("Used for links, buttons and the header line; must contrast at least 4.5:1 against white."),
    )
    contact_email = models.EmailField(_("contact address for the intranet"), blank=True)
    shortcuts = StreamField(
        [("shortcut", ShortcutBlock())],
        blank=True,
        verbose_name=_("shortcuts on everyone's start page"),
    )

    panels = [
        FieldPanel("site_name"),
        FieldPanel("organisation_name"),
        FieldPanel("logo"),
        FieldPanel("brand_colour"),
        FieldPanel("contact_email"),
        FieldPanel("shortcuts"),
    ]

    class Meta:
        verbose_name = _("reader site")


class PersonalShortcut(models.Model):
    """A shortcut a person adds to their own start page, after the editors' shared ones."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shortcuts")
    title = models.CharField(_("title"), max_length=60)
    url = models.CharField(_("address"), max_length=500)
    sort_order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("personal shortcut")
        verbose_name_plural = _("personal shortcuts")

    def __str__(self):
        return self.title
