"""Directory sync benchmark against a real Samba AD: full and no-change incremental runs, and the floor.

Run as root (Samba needs it), outside the test suite:

    bin/with-postgres .venv/bin/python bench/directory_bench.py --users 2200 20000

For each size it fills a fresh domain, then times a full sync, a no-change incremental sync, and a bare ldap3
paged search over the same entries (no sync can be faster than reading the directory), and prints the ratios.
"""

import argparse
import os
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from ldap3 import SUBTREE  # noqa: E402

from sync.directory import DirectoryConfig, DirectoryReader  # noqa: E402
from sync.service import sync_directory  # noqa: E402
from tests.directory import GROUPS, ROOT, STAFF, SambaDC, provision  # noqa: E402

DEPARTMENTS = [
    "Kommunledningsförvaltningen",
    "Socialförvaltningen",
    "Utbildningsförvaltningen",
    "Samhällsbyggnadsförvaltningen",
    "Kultur- och fritidsförvaltningen",
    "Vård- och omsorgsförvaltningen",
]


def fill(dc, total):
    started = time.perf_counter()
    for ou in (ROOT, STAFF, GROUPS):
        dc.add_ou(ou)
    with dc.admin() as ldap:
        managers = []
        for number in range(total):
            dn = f"CN=Anställd {number},{STAFF}"
            attributes = {
                "sAMAccountName": f"anst{number}",
                "userPrincipalName": f"anst{number}@kommunen.test",
                "givenName": "Anställd",
                "sn": str(number),
                "mail": f"anst{number}@kommunen.se",
                "department": DEPARTMENTS[number % len(DEPARTMENTS)],
                "title": "Handläggare",
                "userAccountControl": 512 | 32,  # normal account, no password needed: nobody logs in as them
            }
            if managers:
                attributes["manager"] = managers[number % len(managers)]
            ldap.add(dn, ["top", "person", "organizationalPerson", "user"], attributes)
            if number < 50:
                managers.append(dn)
        editors = f"CN=Intranät-redaktörer,{GROUPS}"
        ldap.add(editors, ["top", "group"], {"sAMAccountName": "intranatred", "groupType": -2147483646})
    dc.add_member(editors, f"CN=Anställd 1,{STAFF}")
    print(f"  filled {total} users in {time.perf_counter() - started:.0f} s", flush=True)
    return editors


def bare_read(config):
    reader = DirectoryReader(config).connect()
    started = time.perf_counter()
    count = sum(
        1
        for item in reader.connection.extend.standard.paged_search(
            config.base_dns[0],
            config.user_filter,
            SUBTREE,
            attributes=list(config.attributes.values()),
            paged_size=config.page_size,
            generator=True,
        )
        if item["type"] == "searchResEntry"
    )
    seconds = time.perf_counter() - started
    reader.close()
    return count, seconds


def timed(function):
    started = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - started
    return result, seconds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, nargs="+", default=[2200, 20000])
    args = parser.parse_args()
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, keepdb=False)
    workdir = Path(tempfile.mkdtemp(prefix="directory-bench-"))
    template = workdir / "template"
    provision(template)
    for total in args.users:
        print(f"{total} users:", flush=True)
        dc = SambaDC(template, workdir / f"dc{total}").start()
        try:
            editors = fill(dc, total)
            settings.DIRECTORY = dc.sync_settings(editors, page_size=1000)
            config = DirectoryConfig.from_settings()
            count, floor = bare_read(config)
            first, first_seconds = timed(partial(sync_directory, DirectoryReader(config), full=True))
            nightly, nightly_seconds = timed(partial(sync_directory, DirectoryReader(config), full=True))
            again, incremental_seconds = timed(partial(sync_directory, DirectoryReader(config)))
            assert len(first.created) == total == count, (len(first.created), count)
            assert not nightly.changed and not again.changed
            print(f"  bare ldap3 paged search: {count} entries in {floor:.2f} s")
            print(
                f"  first full sync (creates everyone): {first_seconds:.1f} s "
                f"({first_seconds / floor:.1f}x the bare read, {total / first_seconds:.0f} users/s)"
            )
            print(f"  no-change full sync (the nightly run): {nightly_seconds:.1f} s ({nightly_seconds / floor:.1f}x)")
            print(
                f"  no-change incremental sync: {incremental_seconds:.2f} s "
                f"({incremental_seconds / floor:.2f}x the bare read of everyone)",
                flush=True,
            )
        finally:
            dc.stop()
        from django.contrib.auth import get_user_model

        get_user_model().objects.all().delete()
        from sync.models import SyncState

        SyncState.objects.all().delete()


if __name__ == "__main__":
    main()
