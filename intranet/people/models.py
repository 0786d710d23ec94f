"""Colleagues as the people directory ("Hitta medarbetare") shows them, and who follows whom.

The profile itself (department, title, phone, manager) is `organisation.EmployeeProfile`, kept by the
directory sync; this app adds what the directory does not decide.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


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
