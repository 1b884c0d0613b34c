"""Strict validators for every file the generator writes (formats README, controls and truth schemas).

Each validator takes one record and returns a list of error strings naming the field
("persons[2].indicators.d2_violence: 'maybe' is not one of …"). Unknown fields are
errors too: the generator must write exactly the documented shapes.
"""
from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from aksjon.core import vocabulary
from aksjon.core.orgnr import is_valid_orgnr
from aksjon.synth.indicators import CODES as INDICATOR_CODES
from aksjon.synth.indicators import STATUSES
from aksjon.synth.phones import parse_written
from aksjon.synth.places import norwegian_towns
from aksjon.synth.texts import FINDING_CODES

Check = Callable[[object, str], list[str]]
VULNERABILITIES = tuple(vocabulary.codes("vulnerabilities"))
FORMS = ("ENK", "AS", "NUF", "BEDR", "ANS", "DA")
ROLE_CODES = ("DAGL", "INNH", "LEDE", "MEDL", "KONT", "REGN", "REVI")
GROUP_CODES = ("DAGL", "INNH", "STYR", "KONT", "REGN", "REVI")
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
TIPS_HEADER = ["tip_id", "received_at", "channel", "text", "venue_name", "address", "city", "phone"]


def _fail(path: str, message: str) -> list[str]:
    return [f"{path}: {message}"]


def text(value, path):
    return [] if isinstance(value, str) and value.strip() else _fail(path, f"{value!r} is not a non-empty string")


def boolean(value, path):
    return [] if isinstance(value, bool) else _fail(path, f"{value!r} is not true/false")


def count(value, path):
    ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    return [] if ok else _fail(path, f"{value!r} is not a count")


def iso_date(value, path):
    try:
        date.fromisoformat(value)
        return [] if len(value) == 10 else _fail(path, f"{value!r} is not YYYY-MM-DD")
    except (TypeError, ValueError):
        return _fail(path, f"{value!r} is not an ISO date")


def timestamp(value, path):
    if not isinstance(value, str) or not TIMESTAMP.match(value):
        return _fail(path, f"{value!r} is not an ISO timestamp with offset")
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return _fail(path, f"{value!r} is not a valid timestamp")
    return []


def orgnr(value, path):
    return [] if isinstance(value, str) and is_valid_orgnr(value) else _fail(path, f"{value!r} is not a valid orgnr")


def phone(value, path):
    ok = isinstance(value, str) and parse_written(value) is not None
    return [] if ok else _fail(path, f"{value!r} is not a parseable phone number")


def one_of(*allowed) -> Check:
    def check(value, path):
        return [] if value in allowed else _fail(path, f"{value!r} is not one of {', '.join(map(str, allowed))}")
    return check


def pattern(regex: str) -> Check:
    compiled = re.compile(regex)

    def check(value, path):
        ok = isinstance(value, str) and compiled.fullmatch(value)
        return [] if ok else _fail(path, f"{value!r} does not match {regex}")
    return check


def optional(inner: Check) -> Check:
    def check(value, path):
        return [] if value is None else inner(value, path)
    return check


def list_of(inner: Check, non_empty: bool = False) -> Check:
    def check(value, path):
        if not isinstance(value, list) or (non_empty and not value):
            return _fail(path, f"{value!r} is not a {'non-empty ' if non_empty else ''}list")
        return [e for i, item in enumerate(value) for e in inner(item, f"{path}[{i}]")]
    return check


def obj(required: dict[str, Check], optional_fields: dict[str, Check] | None = None) -> Check:
    """A JSON object with exactly these fields (the optional ones may be absent)."""
    optional_fields = optional_fields or {}

    def check(value, path):
        if not isinstance(value, dict):
            return _fail(path, "is not an object")
        errors = [f"{path}.{k}: missing" if path else f"{k}: missing" for k in required if k not in value]
        errors += [f"{path}.{k}: unknown field" if path else f"{k}: unknown field"
                   for k in value if k not in required and k not in optional_fields]
        for key, inner in {**required, **optional_fields}.items():
            if key in value:
                errors += inner(value[key], f"{path}.{key}" if path else key)
        return errors
    return check


