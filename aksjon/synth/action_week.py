"""The action week of March 2024: which venues were controlled, whom the police met,
and what they recorded (controls.jsonl).

Reported outcome (reference.md 5.7): 9 districts, 50+ salons, 15+ towns, 60+ persons;
sex sold at several salons; contract and working-hour irregularities; vulnerabilities
to follow up; no possible victim identified. Venues are picked the way the police
picked them, from intelligence, so the suspicious ones are over-represented.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from aksjon.synth import params as P
from aksjon.synth.control_records import control_record, ensure_findings, person_findings, venue_findings
from aksjon.synth.model import Person, Venue, World
from aksjon.synth.rng import chance, pick_weighted


def choose_districts(rng: random.Random, venues: list[Venue], count: int | None = None) -> list[str]:
    count = P.ACTION_DISTRICTS if count is None else count
    weight: dict[str, int] = {}
    for venue in venues:
        weight[venue.town.district] = weight.get(venue.town.district, 0) + (1 if venue.type == "legit" else 4)
    names = sorted(weight)
    chosen: list[str] = []
    while len(chosen) < min(count, len(names)):
        pick = rng.choices(names, weights=[weight[n] for n in names])[0]
        if pick not in chosen:
            chosen.append(pick)
    return sorted(chosen)


def _weight(venue: Venue) -> int:
    """Police intelligence: the venue's visible type, plus tips and earlier findings."""
    return P.CONTROL_SELECTION_WEIGHT[venue.type] + 3 * ("tips" in venue.signals) + 2 * ("inspection" in venue.signals)


def _choose_towns(rng: random.Random, by_town: dict[str, list[Venue]]) -> list[str]:
    """A town in every participating district, then more until MIN_TOWNS (the week covered 15+ towns)."""
    towns = sorted(by_town)
    weight = {t: sum(_weight(v) for v in by_town[t]) for t in towns}
    chosen: list[str] = []
    for district in sorted({by_town[t][0].town.district for t in towns}):
        local = [t for t in towns if by_town[t][0].town.district == district]
        chosen.append(rng.choices(local, weights=[weight[t] for t in local])[0])
    while len(chosen) < min(P.MIN_TOWNS, len(towns)):
        pick = rng.choices(towns, weights=[weight[t] for t in towns])[0]
        if pick not in chosen:
            chosen.append(pick)
    return chosen


def choose_venues(rng: random.Random, venues: list[Venue], count: int) -> list[Venue]:
    """One venue in each chosen town first, then the rest by the weight of the intelligence.
    More controls than venues (a larger operation than the week's): when each venue has been
    picked once, the rest are second visits, drawn by the same weight."""
    by_town: dict[str, list[Venue]] = {}
    for venue in venues:
        by_town.setdefault(venue.town.name, []).append(venue)
    chosen = [rng.choices(by_town[t], weights=[_weight(v) for v in by_town[t]])[0]
              for t in _choose_towns(rng, by_town)]
    weights = [_weight(v) for v in venues]
    while len(chosen) < min(count, len(venues)):
        pick = rng.choices(venues, weights=weights)[0]
        if all(pick is not c for c in chosen):
            chosen.append(pick)
    while len(chosen) < count:
        chosen.append(rng.choices(venues, weights=weights)[0])
    return chosen


def control_day(rng: random.Random) -> date:
    offset = rng.choices(range(7), weights=P.CONTROL_WEEKDAY_WEIGHTS)[0]
    return P.ACTION_WEEK_START + timedelta(days=offset)


def _manager(venue: Venue, world: World) -> Person | None:
    if venue.network:
        network = next(n for n in world.networks if n.key == venue.network)
        return network.front_persons[0] if network.front_persons else None
    return None


def persons_present(rng: random.Random, world: World, venue: Venue, day: date) -> list[tuple[Person, str]]:
    staff = [s.person for s in venue.staff_on(day)]
    rng.shuffle(staff)
    wanted = pick_weighted(rng, P.PERSONS_PER_CONTROL)
    met = [(p, "owner" if p is venue.owner else "worker") for p in staff[:wanted]]
    manager = _manager(venue, world)
    if manager is not None and chance(rng, 0.15):
        met.append((manager, "manager"))
    return met


def _spare(plan: dict) -> list[Person]:
    return [s.person for s in plan["venue"].staff_on(plan["day"])
            if all(s.person is not m for m, _ in plan["persons"])]


def balance_persons(rng: random.Random, plans: list[dict], persons_range: tuple[int, int] | None = None) -> None:
    """Bring the number of persons met into the reported range (60+; at most 75)."""
    low, high = persons_range or P.PERSONS_RANGE
    total = sum(len(p["persons"]) for p in plans)
    while total < low:
        open_plans = [p for p in plans if _spare(p)]
        if not open_plans:
            break
        plan = rng.choice(open_plans)
        person = rng.choice(_spare(plan))
        plan["persons"].append((person, "owner" if person is plan["venue"].owner else "worker"))
        total += 1
    while total > high:
        plan = rng.choice([p for p in plans if len(p["persons"]) > 1])
        plan["persons"].pop()
        total -= 1


NO_CAP = 10**9  # a larger operation: at least the persons asked for, however many more were present


def plan_week(world: World, rng: random.Random, *, districts: int | None = None, count: int | None = None,
              persons: int | None = None) -> list[dict]:
    """The week's plan; the keywords make a larger operation on the same landscape (the report
    benchmark): that many districts, controls and at least that many persons met (None: the week's)."""
    norway = [v for v in world.venues if v.town.country == "NO"]
    chosen_districts = choose_districts(rng, norway, districts)
    candidates = [v for v in norway if v.town.district in chosen_districts and v.opened < P.ACTION_WEEK_START]
    venues = choose_venues(rng, candidates, count if count is not None else rng.randint(*P.CONTROLS_RANGE))
    plans = []
    for venue in venues:
        day = control_day(rng)
        plans.append({"venue": venue, "day": day, "hour": rng.randint(10, 20), "minute": rng.randrange(0, 60, 5),
                      "persons": persons_present(rng, world, venue, day)})
    balance_persons(rng, plans, None if persons is None else (persons, NO_CAP))
    plans.sort(key=lambda p: (p["day"], p["hour"], p["minute"], p["venue"].key))
    return plans


def make_controls(world: World, rng: random.Random, *, districts: int | None = None, count: int | None = None,
                  persons: int | None = None) -> list[dict]:
    plans = plan_week(world, rng, districts=districts, count=count, persons=persons)
    for plan in plans:
        plan["venue_findings"] = venue_findings(rng, plan["venue"])
        plan["person_findings"] = [person_findings(rng, person) for person, _ in plan["persons"]]
    ensure_findings(rng, plans)
    return [control_record(rng, world, f"K-2024-{i:04d}", plan) for i, plan in enumerate(plans, start=1)]
