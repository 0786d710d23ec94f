"""The reader site's forms for working together: what staff type into groups, posts, settings and shortcuts.

They only read and shape input; the rules (who may, how long, what is allowed) are the services'.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from intranet.notifications.models import NotificationSettings
from intranet.posts.services import MAX_COMMENT_LENGTH, MAX_POST_LENGTH, MAX_REASON_LENGTH

from .models import PersonalShortcut


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Write a post"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "ds-input"}),
        max_length=MAX_POST_LENGTH,
        strip=False,
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Write a comment"),
        widget=forms.Textarea(attrs={"rows": 2, "class": "ds-input"}),
        max_length=MAX_COMMENT_LENGTH,
        strip=False,
    )
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


class EditForm(forms.Form):
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 4, "class": "ds-input"}), max_length=MAX_POST_LENGTH
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it removed? The reason is kept in the moderation log."),
        widget=forms.Textarea(attrs={"rows": 2, "class": "ds-input"}),
        max_length=MAX_REASON_LENGTH,
    )


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the group's admins (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "ds-input"}),
    )


class GroupFilterForm(forms.Form):
    SHOW_CHOICES = [("alla", _("All active groups")), ("mina", _("My groups")), ("arkiverade", _("Archived groups"))]
    q = forms.CharField(label=_("Search groups by name"), required=False, max_length=100)
    visa = forms.ChoiceField(label=_("Show"), choices=SHOW_CHOICES, required=False)


class PeopleSearchForm(forms.Form):
    q = forms.CharField(label=_("Name, title or department"), required=False, max_length=200)
    department = forms.CharField(required=False, max_length=200)


class ShortcutForm(forms.ModelForm):
    class Meta:
        model = PersonalShortcut
        fields = ["title", "url"]
        widgets = {
            "title": forms.TextInput(attrs={"class": "ds-input"}),
            "url": forms.TextInput(attrs={"class": "ds-input"}),
        }

    def clean_url(self):
        """A page of the intranet ("/sidor/…") or a web address: never `javascript:` or another scheme."""
        url = self.cleaned_data["url"].strip()
        if url.startswith("/") and not url.startswith("//"):
            return url
        try:
            return forms.URLField(assume_scheme="https").clean(url)
        except forms.ValidationError:
            raise forms.ValidationError(
                _("Enter an address that starts with https:// or with / for a page on the intranet.")
            ) from None


class NotificationSettingsForm(forms.ModelForm):
    class Meta:
        model = NotificationSettings
        fields = ["mentions", "replies", "reactions", "join_requests"]
        widgets = {name: forms.RadioSelect for name in fields}
