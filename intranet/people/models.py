"""Colleagues as the people directory ("Hitta medarbetare") shows them, and who follows whom.

The profile itself (department, title, phone, manager) is `organisation.EmployeeProfile`, kept by the
directory sync; this app adds what the directory does not decide.
"""

import re

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from intranet.organisation.models import EmployeeProfile, display_name

#: Analyzers defined for every index of the engine (search/folding.py): names with and without å, ä, ö.
FOLDED, FOLDED_PREFIXES = "folded_name", "folded_name_prefixes"


class Follow(models.Model):
    """A person whose posts and comments fill the follower's activity feed, whichever group they are in."""

    follower = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="following")
    followed = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(fields=["follower", "followed"], name="follow_once"),
            models.CheckConstraint(condition=~Q(follower=F("followed")), name="no_following_oneself"),
        ]

    def __str__(self):
        return f"{self.follower_id} follows {self.followed_id}"


class ProfilePhoto(models.Model):
    """A person's photo from the directory (`thumbnailPhoto`), checked and resized here.

    Kept in the database rather than in media storage: it is small (a JPEG of at most PHOTO_SIZE pixels a
    side), it changes in the directory sync's transaction (a dry run or a failed run leaves no stray file),
    and it is served by one view that only logged-in staff reach. Nothing is ever fetched from outside.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile_photo", verbose_name=_("person")
    )
    image = models.BinaryField(_("image (JPEG)"))
    width = models.PositiveSmallIntegerField()
    height = models.PositiveSmallIntegerField()
    #: SHA-256 of the directory's bytes: an unchanged photo is not decoded and resized again on every sync.
    source_digest = models.CharField(max_length=64)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profile photo")
        verbose_name_plural = _("profile photos")

    def __str__(self):
        return f"photo of {self.user_id}"


class Person(index.Indexed, EmployeeProfile):
    """An active employee as the search engine knows them: name, title, department, unit and phone.

    A proxy of the profile: the directory sync and the admin save profiles and users, and
    `intranet.people.indexing` keeps these documents in step (Wagtail's own signal handlers only hear
    saves of the proxy class itself). Inactive people are never indexed.
    """

    search_fields = [
        index.SearchField("name", boost=4, es_extra={"analyzer": FOLDED, "search_analyzer": FOLDED}),
        index.AutocompleteField(
            "name", es_extra={"analyzer": FOLDED_PREFIXES, "search_analyzer": "folded_name_search"}
        ),
        index.SearchField("job_title", boost=2, es_extra={"analyzer": FOLDED, "search_analyzer": FOLDED}),
        index.SearchField("department_name", es_extra={"analyzer": FOLDED, "search_analyzer": FOLDED}),
        index.SearchField("unit", es_extra={"analyzer": FOLDED, "search_analyzer": FOLDED}),
        index.SearchField("phone"),
        index.FilterField("phone_digits"),
        index.FilterField("email"),
        index.FilterField("department_id"),
        index.FilterField("is_active", type="BooleanField"),
    ]

    class Meta:
        proxy = True
        verbose_name = _("person")
        verbose_name_plural = _("people")

    @classmethod
    def get_indexed_objects(cls):
        return cls.objects.filter(user__is_active=True).select_related("user", "department")

    @property
    def name(self):
        return display_name(self.user)

    @property
    def department_name(self):
        return self.department.name if self.department_id else ""

    @property
    def email(self):
        return self.user.email

    @property
    def is_active(self):
        return self.user.is_active

    @property
    def phone_digits(self):
        """The number as digits only, in its national form too: "+46 8-123 45 67" is also "081234567"."""
        return phone_digits(self.phone)


def phone_digits(text):
    digits = re.sub(r"\D", "", text or "")
    if not digits:
        return []
    forms = [digits]
    if (text or "").strip().startswith("+46") or digits.startswith("0046"):
        national = "0" + digits.removeprefix("00").removeprefix("46")
        forms.append(national)
    return forms
