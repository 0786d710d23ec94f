"""Finding a department: by the name someone else uses for it (the directory, a sign-in's claim), or by the id or
slug an API caller gives."""

import re
from contextlib import suppress

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from .models import Department, DepartmentAlias, normalise_department


def department_named(name):
    """(department, created): the department the directory or a sign-in claim calls `name`.

    Editors' aliases come first, then the name itself whatever its case and spacing; an unknown name
    becomes a new department.
    """
    name = " ".join((name or "").split())
    alias = DepartmentAlias.objects.select_related("department").filter(directory_name=normalise_department(name))
    if alias.exists():
        return alias.first().department, False
    department = Department.objects.filter(name__iexact=name).first()
    if department is not None:
        return department, False
    if name.islower():  # "  samhällsbyggnadsförvaltningen " is a typing slip, not a new name
        name = name[0].upper() + name[1:]
    return Department.objects.create(name=name, code=_new_code(name), slug=_new_slug(name)), True


def _new_code(name):
    letters = "".join(word[0] for word in re.findall(r"\w+", name)).upper()[:10] or "DEP"
    code, number = letters, 1
    while Department.objects.filter(code=code).exists():
        number += 1
        code = f"{letters}{number}"
    return code


def _new_slug(name):
    base = slugify(name) or "forvaltning"
    slug, number = base, 1
    while Department.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


#: Department ids are an AutoField: a 32-bit integer on every database we run on.
DEPARTMENT_ID = forms.IntegerField(min_value=1, max_value=2**31 - 1)
DEPARTMENT_SLUG = forms.SlugField(max_length=Department._meta.get_field("slug").max_length)


def department_by_id_or_slug(value):
    """The department an API parameter names by id or by slug, or None.

    A value that can be neither (a NUL byte, "²", a number past the column's range) is not looked up at all.
    """
    value = (value or "").strip()
    with suppress(ValidationError):
        return Department.objects.filter(pk=DEPARTMENT_ID.clean(value)).first()
    with suppress(ValidationError):
        return Department.objects.filter(slug=DEPARTMENT_SLUG.clean(value)).first()
    return None