def _address(value, path):
    if not isinstance(value, dict):
        return _fail(path, "is not an object")
    lines = list_of(text, non_empty=True)
    if value.get("landkode") == "NO":
        return obj({"adresse": lines, "postnummer": pattern(r"\d{4}"), "poststed": text, "kommune": text,
                    "kommunenummer": pattern(r"\d{4}"), "land": one_of("Norge"), "landkode": one_of("NO")})(value, path)
    return obj({"adresse": lines, "land": text, "landkode": pattern(r"[A-Z]{2}")},
               {"postnummer": text, "poststed": text})(value, path)


UNIT_COMMON = {
    "organisasjonsnummer": orgnr, "navn": text,
    "organisasjonsform": obj({"kode": one_of(*FORMS), "beskrivelse": text}),
    "registreringsdatoEnhetsregisteret": iso_date,
    "naeringskode1": obj({"kode": pattern(r"\d{2}\.\d{3}"), "beskrivelse": text}),
    "antallAnsatte": optional(count), "registrertIMvaregisteret": boolean, "konkurs": boolean,
    "underAvvikling": boolean, "hjemmeside": optional(text), "slettedato": optional(iso_date)}
MAIN_UNIT = obj({**UNIT_COMMON, "stiftelsesdato": optional(iso_date), "forretningsadresse": _address})
SUB_UNIT = obj({**UNIT_COMMON, "overordnetEnhet": orgnr, "beliggenhetsadresse": _address})


def unit(record, path=""):
    if isinstance(record, dict) and record.get("organisasjonsform", {}).get("kode") == "BEDR":
        return SUB_UNIT(record, path)
    return MAIN_UNIT(record, path)


PERSON_HOLDER = obj({"fodselsdato": optional(iso_date), "erDoed": boolean,
                     "navn": obj({"fornavn": text, "mellomnavn": optional(text), "etternavn": text})})
UNIT_HOLDER = obj({"organisasjonsnummer": orgnr, "navn": list_of(text, non_empty=True)})


def _role(value, path):
    errors = obj({"type": obj({"kode": one_of(*ROLE_CODES), "beskrivelse": text}), "fratraadt": boolean},
                 {"person": PERSON_HOLDER, "enhet": UNIT_HOLDER})(value, path)
    if isinstance(value, dict) and ("person" in value) == ("enhet" in value):
        errors.append(f"{path}: exactly one of person and enhet")
    return errors


ROLE_GROUP = obj({"type": obj({"kode": one_of(*GROUP_CODES), "beskrivelse": text}), "sistEndret": iso_date,
                  "roller": list_of(_role, non_empty=True)})
ROLES = obj({"organisasjonsnummer": orgnr, "rollegrupper": list_of(ROLE_GROUP, non_empty=True)})
AD = obj({
    "source": text, "ad_id": text, "url": pattern(r"https?://\S+"),
    "category": one_of("massage", "escort", "review", "booking"), "observed_at": timestamp,
    "posted_at": optional(timestamp), "title": text, "text": text, "phones": list_of(phone), "city": text,
    "address": optional(text), "venue_name": optional(text), "image_hashes": list_of(pattern(r"[0-9a-f]{16}")),
    "price_text": optional(text), "lang": optional(pattern(r"[a-z]{2}"))})
INSPECTION_FINDINGS = one_of(*FINDING_CODES, "none")


def _inspection_findings(value, path):
    errors = list_of(INSPECTION_FINDINGS, non_empty=True)(value, path)
    if not errors and "none" in value and len(value) > 1:
        errors.append(f"{path}: 'none' cannot stand with other findings")
    return errors


INSPECTION = obj({
    "inspection_id": text, "agency": text, "date": iso_date, "organisasjonsnummer": optional(orgnr),
    "venue_name": optional(text), "address": optional(text), "city": optional(text),
    "findings": _inspection_findings, "notes": optional(text)})


def _indicators(value, path):
    if not isinstance(value, dict) or sorted(value) != sorted(INDICATOR_CODES):
        return _fail(path, "must hold exactly one status for every indicator code")
    return [e for code in INDICATOR_CODES for e in one_of(*STATUSES)(value[code], f"{path}.{code}")]


