"""The Danish interface is complete: every string translated, nothing fuzzy, placeholders kept."""

import re
from pathlib import Path

import polib
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "da" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


def test_every_message_has_a_danish_translation() -> None:
    catalogue = polib.pofile(str(CATALOGUE))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert len(catalogue.translated_entries()) > 50


def test_translations_keep_their_placeholders() -> None:
    for entry in polib.pofile(str(CATALOGUE)).translated_entries():
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        expected = set(PLACEHOLDER.findall(entry.msgid)) | set(
            PLACEHOLDER.findall(entry.msgid_plural or "")
        )
        for translation in translations:
            assert set(PLACEHOLDER.findall(translation)) <= expected | {"%(counter)s"}, entry.msgid
