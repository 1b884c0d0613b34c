"""Earlier inspections by Arbeidstilsynet, Skatteetaten, police, fire service and municipal health."""
from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from aksjon.synth import params as P
from aksjon.synth.model import Venue, World
from aksjon.synth.names import venue_name
from aksjon.synth.places import written_address
from aksjon.synth.rng import chance, pick_weighted
from aksjon.synth.texts import FINDING_CODES, FINDING_TEXT, persons_present
from aksjon.synth.writer import JsonLines

PREFIX = {"Arbeidstilsynet": "AT", "Skatteetaten": "SKE", "Politiet": "POL", "Brannvesenet": "BRV",
          "Kommuneoverlegen": "KO"}


def _findings(rng: random.Random, agency: str, venue: Venue) -> list[str]:
    odds = P.DETECTION[agency]
    found = {c for c in venue.conditions if c in odds and chance(rng, odds[c])}
    return [c for c in FINDING_CODES if c in found] or ["none"]


def _notes(rng: random.Random, venue: Venue, day: date, findings: list[str]) -> str:
    present = len(venue.staff_on(day)) if day >= P.STAFFING_START else rng.randint(1, 3)
    lines = [f"{persons_present(present)} under tilsynet." if present else "Ingen ansatte til stede."]
    if findings == ["none"]:
        lines.append("Ingen avvik funnet.")
    else:
        text = "; ".join(FINDING_TEXT[f] for f in findings)
        lines.append(text[0].upper() + text[1:] + ".")
    return " ".join(lines)


def _orgnr(rng: random.Random, venue: Venue, day: date) -> str | None:
    main = venue.registration_on(day)
    sub = venue.registration_on(day, "sub_unit")
    if main is None or chance(rng, 0.08):
        return None                                     # not noted by the inspector
    return sub.orgnr if sub is not None and chance(rng, 0.25) else main.orgnr


def _pick(rng: random.Random, venues: list[Venue], weights: list[int], start: date, end: date):
    while True:
        venue = rng.choices(venues, weights=weights)[0]
        first = max(start, venue.opened + timedelta(days=30))
        if first < end:
            return venue, first + timedelta(days=rng.randrange((end - first).days))


def make_inspections(world: World, rng: random.Random, count: int) -> list[dict]:
    venues = [v for v in world.venues if v.town.country == "NO"]
    weights = [P.INSPECTION_VENUE_WEIGHT[v.type] for v in venues]
    drawn = sorted((_pick(rng, venues, weights, P.INSPECTIONS_START, P.ACTION_WEEK_START) for _ in range(count)),
                   key=lambda pair: (pair[1], pair[0].key))
    numbers: dict[tuple[str, int], int] = {}
    records = []
    for venue, day in drawn:
        agency = pick_weighted(rng, P.INSPECTION_AGENCIES)
        key = (agency, day.year)
        numbers[key] = numbers.get(key, 0) + rng.randint(1, 25)     # other inspections of other trades in between
        inspection_id = f"{PREFIX[agency]}-{day.year}-{numbers[key]:04d}"
        findings = _findings(rng, agency, venue)
        records.append({
            "inspection_id": inspection_id, "agency": agency, "date": day.isoformat(),
            "organisasjonsnummer": _orgnr(rng, venue, day),
            "venue_name": venue_name(venue.tokens_on(day), rng, P.VENUE_NAME_VARIANT_RATE),
            "address": written_address(rng, venue.address, P.ADDRESS_TYPO_RATE), "city": venue.town.name,
            "findings": findings, "notes": _notes(rng, venue, day, findings)})
        venue.records.append(f"inspections.jsonl#{inspection_id}")
        if findings != ["none"] and "inspection" not in venue.signals:
            venue.signals.append("inspection")
    return records


def write_inspections(records: list[dict], out_dir: Path) -> int:
    with JsonLines(out_dir / "inspections.jsonl") as out:
        for record in records:
            out.write(record)
    return out.count
