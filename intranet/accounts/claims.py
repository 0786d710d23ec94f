"""What a sign-in tells us about a person before (or between) directory syncs."""


def username_from_claim(value):
    """ADFS's winaccountname is "DOMAIN\\user"; the directory sync knows the same person as "user"."""
    return (value or "").rsplit("\\", 1)[-1].strip()
