"""The municipality's organisation: departments (förvaltningar) and each employee's place in it."""

from django.conf import settings
from django.db import models
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from .signals import user_deactivated


class Department(index.Indexed, models.Model):
    """A förvaltning. Editors manage these in the admin; the directory sync fills them later."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.CharField(_("short code"), max_length=20, unique=True, help_text=_("For example KLF."))
    slug = models.SlugField(_("slug"), max_length=200, unique=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("code")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.name


def normalise_department(name):
    """The comparable form of a department name: trimmed, single spaces, lower case."""
    return " ".join((name or "").split()).lower()


class DepartmentAlias(models.Model):
    """A spelling the directory uses for a department ("Soc.förv.", "socialförvaltningen ")."""

    directory_name = models.CharField(_("name in the directory"), max_length=200, unique=True)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.CASCADE, related_name="aliases"
    )

    class Meta:
        ordering = ["directory_name"]
        verbose_name = _("department name in the directory")
        verbose_name_plural = _("department names in the directory")

    def __str__(self):
        return f"{self.directory_name} → {self.department}"

    def save(self, *args, **kwargs):
        self.directory_name = normalise_department(self.directory_name)
        super().save(*args, **kwargs)


class EmployeeProfile(models.Model):
    """What the intranet knows of a member of staff beyond their login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile", verbose_name=_("user")
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employees",
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="direct_reports",
    )

    class Meta:
        verbose_name = _("employee profile")
        verbose_name_plural = _("employee profiles")

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="create_employee_profile")
def create_employee_profile(sender, instance, created, raw=False, **kwargs):
    # Every user has a profile, so code may follow user.profile without checking.
    if created and not raw:
        EmployeeProfile.objects.get_or_create(user=instance)


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="remember_user_was_active")
def remember_user_was_active(sender, instance, raw=False, **kwargs):
    # Only a save that leaves the user inactive can be a deactivation; only then is the old state read.
    instance._was_active = (
        not raw
        and instance.pk is not None
        and not instance.is_active
        and sender.objects.filter(pk=instance.pk, is_active=True).exists()
    )


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="announce_user_deactivated")
def announce_user_deactivated(sender, instance, created, raw=False, **kwargs):
    # One place for every way a person is deactivated: the directory sync, the admin, the shell.
    if getattr(instance, "_was_active", False):
        instance._was_active = False
        user_deactivated.send(sender=sender, user=instance)


def department_of(user):
    """The user's department, or None for users without one (and for anonymous users)."""
    profile = getattr(user, "profile", None) if user.is_authenticated else None
    return profile.department if profile else None
