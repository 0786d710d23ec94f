"""The directory decides who works here, where, for whom, and who edits.

`sync_directory()` reads everything it needs first, then writes in one
transaction: a connection lost while reading changes nothing, and a run that
fails while writing is rolled back. A rerun is always safe.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from intranet.groups.directory import sync_department_groups
from intranet.organisation.models import normalise_department
from intranet.organisation.services import department_named
from intranet.people.photos import sync_photos

from .directory import DirectoryConfig, DirectoryError, DirectoryReader
from .models import DirectoryAccount, SyncState

logger = logging.getLogger(__name__)


@dataclass
class SyncSummary:
    full: bool = False
    dry_run: bool = False
    read: int = 0
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    deactivated: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (entry, reason)
    warnings: list = field(default_factory=list)  # (entry, note): synced, with something left out
    new_departments: list = field(default_factory=list)
    group_changes: list = field(default_factory=list)

    @property
    def changed(self):
        return bool(self.created or self.updated or self.deactivated or self.new_departments or self.group_changes)

    def lines(self):
        kind = "full" if self.full else "incremental"
        yield f"Directory sync ({kind}{', dry run: nothing saved' if self.dry_run else ''}): {self.read} entries read"
        if not self.changed:
            yield "No changes."
        yield (
            f"  created: {len(self.created)}, updated: {len(self.updated)}, "
            f"deactivated: {len(self.deactivated)}, skipped: {len(self.skipped)}"
        )
        for name in self.new_departments:
            yield f"  new department: {name}"
        for change in self.group_changes:
            yield f"  group: {change}"
        for who, why in self.skipped:
            yield f"  skipped {who}: {why}"
        for who, note in self.warnings:
            yield f"  note {who}: {note}"
        if self.dry_run:
            for username in self.created:
                yield f"  would create {username}"
            for username, fields in self.updated:
                yield f"  would update {username}: {', '.join(fields)}"
            for username in self.deactivated:
                yield f"  would deactivate {username}"


def clean_name(name):
    return " ".join((name or "").split())


#: How many names one lookup query carries.
LOOKUP_CHUNK = 5000


class DirectorySync:
    def __init__(self, reader, full=False, dry_run=False, progress=None):
        self.reader = reader
        self.full = full
        self.dry_run = dry_run
        self.progress = progress or (lambda done, total: None)
        self.summary = SyncSummary(full=full, dry_run=dry_run)
        # username → the list of changed fields inside summary.updated, so adding one stays O(1).
        self.updated_fields = {}
        self.created_usernames = set()
        self.group_map = getattr(settings, "DIRECTORY", {}).get("GROUP_MAP", {})
        self.photos = {}  # user → the directory's thumbnailPhoto bytes (or None), stored after the entries

    def run(self):
        state = SyncState.current()
        incremental = not self.full and state.highest_usn > 0
        self.summary.full = not incremental
        # Read everything first: a lost connection here leaves the database exactly as it was.
        new_high_water_mark = self.reader.highest_usn()
        entries = self.reader.users(changed_after_usn=state.highest_usn if incremental else None)
        group_members = {group_dn: self.reader.members_of(group_dn) for group_dn in self.group_map}
        self.summary.read = len(entries)

        with transaction.atomic():
            self.load_known(entries)
            base_dns = [dn.lower() for dn in self.reader.config.base_dns]
            seen_guids = set()
            for number, entry in enumerate(entries, 1):
                guid = self.apply_entry(entry)
                if guid:
                    seen_guids.add(guid)
                self.progress(number, len(entries))
            self.apply_managers(entries, base_dns)
            self.apply_photos()
            if not incremental:
                self.deactivate_missing(seen_guids)
            self.apply_groups(group_members)
            # Department groups follow the people, departments and managers just written.
            self.summary.group_changes += sync_department_groups().lines()
            if self.dry_run:
                transaction.set_rollback(True)
            else:
                state.highest_usn = new_high_water_mark
                state.last_run_at = timezone.now()
                state.save()
        return self.summary

    # Users ------------------------------------------------------------------

    def load_known(self, entries):
        """What we already hold for these entries, in a few queries rather than several per entry."""
        User = get_user_model()
        guids = [(entry.get("guid") or "").strip() for entry in entries]
        usernames = [(entry.get("username") or "").strip().lower() for entry in entries]
        emails = [email for entry in entries if (email := (entry.get("email") or "").strip().lower())]
        accounts = DirectoryAccount.objects.select_related("user__profile")
        users = User.objects.select_related("profile").annotate(username_lower=Lower("username"))
        owners = User.objects.annotate(email_lower=Lower("email")).values_list("email_lower", "pk")
        self.accounts, self.users, self.email_owners, self.departments = {}, {}, {}, {}
        self.email_claimants = self.settle_shared_emails(entries)
        # In chunks: 40,000 names in one IN (...) would pass PostgreSQL's limit on query parameters.
        for start in range(0, len(entries), LOOKUP_CHUNK):
            chunk = slice(start, start + LOOKUP_CHUNK)
            self.accounts.update((a.object_guid, a) for a in accounts.filter(object_guid__in=guids[chunk]))
            self.users.update((u.username.lower(), u) for u in users.filter(username_lower__in=usernames[chunk]))
            self.email_owners.update(owners.filter(email_lower__in=emails[chunk]))

    @staticmethod
    def settle_shared_emails(entries):
        """Email → the GUID of the one entry that may have it, where several entries in this run share it.

        The entry whose username is the address's local part wins ("karin.akesson@…" is Karin's), else the
        first by DN, so the outcome does not depend on the order the directory happens to answer in.
        """
        by_email = {}
        for entry in entries:
            email = (entry.get("email") or "").strip().lower()
            if email and entry.get("guid"):
                by_email.setdefault(email, []).append(entry)
        claimants = {}
        for email, sharing in by_email.items():
            if len(sharing) > 1:
                local_part = email.split("@", 1)[0]
                winner = min(sharing, key=lambda e: ((e.get("username") or "").lower() != local_part, e.dn.lower()))
                claimants[email] = winner.get("guid").strip()
        return claimants

    def apply_entry(self, entry):
        User = get_user_model()
        guid = (entry.get("guid") or "").strip()
        username = (entry.get("username") or "").strip()
        if not guid:
            self.summary.skipped.append((entry.dn, "no objectGUID"))
            return None
        if not username:
            self.summary.skipped.append((entry.dn, "no sAMAccountName"))
            return None
        email = (entry.get("email") or "").strip().lower()
        account = self.accounts.get(guid)
        # Someone who logged in by SSO before the first sync already has a user: take it, never a duplicate.
        user = account.user if account else self.users.get(username.lower())
        owner = self.email_owners.get(email) if email else None
        claimant = self.email_claimants.get(email, guid)
        if (owner is not None and owner != getattr(user, "pk", None)) or claimant != guid:
            self.summary.skipped.append((username, f"email {email} belongs to another user"))
            return guid
        created = user is None
        if created:
            user = User(username=username)
            user.set_unusable_password()
        wanted = {
            "username": username,
            "first_name": clean_name(entry.get("first_name")),
            "last_name": clean_name(entry.get("last_name")),
            "email": email,
            "is_active": not entry.disabled,
        }
        changed = [name for name, value in wanted.items() if getattr(user, name) != value]
        was_active = user.is_active and not created
        for name, value in wanted.items():
            setattr(user, name, value)
        if created or changed:
            user.save()
            self.users[username.lower()] = user
            if email:
                self.email_owners[email] = user.pk
        if account is None:
            account = DirectoryAccount(user=user, object_guid=guid)
            self.accounts[guid] = account
        if account.distinguished_name != entry.dn or account.usn_changed != entry.get("usn"):
            account.distinguished_name = entry.dn
            account.usn_changed = entry.get("usn")
            account.save()
        changed += self.apply_profile(user, entry)
        if created:
            self.summary.created.append(username)
            self.created_usernames.add(username)
        elif changed:
            self.summary.updated.append((username, changed))
            self.updated_fields[username] = changed
        if was_active and not user.is_active:
            self.summary.deactivated.append(username)
        return guid

    def apply_profile(self, user, entry):
        profile = user.profile
        wanted = {
            "department": self.department_for(entry.get("department")),
            "job_title": clean_name(entry.get("title")),
            "phone": clean_name(entry.get("phone")),
            "unit": clean_name(entry.get("unit")),
        }
        self.photos[user] = entry.get("photo")
        changed = [name for name, value in wanted.items() if getattr(profile, name) != value]
        if changed:
            for name, value in wanted.items():
                setattr(profile, name, value)
            profile.save()
        return changed

    def department_for(self, directory_name):
        key = normalise_department(directory_name)
        if not key:
            return None
        if key not in self.departments:
            department, created = department_named(directory_name)
            if created:
                self.summary.new_departments.append(department.name)
            self.departments[key] = department
        return self.departments[key]

    # Managers, leavers, groups ----------------------------------------------

    def apply_managers(self, entries, base_dns):
        by_dn = {account.distinguished_name.lower(): account for account in self.accounts.values()}
        # Managers outside this batch (an incremental run) are looked up once, together. The directory writes
        # a DN the same way wherever it refers to it, so the exact spelling matches (and SQLite's LOWER()
        # would not fold "Ö").
        wanted_dns = {entry.get("manager") for entry in entries if entry.get("manager")}
        wanted_dns = {dn for dn in wanted_dns if dn.lower() not in by_dn}
        for account in DirectoryAccount.objects.select_related("user").filter(distinguished_name__in=wanted_dns):
            by_dn[account.distinguished_name.lower()] = account
        for entry in entries:
            account = by_dn.get(entry.dn.lower())
            if account is None:  # skipped above
                continue
            manager_dn = entry.get("manager")
            manager = None
            if manager_dn:
                manager_account = by_dn.get(manager_dn.lower())
                if not any(manager_dn.lower().endswith(base) for base in base_dns):
                    self.summary.warnings.append(
                        (account.user.username, f"manager {manager_dn} is outside the base DN")
                    )
                elif manager_account is None:
                    self.summary.warnings.append((account.user.username, f"manager {manager_dn} is not synced"))
                else:
                    manager = manager_account.user
            profile = account.user.profile
            if profile.manager_id != getattr(manager, "pk", None):
                profile.manager = manager
                profile.save(update_fields=["manager"])
                self.note_update(account.user.username, "manager")

    def apply_photos(self):
        """Photos are checked and resized (intranet.people.photos); a malformed one is a note, never a failure."""
        changed, skipped = sync_photos(self.photos)
        for user in changed:
            self.note_update(user.username, "photo")
        self.summary.warnings += [(user.username, note) for user, note in skipped]

    def note_update(self, username, field_name):
        if username in self.created_usernames:  # a new user's every field is new; "created" says it all
            return
        if username in self.updated_fields:
            self.updated_fields[username].append(field_name)
        else:
            self.updated_fields[username] = [field_name]
            self.summary.updated.append((username, self.updated_fields[username]))

    def deactivate_missing(self, seen_guids):
        """Users gone from the directory are deactivated, never deleted: their content stays."""
        gone = DirectoryAccount.objects.exclude(object_guid__in=seen_guids).filter(user__is_active=True)
        for account in gone.select_related("user"):
            account.user.is_active = False
            account.user.save(update_fields=["is_active"])
            self.summary.deactivated.append(account.user.username)

    def apply_groups(self, group_members):
        """Mirror the chosen directory groups: editors are managed in AD."""
        for group_dn, member_dns in group_members.items():
            group, _ = Group.objects.get_or_create(name=self.group_map[group_dn])
            wanted = set(
                DirectoryAccount.objects.filter(distinguished_name__in=member_dns, user__is_active=True).values_list(
                    "user_id", flat=True
                )
            )
            # Only directory users are managed here; a break-glass account added by hand stays.
            current = set(group.user_set.filter(directory_account__isnull=False).values_list("pk", flat=True))
            joining, leaving = wanted - current, current - wanted
            group.user_set.add(*joining)
            group.user_set.remove(*leaving)
            usernames = dict(get_user_model().objects.filter(pk__in=joining | leaving).values_list("pk", "username"))
            self.summary.group_changes += [f"{group.name}: +{usernames[pk]}" for pk in sorted(joining)]
            self.summary.group_changes += [f"{group.name}: -{usernames[pk]}" for pk in sorted(leaving)]


def sync_directory(reader=None, full=False, dry_run=False, progress=None):
    """One run against `reader`, by default the directory the settings name. Returns the SyncSummary."""
    reader = reader or DirectoryReader(DirectoryConfig.from_settings())
    reader.connect()
    try:
        return DirectorySync(reader, full=full, dry_run=dry_run, progress=progress).run()
    finally:
        reader.close()


__all__ = ["DirectoryError", "SyncSummary", "sync_directory"]
