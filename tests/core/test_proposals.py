"""Proposals after a screening: a child is a child first; an adult's are as they were;
every proposal's words come from the vocabulary, never its codes."""
from __future__ import annotations

import tomllib
from datetime import date
from importlib import resources

import pytest

from aksjon.core import vocabulary
from aksjon.core.proposals import propose
from aksjon.core.screening import NO_INDICATIONS, OUTCOMES, POSSIBLE_VICTIM, SOME_INDICATIONS, under_18


def keys(proposals) -> list[str]:
    return [p.key for p in proposals]


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_a_child_gets_barnevernet_and_the_district_at_once_and_never_rosa(outcome):
    found = keys(propose(outcome, [], [], minor=True))
    assert found[:2] == ["barnevernet", "child_follow_up"]
    assert not {"rosa", "district_follow_up", "vulnerability_follow_up"} & set(found)


def test_a_child_with_strong_indications_is_also_told_their_rights():
    found = keys(propose(POSSIBLE_VICTIM, ["poverty"], ["no_written_contract"], minor=True))
    assert found == ["barnevernet", "child_follow_up", "reflection_period", "victim_lawyer", "arbeidstilsynet"]


def test_an_adults_proposals_are_unchanged():
    assert keys(propose(POSSIBLE_VICTIM, ["poverty"], ["no_written_contract"])) == [
        "rosa", "reflection_period", "victim_lawyer", "district_follow_up", "vulnerability_follow_up",
        "arbeidstilsynet"]
    assert keys(propose(SOME_INDICATIONS, [], [])) == ["vulnerability_follow_up"]
    assert propose(NO_INDICATIONS, [], []) == []


def test_reasons_name_the_findings_and_vulnerabilities_in_words():
    labour = propose(NO_INDICATIONS, [], ["no_written_contract"])[0]
    assert labour.why_nb == "Arbeidsrettslige funn: Ingen skriftlig arbeidsavtale"
    assert labour.why_en == "Labour findings: No written contract"
    child = propose(SOME_INDICATIONS, ["poverty"], [], minor=True)[1]
    assert child.why_nb.endswith(": Fattigdom / gjeld") and child.why_en.endswith(": Poverty / debt")
    assert child.title_en == "District follow-up of a child"


def test_every_subject_is_complete_and_its_referrals_go_to_known_agencies():
    agencies = tomllib.loads(resources.files("aksjon.data").joinpath("agencies.toml").read_text("utf-8"))
    for code in vocabulary.codes("followup_subjects"):
        entry = vocabulary.entry("followup_subjects", code)
        assert {"nb", "en", "why_nb", "why_en"} <= set(entry), code
        assert entry["kind"] in vocabulary.codes("followup_kinds"), code
        assert (entry["kind"] == "referral") == (entry.get("agency") in agencies), code


def test_agency_settings_name_only_known_fields_and_areas():
    agencies = tomllib.loads(resources.files("aksjon.data").joinpath("agencies.toml").read_text("utf-8"))
    areas = {vocabulary.entry("findings", code)["area"] for code in vocabulary.codes("findings")}
    for code, entry in agencies.items():
        assert set(entry.get("sees_person", [])) <= set(vocabulary.codes("person_fields")), code
        assert set(entry.get("sees_findings", [])) <= areas, code
    assert agencies["barnevernet"]["kind"] == "support"
    assert "name" not in agencies["arbeidstilsynet"]["sees_person"]


@pytest.mark.parametrize("born, on, child", [
    (date(2008, 3, 12), date(2024, 3, 11), True),
    (date(2006, 3, 12), date(2024, 3, 11), True),   # the day before the 18th birthday
    (date(2006, 3, 11), date(2024, 3, 11), False),  # the 18th birthday
    (None, date(2024, 3, 11), False),               # no birth date says nothing
])
def test_under_18(born, on, child):
    assert under_18(born, on) is child
