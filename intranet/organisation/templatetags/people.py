from django import template

from ..models import display_name

register = template.Library()

#: `{{ user|display_name }}`: the same name the Python code gives a person.
register.filter("display_name", display_name)
