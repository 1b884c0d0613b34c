"""The analyses' pages speak the reader's language: every signal code, family and tie kind has a
vocabulary label, every weight a reason in bokmål and English, evidence is rendered from its
message, dates in the local format, and no raw code is shown (the exports keep the codes)."""
from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from aksjon.analysis import signals as signal_module
from aksjon.analysis.core import networks as networks_core
from aksjon.analysis.core import red_flags
from aksjon.analysis.core.priority import parse_weights
from aksjon.analysis.models import VenueScore
from aksjon.analysis.run_priority import load_weights, run_priority
from aksjon.analysis.signals import english, render, said
from aksjon.analysis.templatetags.analysis_words import isodate, tie_reason
from aksjon.core import vocabulary
from tests.analysis.test_priority_store import add_intelligence
from tests.conftest import login

LANGUAGES = ("nb", "en")


def _labelled(kind: str, code: str) -> bool:
    entry = vocabulary.entry(kind, code)
    return all(entry.get(lang) and entry[lang] != code for lang in LANGUAGES)


def test_every_weighed_code_and_family_has_a_label_in_both_languages():
    weights = load_weights()
    assert [code for code in weights.codes if code not in vocabulary.codes("signal_codes")] == []
    assert all(_labelled("signal_codes", code) for code in weights.codes)
    assert [family for family in weights.caps if family not in vocabulary.codes("signal_families")] == []
    assert all(_labelled("signal_families", family) for family in weights.caps)


def test_every_code_the_producers_write_has_a_label():
    """The readers' flag codes (an ad's as they are, a tip's with "tip_"), the findings as inspection
    and control codes, the other analyses' codes and the network tie kinds."""
    flags = {value for name, value in vars(red_flags).items() if name.isupper() and isinstance(value, str)
             and "_" in value and value.islower()}
    tip_only = {red_flags.CONTROLLED, red_flags.TURNOVER, red_flags.MALE_CUSTOMERS}  # red_flags.tip_flags
    not_tips = {red_flags.SUGGESTIVE, red_flags.SEXUAL_REVIEW}
    written = {*(flags - tip_only), *(f"tip_{code}" for code in flags - not_tips),
               "tip_sexual_services", "tip_received", "tips_independent", "escort_ad_at_venue", "below_market_price",
               "re_registered", "many_units", "template_shared_venues", "template_writer_escort", "rotating_workers",
               "network_member"}
    written |= {f"{source}_{finding}" for finding in vocabulary.codes("findings")
                for source in ("inspection", "control")}
    assert sorted(code for code in written if code not in vocabulary.codes("signal_codes")) == []
    assert set(signal_module.FAMILIES) <= set(vocabulary.codes("signal_families"))
    assert set(networks_core.KINDS) <= set(vocabulary.codes("tie_kinds"))
    assert all(_labelled("tie_kinds", kind) for kind in networks_core.KINDS)


def test_every_weight_has_its_reason_in_bokmal_and_english():
    weights = load_weights()
    missing = [code for code, entry in weights.codes.items()
               if not entry.reason or not entry.reason_en or entry.reason == entry.reason_en]
    assert missing == []
    code = weights.codes["control_living_on_premises"]
    assert code.reason_in("nb") == code.reason and code.reason_in("en") == code.reason_en != code.reason


def test_a_weights_file_without_english_falls_back_to_the_bokmal_reason():
    weights = parse_weights({"version": "t", "set_by": "test", "date": "2026-01-01",
                             "families": {"ad": {"cap": 5}},
                             "codes": {"cash_only": {"points": 2, "reason": "Kun kontant."}}})
    assert weights.codes["cash_only"].reason_in("en") == "Kun kontant."


def test_a_message_renders_labels_dates_and_nested_lists_in_the_readers_language():
    message = said("control %(control)s (%(date)s): %(finding)s; %(ties)s", control=16, date="2024-03-12",
                   finding="living_on_premises",
                   ties=[said("%(kind)s %(label)s (%(count)s venues)", kind="phone", label="+4791234567", count=3)])
    with translation.override("nb"):
        shown = render(message)
    assert "12.03.2024" in shown and "Bor i lokalet" in shown and "bookingtelefon +4791234567 (3" in shown
    assert "living_on_premises" not in shown
    assert english(message) == "control 16 (2024-03-12): Living on premises; booking phone +4791234567 (3 venues)"
    with translation.override("nb"):
        assert isodate("2024-03-12") == "12.03.2024" and isodate(None) == ""
    # A value may be called "text" (a tip's text) as the message is.
    assert english(said("%(tip)s (%(channel)s): %(text)s", tip="T-1", channel="police", text="x")) == "T-1 (police): x"


def test_a_ties_reason_names_its_kind_by_its_label():
    with translation.override("nb"):
        said_nb = tie_reason("ad template with 12 venues: a service to unrelated businesses, damped")
        assert "Annonsemal" in said_nb and "ad template" not in said_nb
        assert "Regnskapsfører" in tie_reason("accountant with 30 clients: a service to unrelated businesses, damped")
        assert tie_reason("something else") == "something else"
        assert tie_reason("LEDE: holding shared by 2 operator(s)").startswith("LEDE: Holdingselskap delt av 2")


@pytest.fixture
def scored(world):
    add_intelligence(world)
    run_priority(actor=world.users["analyst"], progress=lambda *_args: None)
    return world


def _text(page: str) -> str:
    """The page without its attributes' values: what a reader sees."""
    return re.sub(r'\s[\w-]+="[^"]*"', "", page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_venue_page_shows_labels_reasons_and_local_dates_never_codes(client, scored, lang):
    oslo = scored.venue["oslo"]
    score = VenueScore.objects.get(venue=oslo)
    client.cookies["django_language"] = lang
    page = login(client, scored.users["coordinator"]).get(reverse("venue_detail", args=[oslo.pk])).content.decode()
    weights = load_weights()
    shown = _text(page)
    for reason in score.reasons:
        assert vocabulary.label("signal_codes", reason["code"], lang) in page
        assert weights.codes[reason["code"]].reason_in(lang) in page.replace("&#x27;", "'").replace("&quot;", '"')
        assert reason["code"] not in shown, reason["code"]
        assert f"({vocabulary.label('signal_families', reason['family'], lang)})" in page
    # The earlier inspection's finding inside its evidence: a label, and its date in the local format.
    assert vocabulary.label("findings", "living_on_premises", lang) in page
    assert ("05.10.2023" if lang == "nb" else "10/05/2023") in page


def test_priority_list_shows_labels_never_codes(client, scored):
    page = login(client, scored.users["coordinator"]).get(reverse("priority_list")).content.decode()
    score = VenueScore.objects.get(venue=scored.venue["oslo"])
    for reason in score.reasons[:4]:
        assert vocabulary.label("signal_codes", reason["code"], "nb") in page
        assert reason["code"] not in _text(page)


def test_the_export_keeps_the_codes(scored):
    """The stored reasons keep their codes and English evidence: the exports are stable."""
    score = VenueScore.objects.get(venue=scored.venue["oslo"])
    inspection = next(r for r in score.reasons if r["code"] == "inspection_living_on_premises")
    assert "AT-2023-0001 (2023-10-05): Living on premises" in inspection["evidence"]
    assert inspection["message"]["params"]["finding"] == "living_on_premises"
    assert all(isinstance(ref, str) for reason in score.reasons for ref in reason["refs"])
