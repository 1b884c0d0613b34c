"""One control of the action week as the field officer records it (controls.jsonl schema)."""
from __future__ import annotations

import random
from datetime import date, timedelta

from aksjon.synth import clock, people, situation
from aksjon.synth import params as P
from aksjon.synth.model import Person, Venue, World
from aksjon.synth.names import venue_name
from aksjon.synth.phones import written
from aksjon.synth.places import written_address
from aksjon.synth.rng import chance, pick_weighted
from aksjon.synth.texts import FINDING_CODES, FINDING_TEXT, REASONS, persons_present

VENUE_LEVEL = ("sexual_services_offered", "cash_only_unrecorded", "blocked_exit", "hygiene", "living_on_premises")
CONTRACT_OR_HOURS = ("no_written_contract", "excess_hours")


def venue_findings(rng: random.Random, venue: Venue) -> list[str]:
    def detection(code: str) -> float:
        return P.SEX_FINDING_DETECTION if code == "sexual_services_offered" else P.CONTROL_VENUE_LEVEL_DETECTION

    return [c for c in VENUE_LEVEL if c in venue.conditions and chance(rng, detection(c))]


def person_findings(rng: random.Random, person: Person) -> list[str]:
    return [c for c in person.conditions if chance(rng, P.CONTROL_LABOUR_DETECTION)]


def _ensure_sex(rng: random.Random, plans: list[dict]) -> None:
    found = sum("sexual_services_offered" in p["venue_findings"] for p in plans)
    missing = [p for p in plans if "sexual_services_offered" in p["venue"].conditions
               and "sexual_services_offered" not in p["venue_findings"]]
    rng.shuffle(missing)
    for plan in missing[: max(0, P.MIN_SEX_FINDINGS - found)]:
        plan["venue_findings"].append("sexual_services_offered")


def _ensure_labour(rng: random.Random, plans: list[dict]) -> None:
    def has(plan):
        return any(c in f for f in plan["person_findings"] for c in CONTRACT_OR_HOURS)
    found = sum(has(p) for p in plans)
    candidates = [(p, i, c) for p in plans if not has(p) for i, (person, _) in enumerate(p["persons"])
                  for c in CONTRACT_OR_HOURS if c in person.conditions]
    rng.shuffle(candidates)
    for plan, index, code in candidates:
        if found >= P.MIN_LABOUR_FINDINGS:
            return
        if not has(plan):
            plan["person_findings"][index].append(code)
            found += 1


def ensure_findings(rng: random.Random, plans: list[dict]) -> None:
    """The week found sex sold at several salons and contract and hour irregularities
    (reference.md 5.7); when the draw falls short, the next true conditions are found."""
    _ensure_sex(rng, plans)
    _ensure_labour(rng, plans)


def _birth_date(rng: random.Random, person: Person, documents: str) -> str | None:
    missing = P.BIRTH_DATE_MISSING["none" if documents == "none" else "documents"]
    return None if chance(rng, missing) else people.written_birth(person, rng, "control")


def _documents(rng: random.Random, person: Person) -> str:
    if person.residence in ("family", "permanent", "skilled_permit") and chance(rng, 0.5):
        return "residence_card"
    return pick_weighted(rng, P.DOCUMENTS_SEEN)


def person_record(rng: random.Random, person: Person, role: str, findings: list[str], ref: str) -> dict:
    documents = _documents(rng, person)
    rights = person.language if person.language in ("th", "en", "nb") else "en"
    person.records.append(ref)
    given, middle, family = people.written_names(person, rng, "control")
    given = f"{given} {middle}" if middle else given
    if chance(rng, P.CONTROL_UPPERCASE_RATE):
        given, family = given.upper(), family.upper()        # copied from the passport's machine-readable zone
    return {
        "person_key": person.key, "given_name": given, "family_name": family,
        "birth_date": _birth_date(rng, person, documents), "role": role, "language": person.language,
        "documents_seen": documents, "phone": written(rng, person.phone) if person.phone and chance(rng, 0.6) else None,
        "rights_information_language": rights if chance(rng, P.RIGHTS_INFORMATION_GIVEN) else None,
        "findings": [c for c in FINDING_CODES if c in findings],
        "vulnerabilities": situation.recorded_vulnerabilities(rng, person.vulnerabilities),
        "indicators": situation.recorded_indicators(rng, person.indicators)}


def reasons(venue: Venue, day: date) -> list[str]:
    found = []
    if venue.type == "network":
        found += ["escort_ads", "shared_phone", "rotation"]
    if venue.type != "legit":
        found += ["suggestive_ads", "reviews"]
    found += [s for s in ("tips", "inspection") if s in venue.signals]
    registration = venue.registration_on(day)
    if registration is not None and registration.form == "NUF":
        found.append("foreign_owner")
    if not found:
        found = ["new" if venue.opened > day - timedelta(days=365) else "sample"]
    return found


def _reason_text(rng: random.Random, found: list[str]) -> str:
    picked = [found[0]] + rng.sample(found[1:], min(len(found) - 1, rng.randint(0, 2)))
    text = "; ".join(REASONS[r] for r in picked)
    return text[0].upper() + text[1:]


def _observations(persons: list[tuple[Person, str]], findings: list[str]) -> str:
    thai = sum(p.language == "th" for p, _ in persons)
    parts = [f"{persons_present(len(persons))}, {thai} thaitalende." if persons else
             "Ingen personer til stede; lokalet ble besiktiget."]
    parts += [FINDING_TEXT[f][0].upper() + FINDING_TEXT[f][1:] + "." for f in findings]
    if persons:
        parts.append("Rettighetsinformasjon gitt, ROSA-brosjyre delt ut.")
    return " ".join(parts)


def control_record(rng: random.Random, world: World, control_id: str, plan: dict) -> dict:
    venue, day = plan["venue"], plan["day"]
    found = reasons(venue, day)
    registration = venue.registration_on(day)
    persons = [person_record(rng, person, role, plan["person_findings"][i], f"controls.jsonl#{control_id}/persons/{i}")
               for i, (person, role) in enumerate(plan["persons"])]
    findings = set(plan["venue_findings"]) | {f for p in persons for f in p["findings"]}
    ordered = [c for c in FINDING_CODES if c in findings]
    venue.records.append(f"controls.jsonl#{control_id}")
    return {
        "control_id": control_id, "operation": P.OPERATION_NAME,
        "started_at": clock.stamp(clock.local_to_utc(day, plan["hour"], plan["minute"])),
        "district": venue.town.district, "town": venue.town.name, "venue_key": venue.key,
        "venue_name": venue_name(venue.tokens_on(day), rng, P.VENUE_NAME_VARIANT_RATE),
        "address": written_address(rng, venue.address, P.ADDRESS_TYPO_RATE), "postcode": venue.address.postcode,
        "organisasjonsnummer": registration.orgnr if registration and not chance(rng, 0.1) else None,
        "phones": [written(rng, p) for p in venue.phones], "reason": _reason_text(rng, found),
        "priority": 1 if len(found) >= 4 else (2 if len(found) >= 2 else 3),
        "observations": _observations(plan["persons"], ordered), "findings": ordered, "persons": persons}
