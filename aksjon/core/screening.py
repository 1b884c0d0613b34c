"""Screening a person with the ILO/EC operational indicators of trafficking.

Plain rules, no Django. A dimension is positive by the published combination
rule; the outcome follows the victim rule; every answer carries its reasons.
"Not asked" is never read as "not present": it never counts as an indicator,
and the result says which unanswered questions could still change it.

The result is an indication for follow-up, not a legal finding: the offence is
assessed under straffeloven § 257.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

OBSERVED, DISCLOSED, NOT_PRESENT, NOT_ASKED = "observed", "disclosed", "not_present", "not_asked"
ANSWERS = (OBSERVED, DISCLOSED, NOT_PRESENT, NOT_ASKED)
PRESENT = frozenset({OBSERVED, DISCLOSED})
STRONG, MEDIUM, WEAK = "strong", "medium", "weak"

# Outcomes, weakest first; their order is what "lower" and "higher" mean.
NO_INDICATIONS, SOME_INDICATIONS, POSSIBLE_VICTIM = "no_indications", "some_indications", "possible_victim"
OUTCOMES = (NO_INDICATIONS, SOME_INDICATIONS, POSSIBLE_VICTIM)

RECRUITMENT_DIMENSIONS = (1, 2, 3)
EXPLOITATION_DIMENSION = 4
DESTINATION_DIMENSIONS = (5, 6)


@dataclass(frozen=True)
class Indicator:
    code: str
    dimension: int
    strengths: dict[str, str]  # list name ("labour", "sexual") -> strong | medium | weak


@dataclass(frozen=True)
class Catalogue:
    id: str
    version: int
    indicators: tuple[Indicator, ...]
    provisional_lists: frozenset[str] = frozenset()
    # Names in each language: "d5" -> {"nb": …, "en": …}, indicator code -> {…}.
    names: dict[str, dict[str, str]] = field(default_factory=dict, compare=False, hash=False)

    @property
    def lists(self) -> list[str]:
        return sorted({name for i in self.indicators for name in i.strengths})

    def in_list(self, list_name: str) -> list[Indicator]:
        return [i for i in self.indicators if list_name in i.strengths]


def positive_by_rule(strong: int, medium: int, weak: int) -> str | None:
    """The combination that makes a dimension positive, or None.

    At least: 2 strong; or 1 strong + 1 medium or weak; or 3 medium; or 2 medium + 1 weak.
    """
    if strong >= 2:
        return "2 strong"
    if strong >= 1 and medium + weak >= 1:
        return "1 strong + 1 medium or weak"
    if medium >= 3:
        return "3 medium"
    if medium >= 2 and weak >= 1:
        return "2 medium + 1 weak"
    return None


@dataclass
class DimensionResult:
    dimension: int
    rule: str | None  # the combination that fired; None when not positive
    present: list[tuple[str, str]] = field(default_factory=list)  # (code, strength)
    not_asked: list[str] = field(default_factory=list)
    total: int = 0

    @property
    def positive(self) -> bool:
        return self.rule is not None


@dataclass
class ListResult:
    list_name: str
    outcome: str
    dimensions: dict[int, DimensionResult]
    provisional: bool
    # The best outcome the unanswered questions could still lead to.
    could_become: str = NO_INDICATIONS


@dataclass
class Assessment:
    outcome: str
    deciding_list: str
    lists: dict[str, ListResult]
    minor: bool

    @property
    def incomplete(self) -> bool:
        return any(OUTCOMES.index(r.could_become) > OUTCOMES.index(self.outcome) for r in self.lists.values())


def assess(catalogue: Catalogue, answers: dict[str, str], *, minor: bool = False) -> Assessment:
    """Assess `answers` (indicator code -> answer; a missing code is not asked)."""
    unknown = sorted(set(answers) - {i.code for i in catalogue.indicators})
    bad = sorted(code for code, a in answers.items() if a not in ANSWERS)
    if unknown or bad:
        raise ValueError(f"unknown indicators {unknown} or answers for {bad}")
    lists = {name: _assess_list(catalogue, name, answers, minor) for name in catalogue.lists}
    deciding = max(lists.values(), key=lambda r: (OUTCOMES.index(r.outcome), r.list_name == "labour"))
    return Assessment(outcome=deciding.outcome, deciding_list=deciding.list_name, lists=lists, minor=minor)


def _assess_list(catalogue: Catalogue, list_name: str, answers: dict[str, str], minor: bool) -> ListResult:
    indicators = catalogue.in_list(list_name)
    dimensions = {d: _dimension(d, [i for i in indicators if i.dimension == d], list_name, answers)
                  for d in range(1, 7)}
    everything_present = {i.code: OBSERVED if answers.get(i.code, NOT_ASKED) == NOT_ASKED else answers[i.code]
                          for i in indicators}
    best = {d: _dimension(d, [i for i in indicators if i.dimension == d], list_name, everything_present)
            for d in range(1, 7)}
    return ListResult(list_name=list_name, outcome=_outcome(dimensions, minor), dimensions=dimensions,
                      provisional=list_name in catalogue.provisional_lists, could_become=_outcome(best, minor))


def _dimension(number: int, indicators: list[Indicator], list_name: str, answers: dict[str, str]) -> DimensionResult:
    present = [(i.code, i.strengths[list_name]) for i in indicators if answers.get(i.code) in PRESENT]
    counts = {s: sum(1 for _c, strength in present if strength == s) for s in (STRONG, MEDIUM, WEAK)}
    return DimensionResult(
        dimension=number, rule=positive_by_rule(counts[STRONG], counts[MEDIUM], counts[WEAK]), present=present,
        not_asked=[i.code for i in indicators if answers.get(i.code, NOT_ASKED) == NOT_ASKED], total=len(indicators))


def under_18(born: date | None, on: date) -> bool:
    """Under 18 on the day `on` by the birth date. No birth date says nothing: the
    officer may still assess the person as a child in the screening."""
    if born is None:
        return False
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day)) < 18


def victim_rule_met(dimensions: dict[int, DimensionResult], minor: bool) -> bool:
    """Recruitment + exploitation + coercion or abuse of vulnerability at destination.

    For a person under 18 the means are not required (Palermo art. 3(c),
    straffeloven § 257 third paragraph): exploitation is enough.
    """
    exploitation = dimensions[EXPLOITATION_DIMENSION].positive
    if minor:
        return exploitation
    recruitment = any(dimensions[d].positive for d in RECRUITMENT_DIMENSIONS)
    destination = any(dimensions[d].positive for d in DESTINATION_DIMENSIONS)
    return recruitment and exploitation and destination


def _outcome(dimensions: dict[int, DimensionResult], minor: bool) -> str:
    if victim_rule_met(dimensions, minor):
        return POSSIBLE_VICTIM
    if any(result.present for result in dimensions.values()):
        return SOME_INDICATIONS
    return NO_INDICATIONS


def catalogue_from_data(data: dict) -> Catalogue:
    """A Catalogue from the parsed catalogue file (aksjon/data/indicators/*.toml)."""
    head = data["catalogue"]
    lists = ("labour", "sexual")
    indicators = tuple(Indicator(code=i["code"], dimension=int(i["dimension"]),
                                 strengths={name: i[name] for name in lists if name in i})
                       for i in data["indicator"])
    names = {f"d{number}": {"nb": d["nb"], "en": d["en"]} for number, d in data["dimensions"].items()}
    names |= {i["code"]: {"nb": i["nb"], "en": i["en"]} for i in data["indicator"]}
    return Catalogue(id=head["id"], version=int(head["version"]), indicators=indicators,
                     provisional_lists=frozenset(head.get("provisional_lists", [])), names=names)