PERSON_MET = obj({
    "person_key": text, "given_name": text, "family_name": text, "birth_date": optional(iso_date),
    "role": one_of("worker", "manager", "owner", "other"), "language": one_of("th", "en", "nb", "other"),
    "documents_seen": one_of("passport", "residence_card", "national_id", "none"), "phone": optional(phone),
    "rights_information_language": optional(one_of("th", "en", "nb")),
    "findings": list_of(one_of(*FINDING_CODES)), "vulnerabilities": list_of(one_of(*VULNERABILITIES)),
    "indicators": _indicators})
CONTROL = obj({
    "control_id": pattern(r"K-\d{4}-\d{4}"), "operation": text, "started_at": timestamp,
    "district": one_of(*sorted({t.district for t in norwegian_towns()})),
    "town": one_of(*(t.name for t in norwegian_towns())), "venue_key": text, "venue_name": text, "address": text,
    "postcode": pattern(r"\d{4}"), "organisasjonsnummer": optional(orgnr), "phones": list_of(phone),
    "reason": text, "priority": one_of(1, 2, 3), "observations": text, "findings": list_of(one_of(*FINDING_CODES)),
    "persons": list_of(PERSON_MET)})
REFERENCE = pattern(r"(enheter\.jsonl|roller\.jsonl|ads\.jsonl|tips\.csv|inspections\.jsonl|controls\.jsonl)#\S+")
TRUTH_REQUIRED = {
    "network": ("network", "venues", "controllers", "front_persons", "holding_units", "accountant", "shared_phones",
                "workers", "writer_key"),
    "venue": ("venue_key", "type", "network", "exploitative", "town", "orgnrs", "phones", "records", "writer_key",
              "stock_photos"),
    "unit": ("unit_key", "purpose", "venue_key", "orgnrs", "re_registered", "records"),
    "person": ("person_key", "given_name", "family_name", "birth_date", "exploited", "exploitation", "network",
               "records", "stints", "true_indicators", "vulnerabilities"),
    "tip": ("tip_id", "venue_key", "false"),
    "ad_writer": ("writer_key", "writer_kind", "service", "network", "venue_keys", "person_key", "template",
                  "escort_template"),
    "ad": ("ad", "category", "venue_key", "network", "writer_key", "person_key"),
}


def truth(record, path=""):
    kind = record.get("kind") if isinstance(record, dict) else None
    if kind not in TRUTH_REQUIRED:
        return _fail("kind", f"{kind!r} is not a truth kind")
    errors = [f"{key}: missing" for key in TRUTH_REQUIRED[kind] if key not in record]
    if "records" in record:
        errors += list_of(REFERENCE)(record["records"], "records")
    if kind == "person" and record.get("exploitation") not in ("sexual", "labour", "none"):
        errors.append("exploitation: must be sexual, labour or none")
    return errors


JSONL_VALIDATORS = {"enheter.jsonl": unit, "roller.jsonl": ROLES, "ads.jsonl": AD, "inspections.jsonl": INSPECTION,
                    "controls.jsonl": CONTROL, "truth.jsonl": truth}


def validate_jsonl(path: Path) -> list[str]:
    check = JSONL_VALIDATORS[path.name]
    errors = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"{path.name}:{number}: not JSON ({exc})")
                continue
            errors += [f"{path.name}:{number}: {e}" for e in check(record, "")]
    return errors


def _tip_row(row: list[str]) -> list[str]:
    if len(row) != len(TIPS_HEADER):
        return [f"has {len(row)} fields, not {len(TIPS_HEADER)}"]
    tip = dict(zip(TIPS_HEADER, row, strict=True))
    errors = text(tip["tip_id"], "tip_id") + timestamp(tip["received_at"], "received_at")
    errors += one_of("public", "ngo", "partner_agency", "police")(tip["channel"], "channel") + text(tip["text"], "text")
    return errors + (phone(tip["phone"], "phone") if tip["phone"] else [])


def validate_tips(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    errors = [] if rows and rows[0] == TIPS_HEADER else [f"{path.name}:1: header must be {','.join(TIPS_HEADER)}"]
    for number, row in enumerate(rows[1:], start=2):
        errors += [f"{path.name}:{number}: {e}" for e in _tip_row(row)]
    return errors


def validate_dir(out_dir: Path) -> dict[str, list[str]]:
    """Errors per file of a generated scenario (empty lists when all is well)."""
    found = {name: validate_jsonl(out_dir / name) for name in JSONL_VALIDATORS}
    found["tips.csv"] = validate_tips(out_dir / "tips.csv")
    return found
