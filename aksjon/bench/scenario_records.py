"""Person and unit/venue records read straight from the generator's files, each
with the reference the ground truth uses, for measuring linkage against it."""
from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from aksjon.core.errors import InvalidInput
from aksjon.core.phones import phones_in_text, to_e164


def _jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as handle:
        yield from (json.loads(line) for line in handle)


def _e164(raw: str | None) -> str | None:
    try:
        return to_e164(raw) if raw else None
    except InvalidInput:
        return None


def person_records(folder: Path) -> pd.DataFrame:
    """Role holders (roller.jsonl) and persons met at controls (controls.jsonl); `role` is the
    register's role code, MET for a person met."""
    rows = []
    for unit in _jsonl(folder / "roller.jsonl"):
        for g, group in enumerate(unit["rollegrupper"]):
            for r, role in enumerate(group["roller"]):
                person = role.get("person")
                if person:
                    name = person["navn"]
                    given = " ".join(p for p in [name.get("fornavn"), name.get("mellomnavn")] if p)
                    rows.append({"unique_id": f"roller.jsonl#{unit['organisasjonsnummer']}/{g}/{r}",
                                 "given_name": given, "family_name": name.get("etternavn"),
                                 "birth_date": person.get("fodselsdato"), "phone": None, "source": "roller",
                                 "role": role["type"]["kode"], "units": [unit["organisasjonsnummer"]]})
    for control in _jsonl(folder / "controls.jsonl"):
        for i, person in enumerate(control["persons"]):
            rows.append({"unique_id": f"controls.jsonl#{control['control_id']}/persons/{i}",
                         "given_name": person["given_name"], "family_name": person["family_name"],
                         "birth_date": person.get("birth_date"), "phone": _e164(person.get("phone")),
                         "source": "controls", "role": "MET",
                         "units": [control["organisasjonsnummer"]] if control.get("organisasjonsnummer") else None})
    frame = pd.DataFrame(rows)
    frame["address"], frame["document_no"] = None, None
    return frame


def _owners(folder: Path) -> dict[str, list[str]]:
    """orgnr -> full names of the persons who own it (INNH: a sole proprietorship's owner)."""
    owners: dict[str, list[str]] = {}
    for unit in _jsonl(folder / "roller.jsonl"):
        for group in unit["rollegrupper"]:
            for role in group["roller"]:
                name = (role.get("person") or {}).get("navn")
                if role["type"]["kode"] == "INNH" and name and not role.get("fratraadt"):
                    owners.setdefault(unit["organisasjonsnummer"], []).append(
                        " ".join(p for p in [name.get("fornavn"), name.get("mellomnavn"), name.get("etternavn")] if p))
    return owners


def roles_held(folder: Path) -> dict[str, list[str]]:
    """orgnr -> the role codes the unit holds in other units (one per unit and code): an
    accountant's REGN, an auditor's REVI, a holding's LEDE."""
    held: dict[str, set] = {}
    for unit in _jsonl(folder / "roller.jsonl"):
        for group in unit["rollegrupper"]:
            for role in group["roller"]:
                holder = (role.get("enhet") or {}).get("organisasjonsnummer")
                if holder and not role.get("fratraadt"):
                    held.setdefault(holder, set()).add((role["type"]["kode"], unit["organisasjonsnummer"]))
    return {orgnr: sorted(code for code, _unit in pairs) for orgnr, pairs in held.items()}


def _unit_row(unit: dict) -> dict:
    address = unit.get("beliggenhetsadresse") or unit.get("forretningsadresse") or {}
    if address.get("landkode", "NO") != "NO":
        # A foreign company's (NUF's) seat abroad says nothing about where a venue is,
        # and a network's NUFs share one seat: compared, it would join their venues.
        address = {}
    return {"unique_id": f"enheter.jsonl#{unit['organisasjonsnummer']}", "kind": "unit", "name": unit["navn"],
            "orgnr": unit["organisasjonsnummer"], "parent_orgnr": unit.get("overordnetEnhet"),
            "registered": unit.get("registreringsdatoEnhetsregisteret"), "deleted": unit.get("slettedato"),
            "street": " ".join(address.get("adresse") or []) or None,
            "postcode": address.get("postnummer"), "town": address.get("poststed"), "phones": [],
            "form": (unit.get("organisasjonsform") or {}).get("kode"),
            "industry": (unit.get("naeringskode1") or {}).get("kode")}


