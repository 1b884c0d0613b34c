"""Bokmål first, English beside it: every UI text has its bokmål translation."""
import gettext
from pathlib import Path

import polib
from django.urls import reverse

import aksjon

PO = Path(aksjon.__file__).parent / "locale" / "nb" / "LC_MESSAGES" / "django.po"


def test_every_message_is_translated_to_bokmal():
    catalogue = polib.pofile(str(PO))
    untranslated = [e.msgid for e in catalogue if "fuzzy" in e.flags
                    or (not all(e.msgstr_plural.values()) if e.msgid_plural else not e.msgstr)]
    assert untranslated == []


def test_compiled_catalogue_matches_the_po_file():
    compiled = gettext.GNUTranslations(PO.with_suffix(".mo").open("rb"))
    stale = [e.msgid for e in polib.pofile(str(PO)) if (
        [compiled.ngettext(e.msgid, e.msgid_plural, n) for n in (1, 2)] != [e.msgstr_plural[0], e.msgstr_plural[1]]
        if e.msgid_plural else compiled.gettext(e.msgid) != e.msgstr)]
    assert stale == []


def test_pages_open_in_bokmal_whatever_the_browser_says(client, world):
    client.force_login(world.users["coordinator"])
    page = client.get(reverse("operation_list"), HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert "Operasjoner" in page and "Ny operasjon" in page


def test_the_switch_turns_english_on(client, world):
    client.force_login(world.users["coordinator"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("operation_list")).content.decode()
    assert "New operation" in page


def test_domain_errors_are_translated(client, world):
    client.force_login(world.users["district_lead"])
    response = client.post(reverse("venue_create"), {
        "name": "X", "town": world.venue["oslo"].town_id, "street": "Y 1", "orgnr": "923456784"})
    assert "har feil kontrollsiffer" in response.content.decode()
