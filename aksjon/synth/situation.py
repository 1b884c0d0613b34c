"""A person's true situation (indicators, vulnerabilities, labour conditions) and what a
control records of it.

The truth is drawn first and the record second, so that the recorded indicators are
an incomplete view of the truth: victims exist but rarely disclose (reference.md 5.7:
"no possible victims identified yet, but vulnerabilities found").
"""
from __future__ import annotations

import random

from aksjon.synth import params as P
from aksjon.synth.indicators import (
    BY_CODE,
    CHECKLIST,
    CODES,
    OBSERVABLE,
    POSITIVE,
    dimension_positive,
    likely_victim,
    likely_victim_any,
    strength,
)
from aksjon.synth.rng import chance, pick_weighted

PERSON_CONDITIONS = ("no_written_contract", "excess_hours", "wage_below_permit_condition", "unregistered_worker",
                     "no_work_permit", "living_on_premises")
# A labour condition is itself an exploitative-conditions indicator (dimension 4).
IMPLIED_INDICATOR = {"excess_hours": "d4_excessive_hours", "no_written_contract": "d4_labour_law_or_contract_breached",
                     "living_on_premises": "d4_bad_living_conditions",
                     "wage_below_permit_condition": "d4_low_or_no_salary"}
# A residence permit elsewhere in Schengen or a visitor's visa gives no right to work in Norway.
WITHOUT_WORK_PERMIT = ("visitor", "other_schengen")


def residence_status(rng: random.Random, venue_type: str, married: bool) -> str:
    return "family" if married else pick_weighted(rng, P.RESIDENCE[venue_type])


def person_conditions(rng: random.Random, venue_conditions, exploitation: str, residence: str) -> list[str]:
    share = 0.9 if exploitation != "none" else 0.7
    found = [c for c in PERSON_CONDITIONS if c in venue_conditions and chance(rng, share)]
    if residence in WITHOUT_WORK_PERMIT:
        found.append("no_work_permit")
    if residence != "skilled_permit" and "wage_below_permit_condition" in found:
        found.remove("wage_below_permit_condition")   # the wage floor is a condition of the skilled-worker permit
    if exploitation != "none":
        found += [c for c in ("excess_hours", "living_on_premises") if chance(rng, 0.6)]
    return [c for c in PERSON_CONDITIONS if c in found]


def _make_dimension_positive(rng: random.Random, chosen: set[str], dimension: int, kind: str) -> None:
    pool = [c for c in CODES if BY_CODE[c].dimension == dimension and strength(c, kind)]
    rng.shuffle(pool)
    for code in pool:
        if dimension_positive([strength(c, kind) for c in chosen if BY_CODE[c].dimension == dimension]):
            return
        chosen.add(code)


def true_indicators(rng: random.Random, exploitation: str, conditions: list[str]) -> list[str]:
    implied = {IMPLIED_INDICATOR[c] for c in conditions if c in IMPLIED_INDICATOR}
    chosen = set(implied)
    if exploitation == "none":
        chosen |= {code for code, p in P.BACKGROUND_INDICATORS.items() if chance(rng, p)}
        while likely_victim_any(chosen):
            chosen.discard(sorted(chosen - implied)[rng.randrange(len(chosen - implied))])
    else:
        kind = exploitation if exploitation == "sexual" else "labour"
        for dimension in (pick_weighted(rng, P.RECRUITMENT_DIMENSION), 4, rng.choice((5, 6))):
            _make_dimension_positive(rng, chosen, dimension, kind)
        chosen |= set(rng.sample(CODES, rng.randint(0, 2)))
        # Security lint: generator self-check.
        assert likely_victim(chosen, kind)  # nosec B101
    return [c for c in CODES if c in chosen]


def true_vulnerabilities(rng: random.Random, residence: str, exploitation: str, conditions, indicators,
                         thai_only: bool) -> list[str]:
    exploited = exploitation != "none"
    found = {
        "migration": residence != "permanent" and (residence != "family" or chance(rng, 0.3)),
        "poverty": chance(rng, 0.9 if exploited else 0.45),
        "education": thai_only and chance(rng, 0.8),
        "homelessness": "living_on_premises" in conditions,
        "work_environment": bool(conditions),
        "abuse_physical": "d2_violence" in indicators or "d5_violence" in indicators,
        "abuse_social_media": exploited and chance(rng, 0.15),
        "mental_health": chance(rng, 0.15 if exploited else 0.03),
        "addiction": chance(rng, 0.02),
        "disability_physical_health": chance(rng, 0.05),
        "discrimination": chance(rng, 0.05),
    }
    # "caste" is never drawn: the category has no bearing on Thai migrants in Norway.
    return [code for code, present in found.items() if present]


def _status(rng: random.Random, code: str, present: bool) -> str:
    if present and code in OBSERVABLE and chance(rng, P.OBSERVED_IF_OBSERVABLE):
        return "observed"
    if not chance(rng, P.ASKED_CHECKLIST if code in CHECKLIST else P.ASKED_OTHER):
        return "not_asked"
    return "disclosed" if present and chance(rng, P.DISCLOSED_IF_ASKED) else "not_present"


def recorded_indicators(rng: random.Random, truth: list[str]) -> dict[str, str]:
    """One status per catalogue code. As in the real week, nobody's record reaches the
    victim rule: when the draw would, the last positive answers become denials."""
    present = set(truth)
    statuses = {code: _status(rng, code, code in present) for code in CODES}
    positive = [c for c in CODES if statuses[c] in POSITIVE]
    while likely_victim_any(positive):
        statuses[positive.pop()] = "not_present"
    return statuses


def recorded_vulnerabilities(rng: random.Random, truth: list[str]) -> list[str]:
    return [v for v in truth if chance(rng, P.RECORDED_VULNERABILITY.get(v, P.RECORDED_VULNERABILITY_OTHER))]
