"""The web pages' own Vietnamese catalogue: complete, placeholders intact, compiled."""
import re
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parents[2] / "backend" / "web" / "locale" / "vi" / "LC_MESSAGES"
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|\{[^{}]*\}")


def test_every_entry_is_translated_with_its_placeholders():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    assert len(po) > 100
    assert not po.fuzzy_entries() and not po.obsolete_entries()
    assert not po.untranslated_entries(), [e.msgid for e in po.untranslated_entries()]
    for entry in po:
        forms = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        for text in forms:
            assert sorted(set(_PLACEHOLDER.findall(entry.msgid))) == sorted(set(_PLACEHOLDER.findall(text))), entry


def test_the_compiled_catalogue_is_the_current_one():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    mo = polib.mofile(str(CATALOGUE / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): e.msgstr or dict(e.msgstr_plural) for e in mo}
    source = {(e.msgctxt, e.msgid): e.msgstr or dict(e.msgstr_plural) for e in po.translated_entries()}
    assert compiled == source
