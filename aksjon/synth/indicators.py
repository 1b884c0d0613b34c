"""ILO/EC operational indicators of trafficking (Delphi 2009), adults: stable codes and rules.

The codes and strengths are read from the project's catalogue
(aksjon/data/indicators/ilo-ec-2009.toml) and the rules are aksjon.core.screening's, so
the generator and the screening can never disagree. Each indicator carries its dimension
(1-6) and its strength in the labour list and in the (provisional) sexual list: "S"
strong, "M" medium, "W" weak, None when it is not on that list.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from aksjon.core.screening import POSSIBLE_VICTIM, assess, catalogue_from_data, positive_by_rule
from aksjon.screening.catalogue import shipped_catalogue_data


@dataclass(frozen=True)
class Indicator:
    code: str
    dimension: int
    labour: str | None
    sexual: str | None


# The project's catalogue is the one source of the codes and their strengths;
# the generator writes them as S/M/W.
GRADE = {"strong": "S", "medium": "M", "weak": "W"}
CATALOGUE = catalogue_from_data(shipped_catalogue_data())


def _rows() -> tuple[Indicator, ...]:
    return tuple(Indicator(i.code, i.dimension, GRADE.get(i.strengths.get("labour")),
                           GRADE.get(i.strengths.get("sexual"))) for i in CATALOGUE.indicators)


INDICATORS = _rows()
BY_CODE = {i.code: i for i in INDICATORS}
CODES = tuple(i.code for i in INDICATORS)
STATUSES = ("observed", "disclosed", "not_present", "not_asked")
POSITIVE = ("observed", "disclosed")

# What an officer can see for herself at a control (the rest must be told).
OBSERVABLE = frozenset({
    "d4_bad_living_conditions", "d4_excessive_hours", "d4_labour_law_or_contract_breached",
    "d4_very_bad_working_conditions", "d5_isolation_confinement_surveillance", "d5_confiscation_of_documents",
    "d3_abuse_lack_of_education", "d6_unknown_area", "d5_under_strong_influence", "d6_dependency_on_exploiters",
})
# The questions a control checklist asks most of the time.
CHECKLIST = frozenset({
    "d1_deceived_nature_of_job", "d1_deceived_wages", "d1_deceived_conditions_of_work", "d2_debt_bondage",
    "d4_excessive_hours", "d4_low_or_no_salary", "d4_labour_law_or_contract_breached", "d4_bad_living_conditions",
    "d5_confiscation_of_documents", "d5_debt_bondage", "d5_withholding_of_wages",
    "d5_isolation_confinement_surveillance", "d5_threats_of_violence", "d6_dependency_on_exploiters",
    "d6_economic_reasons",
})


def strength(code: str, kind: str) -> str | None:
    indicator = BY_CODE[code]
    return indicator.sexual if kind == "sexual" else indicator.labour


def dimension_positive(strengths: list[str]) -> bool:
    """The published combination rule (aksjon.core.screening), on S/M/W grades."""
    count = Counter(strengths)
    return positive_by_rule(count["S"], count["M"], count["W"]) is not None


def _assess(codes):
    return assess(CATALOGUE, dict.fromkeys(codes, "observed"))


def positive_dimensions(codes, kind: str = "labour") -> list[int]:
    return sorted(d for d, result in _assess(codes).lists[kind].dimensions.items() if result.positive)


def likely_victim(codes, kind: str = "labour") -> bool:
    """The victim rule of aksjon.core.screening on one list, for an adult."""
    return _assess(codes).lists[kind].outcome == POSSIBLE_VICTIM


def likely_victim_any(codes) -> bool:
    return _assess(codes).outcome == POSSIBLE_VICTIM