def unit_and_venue_records(folder: Path) -> pd.DataFrame:
    """Registered units, earlier inspections, and tips that give a venue name, an address or a phone
    (in its fields or its text); a tip's text may also name its venue."""
    owners, held = _owners(folder), roles_held(folder)
    rows = [_unit_row(unit) | {"owners": owners.get(unit["organisasjonsnummer"]),
                               "roles_held": held.get(unit["organisasjonsnummer"], [])}
            for unit in _jsonl(folder / "enheter.jsonl")]
    rows += [{"unique_id": f"inspections.jsonl#{i['inspection_id']}", "kind": "venue", "name": i.get("venue_name"),
              "orgnr": i.get("organisasjonsnummer"), "street": i.get("address"), "postcode": None,
              "town": i.get("city"), "phones": []} for i in _jsonl(folder / "inspections.jsonl")]
    with (folder / "tips.csv").open(encoding="utf-8") as handle:
        rows += [{"unique_id": f"tips.csv#{t['tip_id']}", "kind": "venue", "name": t["venue_name"] or None,
                  "orgnr": None, "street": t["address"] or None, "postcode": None, "town": t["city"] or None,
                  "phones": _tip_phones(t), "text": t["text"]} for t in csv.DictReader(handle)
                 if t["venue_name"] or t["address"] or _tip_phones(t)]
    return pd.DataFrame(rows)


def _tip_phones(tip: dict) -> list[str]:
    # A tip often quotes the number in its text ('annonserer med telefonnummeret …').
    return list(dict.fromkeys([p for p in [_e164(tip["phone"])] if p] + phones_in_text(tip["text"])))


def ad_records(folder: Path) -> pd.DataFrame:
    """One record per ad that names a venue or an address, as last observed (escort ads name neither)."""
    newest: dict[str, dict] = {}
    first_seen: dict[str, str] = {}
    for ad in _jsonl(folder / "ads.jsonl"):  # in the order observed
        if ad.get("venue_name") or ad.get("address"):
            ref = f"ads.jsonl#{ad['source']}/{ad['ad_id']}"
            newest[ref] = ad
            first_seen.setdefault(ref, ad["observed_at"])
    return pd.DataFrame([{"unique_id": ref, "kind": "ad", "name": ad.get("venue_name"), "orgnr": None,
                          "street": ad.get("address"), "postcode": None, "town": ad.get("city"),
                          "phones": [p for p in map(_e164, ad.get("phones") or []) if p],
                          "first_seen": first_seen[ref]} for ref, ad in newest.items()])


def truth_entities(folder: Path) -> tuple[dict[str, str], dict[str, str]]:
    """record reference -> true person, and record reference -> true venue (or unit).

    A record a venue claims (its main units under every number, its sub-units,
    tips and inspections) belongs to that venue's key. Every other unit is its
    own unit key: accountants, auditors, holding companies, and a masseuse's own
    sole proprietorship, which names the venue she works at (venue_key) but is
    her business, not the venue's, so it must not be counted as the venue.
    Tips that name no venue have no truth and are not scored. An ad for a venue
    (not a person's escort ad) belongs to that venue.
    """
    persons, places = {}, {}
    for item in _jsonl(folder / "truth.jsonl"):
        if item["kind"] == "ad" and item["venue_key"]:
            places[f"ads.jsonl#{item['ad']}"] = item["venue_key"]
        if item["kind"] == "person":
            persons |= dict.fromkeys(item["records"], item["person_key"])
        elif item["kind"] == "venue":
            places |= dict.fromkeys(item["records"], item["venue_key"])
        elif item["kind"] == "unit":  # a venue's claim wins, whichever line comes first
            places |= {ref: item["unit_key"] for ref in item["records"] if ref not in places}
    return persons, places


def service_records(folder: Path) -> set[str]:
    """The role holdings of accountants and auditors (REGN/REVI held by a person): the records to
    leave out for person figures "without accountants and auditors" (truth.jsonl, `service_records`)."""
    return {ref for item in _jsonl(folder / "truth.jsonl") if item["kind"] == "person"
            for ref in item.get("service_records", [])}
