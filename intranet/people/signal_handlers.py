"""A person's document in the search engine follows their user, profile and department, however they change."""

from django.conf import settings
from django.db.models.signals import post_delete, post_save

from intranet.organisation.models import Department, EmployeeProfile

from .indexing import reindex
from .models import Person


def profile_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        reindex(Person, [instance.pk])


def user_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    # Signing in saves last_login alone: nothing the index holds.
    if raw or (update_fields is not None and set(update_fields) <= {"last_login"}):
        return
    profile_id = EmployeeProfile.objects.filter(user=instance).values_list("pk", flat=True).first()
    reindex(Person, [profile_id])


def department_saved(sender, instance, created, raw=False, **kwargs):
    if not raw and not created:
        reindex(Person, EmployeeProfile.objects.filter(department=instance).values_list("pk", flat=True))


def profile_deleted(sender, instance, **kwargs):
    reindex(Person, [instance.pk])


def register_signal_handlers():
    post_save.connect(profile_saved, sender=EmployeeProfile, dispatch_uid="people_index_profile")
    post_delete.connect(profile_deleted, sender=EmployeeProfile, dispatch_uid="people_index_profile_deleted")
    post_save.connect(user_saved, sender=settings.AUTH_USER_MODEL, dispatch_uid="people_index_user")
    post_save.connect(department_saved, sender=Department, dispatch_uid="people_index_department")
