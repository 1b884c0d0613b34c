"""Every place in the register gets a venue at import, its units point to it, the venue page
shows its history, and `aksjon export venues` lists one row per unit (docs/exports.md)."""
from __future__ import annotations

import csv
import io
import json
import random

import pytest
from django.urls import reverse

from aksjon.audit.models import AuditEntry
from aksjon.core.orgnr import make_orgnr
from aksjon.exports.actions import export_records
from aksjon.exports.registry import get_kind
from aksjon.intel.importing import import_file
from aksjon.registry.models import RegisteredUnit, Venue

RNG = random.Random(7)


def _orgnr() -> str:
    number = None
    while number is None:
        number = make_orgnr(f"9{RNG.randint(1_000_000, 9_999_999)}")
    return number


COMPANY, CHAIN, ACCOUNTANT = _orgnr(), _orgnr(), _orgnr()
# key -> (name, orgnr, form, industry, street, postcode, town, parent, registered, deleted)
UNITS = {
    "old_salon": ("BAAN SABAI THAIMASSASJE Kulap Haugen", _orgnr(), "ENK", "96.040", "Storgata 5", "0155", "OSLO",
                  None, "2014-02-01", "2019-05-01"),
    "new_salon": ("GOLDEN LOTUS MASSASJE Ussa Berg", _orgnr(), "ENK", "96.040", "Storgt. 5", "0155", "OSLO", None,
                  "2019-05-20", None),
    "hairdresser": ("KLIPP OG KRØLL AS", _orgnr(), "AS", "96.021", "Storgata 5", "0155", "OSLO", None,
                    "2016-01-01", None),
    "company": ("ORCHID WELLNESS AS", COMPANY, "AS", "96.040", "Parkveien 2", "0350", "OSLO", None, "2016-03-01",
                None),
    "company_salon": ("ORCHID WELLNESS", _orgnr(), "BEDR", "96.040", "Strandgaten 4", "5013", "BERGEN", COMPANY,
                      "2016-03-01", None),
    "chain": ("LOTUS PALACE AS", CHAIN, "AS", "96.040", "Nygata 1", "0159", "OSLO", None, "2015-01-01", None),
    "chain_a": ("LOTUS PALACE AS", _orgnr(), "BEDR", "96.040", "Nygata 1", "0159", "OSLO", CHAIN, "2015-01-01", None),
    "chain_b": ("LOTUS PALACE AS", _orgnr(), "BEDR", "96.040", "Torggata 8", "0181", "OSLO", CHAIN, "2016-01-01",
                None),
    "accountant": ("OSLO REGNSKAP AS", ACCOUNTANT, "AS", "69.201", "Kirkeveien 3", "0368", "OSLO", None,
                   "2005-01-01", None),
}


def _unit_line(name, number, form, industry, street, postcode, town, parent, registered, deleted) -> dict:
    address = {"adresse": [street], "postnummer": postcode, "poststed": town, "kommune": town, "landkode": "NO"}
    line = {"organisasjonsnummer": number, "navn": name, "organisasjonsform": {"kode": form},
            "naeringskode1": {"kode": industry}, "registreringsdatoEnhetsregisteret": registered,
            "slettedato": deleted}
    if form == "BEDR":
        line |= {"beliggenhetsadresse": address, "overordnetEnhet": parent}
    else:
        line["forretningsadresse"] = address
    return line


def _role(code: str, holder: dict) -> dict:
    return {"type": {"kode": code}, "sistEndret": "2016-03-01", "roller": [{"type": {"kode": code}, **holder}]}


@pytest.fixture
def register(world, tmp_path):
    units = tmp_path / "enheter.jsonl"
    units.write_text("".join(json.dumps(_unit_line(*facts)) + "\n" for facts in UNITS.values()), "utf-8")
    roles = tmp_path / "roller.jsonl"
    owner = {"person": {"fodselsdato": "1980-02-03", "navn": {"fornavn": "Kulap", "etternavn": "Haugen"}}}
    accountant = {"enhet": {"organisasjonsnummer": ACCOUNTANT, "navn": ["OSLO REGNSKAP AS"]}}
    lines = [{"organisasjonsnummer": UNITS["old_salon"][1], "rollegrupper": [_role("INNH", owner)]},
             {"organisasjonsnummer": COMPANY, "rollegrupper": [_role("DAGL", owner), _role("REGN", accountant)]}]
    roles.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    analyst = world.users["analyst"]
    assert import_file(actor=analyst, kind="enheter", path=units).status == "done"
    assert import_file(actor=analyst, kind="roller", path=roles).status == "done"
    return {key: RegisteredUnit.objects.get(orgnr=facts[1]) for key, facts in UNITS.items()}


def test_every_place_gets_one_venue_and_its_units_point_to_it(register):
    units = register
    assert units["old_salon"].place_id == units["new_salon"].place_id is not None
    venue = units["new_salon"].place
    assert venue.unit == units["new_salon"] and venue.town.name == "Oslo"
    assert units["company"].place_id == units["company_salon"].place_id is not None
    assert units["company_salon"].place.town.name == "Bergen"
    assert units["chain_a"].place_id != units["chain_b"].place_id and units["chain"].place_id is None
    assert units["hairdresser"].place_id is None and units["accountant"].place_id is None
    assert Venue.objects.filter(source="enheter").count() == 4


