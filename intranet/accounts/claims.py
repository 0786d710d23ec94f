"""What a sign-in tells us about a person before (or between) directory syncs."""

from django.conf import settings

from intranet.organisation.services import department_named


def username_from_claim(value):
    """ADFS's winaccountname is "DOMAIN\\user"; the directory sync knows the same person as "user"."""
    return (value or "").rsplit("\\", 1)[-1].strip()


def apply_profile_claims(sender, user, claims, **kwargs):
    """Set the department from the sign-in's claim, where the identity provider sends one."""
    claim = settings.SSO_DEPARTMENT_CLAIM
    if claims.get(claim):
        profile = user.profile
        department, _ = department_named(claims[claim])
        if profile.department_id != department.pk:
            profile.department = department
            profile.save(update_fields=["department"])
