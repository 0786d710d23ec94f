"""The municipality's organisation: departments (förvaltningar) and each employee's place in it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index


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
    #: The part of the department one works in (enhet/avdelning), as the directory names it.
    unit = models.CharField(_("unit"), max_length=200, blank=True)
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
        return display_name(self.user)


def display_name(user):
    """How a person is named to others: their full name, or the username of someone the directory gave none."""
    return user.get_full_name() or user.get_username()


def department_of(user):
    """The user's department, or None for users without one (and for anonymous users)."""
    profile = getattr(user, "profile", None) if user.is_authenticated else None
    return profile.department if profile else None
