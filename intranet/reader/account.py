"""Min profil: what the intranet knows about me, my groups, whom I follow, my shortcuts and my settings."""

from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from intranet.groups.models import Membership
from intranet.people import services as people

from .forms import ShortcutForm
from .htmx import done, limited_writes
from .models import PersonalShortcut

HERE = "/min-profil/"
#: Enough for anyone's own links; the start page is not a bookmarks manager.
MAX_SHORTCUTS = 20


def profile_context(request, shortcut_form=None):
    user = request.user
    return {
        "person": people.active_person(user.pk),
        "memberships": Membership.objects.filter(user=user).select_related("group").order_by("group__name"),
        "following": people.followed_people(user),
        "shortcuts": PersonalShortcut.objects.filter(user=user),
        "shortcut_form": shortcut_form or ShortcutForm(),
    }


def my_profile(request):
    return render(request, "reader/account/profile.html", profile_context(request))


@limited_writes
def shortcuts(request):
    """POST: add a shortcut of my own, or remove one (only mine). Back to where the form was."""
    if request.method != "POST":
        return HttpResponseBadRequest(_("Unknown action."))
    user = request.user
    action = request.POST.get("action")
    if action == "remove":
        shortcut_id = request.POST.get("shortcut", "")
        deleted = 0
        if shortcut_id.isdigit():
            deleted, _by_model = PersonalShortcut.objects.filter(user=user, pk=int(shortcut_id)).delete()
        if not deleted:
            raise Http404(_("You have no such shortcut."))
        return done(request, _("The shortcut is removed."), HERE)
    if action != "add":
        return HttpResponseBadRequest(_("Unknown action."))
    form = ShortcutForm(request.POST)
    if form.is_valid() and PersonalShortcut.objects.filter(user=user).count() >= MAX_SHORTCUTS:
        form.add_error(None, _("You have %(count)d shortcuts, as many as you can have.") % {"count": MAX_SHORTCUTS})
    if not form.is_valid():
        # Shown again with what was typed and why it was refused.
        return render(request, "reader/account/profile.html", profile_context(request, form), status=400)
    shortcut = form.save(commit=False)
    shortcut.user = user
    shortcut.sort_order = PersonalShortcut.objects.filter(user=user).count()
    shortcut.save()
    return done(request, _("The shortcut is added to your start page."), HERE)
