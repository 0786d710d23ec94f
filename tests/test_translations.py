"""Every text of ours, and every Wagtail admin text staff meet, has its Swedish; the compiled catalogues match.

`makemessages` is run into a copy of the committed catalogue, so a msgid added to the code (or changed) without
its Swedish in locale/sv fails here, as does one whose Swedish is only in bin/sv_translations.py but was never
written to the .po and compiled. Wagtail's own Swedish lacks some 200 admin texts: bin/wagtail_sv.py fills them in
wagtail_locale/, and a Wagtail upgrade that brings new ones fails here until they are translated.
"""

import re
import shutil
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
OUR_CATALOGUE = ROOT / "locale" / "sv" / "LC_MESSAGES" / "django.po"
WAGTAIL_CATALOGUE = ROOT / "wagtail_locale" / "sv" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{\w*\}")

sys.path.insert(0, str(ROOT / "bin"))
import wagtail_sv  # noqa: E402  (bin/ is not a package)


def untranslated(po):
    return [entry.msgid for entry in po if not entry.obsolete and (not entry.translated() or "fuzzy" in entry.flags)]


def translations(entry):
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def wrong_placeholders(po):
    """Entries whose Swedish uses a placeholder the English does not have: formatting it would fail."""
    wrong = []
    for entry in po:
        if entry.obsolete or not entry.translated():
            continue
        english = set(PLACEHOLDER.findall(entry.msgid)) | set(PLACEHOLDER.findall(entry.msgid_plural or ""))
        if any(not set(PLACEHOLDER.findall(text)) <= english for text in translations(entry)):
            wrong.append(entry.msgid)
    return wrong


#: Not source: what makemessages would otherwise walk through for nothing (or, for locale/, write into).
NOT_SOURCE = {"locale", "wagtail_locale", ".venv", "node_modules", "var", ".git", "media", "static"}


@pytest.fixture(scope="module")
def fresh_catalogue(tmp_path_factory):
    """makemessages over the code as it is now, merged into a copy of the committed Swedish catalogue.

    It runs in a directory of links to the repository's sources with a copy of locale/ beside them: run in the
    repository itself, makemessages would find locale/ there and update the committed catalogue.
    """
    tree = tmp_path_factory.mktemp("source")
    for entry in ROOT.iterdir():
        if entry.name not in NOT_SOURCE:
            (tree / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    shutil.copytree(ROOT / "locale", tree / "locale")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tree)
        patch.setattr(settings, "LOCALE_PATHS", [tree / "locale"])
        call_command(
            "makemessages",
            locale=["sv"],
            symlinks=True,
            ignore_patterns=["tests/idp/*"],
            verbosity=0,
        )
    return polib.pofile(str(tree / "locale" / "sv" / "LC_MESSAGES" / "django.po"))


def test_every_text_of_ours_has_its_swedish(fresh_catalogue):
    assert "Report an error on the page" in {entry.msgid for entry in fresh_catalogue}  # the code was read
    assert untranslated(fresh_catalogue) == []
    assert wrong_placeholders(fresh_catalogue) == []


def test_the_committed_catalogue_is_compiled():
    po = polib.pofile(str(OUR_CATALOGUE))
    mo = polib.mofile(str(OUR_CATALOGUE.with_suffix(".mo")))
    compiled = {(entry.msgctxt, entry.msgid): translations(entry) for entry in mo}
    written = {(entry.msgctxt, entry.msgid): translations(entry) for entry in po if entry.translated()}
    assert {key: text for key, text in written.items() if compiled.get(key) != text} == {}


def test_every_wagtail_admin_text_has_its_swedish_and_none_names_wagtail():
    assert [msgid for msgid in wagtail_sv.lacking() if msgid not in wagtail_sv.SV] == []
    po = polib.pofile(str(WAGTAIL_CATALOGUE))
    assert untranslated(po) == []
    assert wrong_placeholders(po) == []
    assert [entry.msgid for entry in po if any("Wagtail" in text for text in translations(entry))] == []
    # The compiled file is built from the table as it is (bin/wagtail_sv.py writes both).
    mo = {entry.msgid: translations(entry) for entry in polib.mofile(str(WAGTAIL_CATALOGUE.with_suffix(".mo")))}
    assert {msgid: mo.get(msgid) for msgid in wagtail_sv.lacking()} == {
        msgid: list(text) if isinstance(text, tuple) else [text]
        for msgid, text in wagtail_sv.SV.items()
        if msgid in wagtail_sv.lacking()
    }


@pytest.mark.parametrize(
    "english, swedish",
    [
        ("Exploring", "Utforskar"),  # Wagtail's Swedish lacks it: from wagtail_locale
        ("Sign in", "Logga in"),  # Wagtail's own Swedish
        ("Report an error on the page", "Rapportera fel på sidan"),  # ours
    ],
)
def test_the_running_site_reads_every_catalogue(english, swedish):
    with translation.override("sv"):
        assert translation.gettext(english) == swedish
    with translation.override("en"):
        assert translation.gettext(english) == english
