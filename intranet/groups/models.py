"""Groups where staff work together: one per department, kept by the directory sync, and groups staff make.

Every logged-in employee may read every group; membership decides who may post, and a group's admins (for a
department group: the department's managers) decide who joins a closed group. A group is archived, never
deleted: an archived group stays readable and takes no new posts or members.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from intranet.organisation.models import Department


class GroupKind(models.TextChoices):
    DEPARTMENT = "department", _("Department group")
    STAFF = "staff", _("Staff group")


class JoinPolicy(models.TextChoices):
    OPEN = "open", _("Open: anyone may join")
    CLOSED = "closed", _("Closed: a group admin approves requests")


class WorkGroupQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)


class WorkGroup(models.Model):
    """A group (grupp). Named WorkGroup in code so that it is never mistaken for Django's permission groups."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    #: max_length holds in the admin's form and in `services` alike (a TextField has no limit in the database).
    description = models.TextField(_("description"), blank=True, max_length=2000)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=GroupKind.choices, default=GroupKind.STAFF)
    #: Set for department groups only: the sync keeps their members and admins in step with the directory.
    department = models.OneToOneField(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_group",
    )
    join_policy = models.CharField(
        _("who may join"), max_length=20, choices=JoinPolicy.choices, default=JoinPolicy.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("archived by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = WorkGroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        #: Redaktörer hold it (a data migration grants it): they moderate every group.
        permissions = [("moderate_any_group", _("Can moderate any group"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="department", department__isnull=False) | Q(kind="staff", department__isnull=True),
                name="department_group_has_department",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_archived(self):
        return self.archived_at is not None

    def clean(self):
        # The admin's edit form passes here; the API's route is services.update_group, with the same rules.
        if self.pk and self.is_archived:
            raise ValidationError(_("The group is archived. Restore it before you change it."))
        if (
            self.kind == GroupKind.DEPARTMENT
            and self.department_id
            and (self.join_policy != JoinPolicy.CLOSED or self.name != self.department.name)
        ):
            raise ValidationError(_("A department group is named after its department and is always closed."))


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    ADMIN = "admin", _("Group admin")


class Source(models.TextChoices):
    """Who decided a membership: the directory's are changed only by the sync."""

    DIRECTORY = "directory", _("From the directory")
    MANUAL = "manual", _("Joined or added")


class Membership(models.Model):
    group = models.ForeignKey(WorkGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="group_memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.MANUAL)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="one_membership_per_group")]
        indexes = [models.Index(fields=["user", "group"])]

    def __str__(self):
        return f"{self.user_id} in {self.group_id} ({self.role})"


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a group admin")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class JoinRequest(models.Model):
    """A request to join a closed group, and its answer."""

    group = models.ForeignKey(
        WorkGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="join_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"], condition=Q(status="pending"), name="one_pending_request_per_group"
            )
        ]

    def __str__(self):
        return f"{self.user_id} → {self.group_id} ({self.status})"
