"""What sign-in does besides logging in: the department from the identity provider's claim."""

from django.conf import settings
from django_auth_adfs.signals import post_authenticate

from intranet.organisation.services import department_named


def register_signal_handlers():
    post_authenticate.connect(apply_profile_claims, dispatch_uid="intranet_profile_from_claims")


def apply_profile_claims(sender, user, claims, **kwargs):
    """Set the department from the sign-in's claim, where the identity provider sends one."""
    claim = settings.SSO_DEPARTMENT_CLAIM
    if claims.get(claim):
        profile = user.profile
        department, _ = department_named(claims[claim])
        if profile.department_id != department.pk:
            profile.department = department
            profile.save(update_fields=["department"])
