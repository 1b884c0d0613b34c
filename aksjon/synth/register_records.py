"""enheter.jsonl and roller.jsonl in Enhetsregisteret's own shape (formats README 1 and 2)."""
from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

from aksjon.synth import params as P
from aksjon.synth import people
from aksjon.synth.model import Person, Registration, World
from aksjon.synth.places import written_address
from aksjon.synth.rng import chance
from aksjon.synth.writer import JsonLines

FORMS = {"ENK": "Enkeltpersonforetak", "AS": "Aksjeselskap", "NUF": "Norskregistrert utenlandsk foretak",
         "BEDR": "Underenhet til næringsdrivende og offentlig forvaltning", "ANS": "Ansvarlig selskap",
         "DA": "Selskap med delt ansvar"}
INDUSTRIES = {"96.040": "Virksomhet knyttet til personlig velvære", "86.909": "Andre helsetjenester",
              "64.200": "Holdingselskaper", "69.201": "Regnskap og bokføring", "69.202": "Revisjon",
              "96.021": "Frisering", "96.022": "Skjønnhetspleie", "56.101": "Drift av restauranter og kafeer",
              "47.111": "Butikkhandel med bredt vareutvalg med hovedvekt på nærings- og nytelsesmidler"}
ROLE_NAMES = {"INNH": "Innehaver", "DAGL": "Daglig leder/ adm.direktør", "LEDE": "Styrets leder",
              "MEDL": "Styremedlem", "KONT": "Kontaktperson", "REGN": "Regnskapsfører", "REVI": "Revisor"}
GROUP_OF = {"INNH": "INNH", "DAGL": "DAGL", "LEDE": "STYR", "MEDL": "STYR", "KONT": "KONT", "REGN": "REGN",
            "REVI": "REVI"}
GROUP_NAMES = {**ROLE_NAMES, "STYR": "Styre"}
GROUP_ORDER = ("DAGL", "INNH", "STYR", "KONT", "REVI", "REGN")
COUNTRY_NAMES = {"SE": "Sverige", "DK": "Danmark"}


def _address(rng: random.Random, reg: Registration) -> dict:
    if reg.foreign_address:
        street, postcode, city, code = reg.foreign_address
        return {"adresse": [street], "postnummer": postcode, "poststed": city, "land": COUNTRY_NAMES[code],
                "landkode": code}
    town = reg.address.town
    return {"adresse": [written_address(rng, reg.address, P.ADDRESS_TYPO_RATE / 2)], "postnummer": reg.address.postcode,
            "poststed": town.poststed, "kommune": town.kommune, "kommunenummer": town.kommunenummer,
            "land": "Norge", "landkode": "NO"}


def unit_record(rng: random.Random, reg: Registration) -> dict:
    record = {"organisasjonsnummer": reg.orgnr, "navn": reg.name,
              "organisasjonsform": {"kode": reg.form, "beskrivelse": FORMS[reg.form]},
              "registreringsdatoEnhetsregisteret": reg.registered.isoformat()}
    if reg.form != "BEDR":
        record["stiftelsesdato"] = (reg.registered - timedelta(days=rng.randint(0, 30))).isoformat()
    record.update({
        "naeringskode1": {"kode": reg.industry, "beskrivelse": INDUSTRIES[reg.industry]},
        "antallAnsatte": reg.employees, "registrertIMvaregisteret": reg.vat, "konkurs": reg.konkurs,
        "underAvvikling": reg.winding_up, "hjemmeside": reg.website})
    if reg.form == "BEDR":
        record["overordnetEnhet"] = reg.parent
        record["beliggenhetsadresse"] = _address(rng, reg)
    else:
        record["forretningsadresse"] = _address(rng, reg)
    record["slettedato"] = reg.deleted.isoformat() if reg.deleted else None
    return record


def _person_holder(rng: random.Random, person: Person) -> dict:
    given, middle, family = people.written_names(person, rng, "register")
    birth = None if chance(rng, P.ROLE_BIRTH_DATE_MISSING) else people.written_birth(person, rng, "register")
    return {"fodselsdato": birth, "navn": {"fornavn": given, "mellomnavn": middle, "etternavn": family},
            "erDoed": False}


def _groups(reg: Registration) -> list[tuple[str, list[tuple[str, object]]]]:
    grouped: dict[str, list[tuple[str, object]]] = {}
    for code, holder in reg.roles:
        grouped.setdefault(GROUP_OF[code], []).append((code, holder))
    return [(g, grouped[g]) for g in GROUP_ORDER if g in grouped]


def roles_record(rng: random.Random, reg: Registration) -> dict:
    groups = []
    for gi, (group, roles) in enumerate(_groups(reg)):
        items = []
        for ri, (code, holder) in enumerate(roles):
            item: dict = {"type": {"kode": code, "beskrivelse": ROLE_NAMES[code]}}
            if isinstance(holder, Registration):
                item["enhet"] = {"organisasjonsnummer": holder.orgnr, "navn": [holder.name]}
            else:
                item["person"] = _person_holder(rng, holder)
                holder.records.append(f"roller.jsonl#{reg.orgnr}/{gi}/{ri}")
                if code in ("REGN", "REVI"):
                    holder.service_records.append(holder.records[-1])
            item["fratraadt"] = False
            items.append(item)
        changed = (reg.roles_changed or reg.registered).isoformat()
        groups.append({"type": {"kode": group, "beskrivelse": GROUP_NAMES[group]}, "sistEndret": changed,
                       "roller": items})
    return {"organisasjonsnummer": reg.orgnr, "rollegrupper": groups}


def write_register(world: World, rng: random.Random, out_dir: Path) -> dict[str, int]:
    registrations = sorted((r for b in world.businesses for r in b.registrations), key=lambda r: r.orgnr)
    with JsonLines(out_dir / "enheter.jsonl") as units, JsonLines(out_dir / "roller.jsonl") as roles:
        for reg in registrations:
            units.write(unit_record(rng, reg))
            if reg.roles:
                roles.write(roles_record(rng, reg))
    return {"enheter": units.count, "roller": roles.count}