def test_importing_the_register_again_keeps_the_venues(register, tmp_path):
    before = sorted(Venue.objects.values_list("pk", flat=True))
    import_file(actor=register["old_salon"].created_by, kind="enheter", path=tmp_path / "enheter.jsonl")
    assert sorted(Venue.objects.values_list("pk", flat=True)) == before


def test_the_venue_page_shows_its_numbers_names_and_holders(client, world, register):
    client.force_login(world.users["analyst"])
    page = client.get(reverse("venue_detail", args=[register["new_salon"].place_id])).content.decode()
    for unit in ("old_salon", "new_salon"):
        assert register[unit].orgnr in page and register[unit].name in page
    assert "INNH Kulap Haugen" in page
    holder = register["old_salon"].roles.get(code="INNH").person_id
    shown = AuditEntry.objects.filter(kind="read", verb="view_venue_holders").latest("id")
    assert shown.after == {"persons": [holder]}  # the page named a person: an access row names them
    client.force_login(world.users["field_officer"])  # no view on the register: no history
    page = client.get(reverse("venue_detail", args=[register["new_salon"].place_id])).content.decode()
    assert register["old_salon"].orgnr not in page


def _rows(user, **filters) -> list[dict]:
    data = b"".join(export_records(actor=user, kind="venues", fmt="csv", **filters).chunks())
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    assert reader.fieldnames == get_kind("venues").headers == ["orgnr", "venue_id", "venue_name", "address", "town"]
    return list(reader)


def test_the_venues_export_has_one_row_per_unit_venue_or_not(world, register):
    before = AuditEntry.objects.filter(verb="export_records").count()
    rows = {row["orgnr"]: row for row in _rows(world.users["analyst"])}
    assert set(rows) >= {unit.orgnr for unit in register.values()}
    salon = rows[register["old_salon"].orgnr]
    assert salon == {"orgnr": register["old_salon"].orgnr, "venue_id": str(register["new_salon"].place_id),
                     "venue_name": "GOLDEN LOTUS MASSASJE Ussa Berg", "address": "Storgt. 5", "town": "Oslo"}
    assert rows[register["new_salon"].orgnr]["venue_id"] == salon["venue_id"]
    for no_venue in ("accountant", "hairdresser", "chain"):
        assert rows[register[no_venue].orgnr]["venue_id"] == "" and rows[register[no_venue].orgnr]["venue_name"] == ""
    assert rows[register["accountant"].orgnr]["address"] == "Kirkeveien 3"
    assert AuditEntry.objects.filter(verb="export_records").count() == before + 1
    entry = AuditEntry.objects.filter(verb="export_records").latest("id")
    assert entry.after["kind"] == "venues" and entry.after["rows"] == len(rows)


def test_a_district_user_exports_only_the_units_of_their_district_s_venues(world, register):
    rows = _rows(world.users["district_lead"])  # Oslo
    orgnrs = {row["orgnr"] for row in rows}
    assert register["new_salon"].orgnr in orgnrs and register["old_salon"].orgnr in orgnrs
    assert register["company_salon"].orgnr not in orgnrs and register["company"].orgnr not in orgnrs  # Bergen
    assert register["accountant"].orgnr not in orgnrs  # no venue: no district to see it through
    assert "Bergen" not in {row["town"] for row in rows}


def test_after_a_linkage_run_the_export_follows_the_clusters_and_the_judgements(world, register):
    """The model (or an analyst) joins two places: one venue_id; an analyst judges a unit apart
    from its venue: it leaves it."""
    from aksjon.intel import actions as intel
    from aksjon.intel.models import CandidatePair

    analyst = world.users["analyst"]
    old, chain_a, chain_b = register["old_salon"], register["chain_a"], register["chain_b"]
    run = intel.start_linkage_run(actor=analyst, kind="venue")
    pairs = [(f"unit:{old.pk}", f"venue:{old.place_id}", 9.0), (f"unit:{chain_a.pk}", f"venue:{chain_a.place_id}", 9.0),
             (f"unit:{chain_b.pk}", f"venue:{chain_b.place_id}", 9.0),
             (f"venue:{chain_a.place_id}", f"venue:{chain_b.place_id}", 5.0)]
    intel.finish_linkage_run(actor=analyst, run=run, threshold=0.0, model_json="{}", records=6, timings={},
                             candidates=[CandidatePair(run=run, left=min(a, b), right=max(a, b), match_weight=w,
                                                       match_probability=0.9, rule="splink") for a, b, w in pairs])
    rows = {row["orgnr"]: row for row in _rows(analyst)}
    # The cluster's first venue reference in the order references are stored and sorted ("venue:12" < "venue:5").
    joined = min(f"venue:{chain_a.place_id}", f"venue:{chain_b.place_id}").removeprefix("venue:")
    assert rows[chain_a.orgnr]["venue_id"] == rows[chain_b.orgnr]["venue_id"] == joined
    assert rows[old.orgnr]["venue_id"] == str(old.place_id)

    intel.judge_pair(actor=analyst, kind="venue", left=f"unit:{old.pk}", right=f"venue:{old.place_id}",
                     verdict="different")
    rows = {row["orgnr"]: row for row in _rows(analyst)}
    assert rows[old.orgnr]["venue_id"] == "" and rows[old.orgnr]["venue_name"] == ""
    assert rows[register["accountant"].orgnr]["venue_id"] == ""  # never linked: the register's answer
