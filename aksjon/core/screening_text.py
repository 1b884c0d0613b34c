"""The reasons behind a screening result, in words an officer can repeat."""
from __future__ import annotations

from aksjon.core.screening import (
    OUTCOMES,
    POSSIBLE_VICTIM,
    Assessment,
    Catalogue,
    DimensionResult,
    ListResult,
)

TEXT = {
    "nb": {
        "no_indications": "Ingen indikatorer observert",
        "some_indications": "Noen indikatorer – sårbar, følg opp",
        "possible_victim": "Sterke indikatorer – mulig offer",
        "labour": "arbeidsutnytting", "sexual": "seksuell utnytting",
        "strong": "sterk", "medium": "middels", "weak": "svak",
        "outcome": "%(outcome)s (liste for %(list)s).",
        "victim_adult": "Offerregelen er oppfylt: rekruttering (%(recruitment)s), utnytting (dimensjon 4) og "
                        "tvang eller utnytting av sårbarhet på arbeidsstedet (%(destination)s).",
        "victim_minor": "Personen er under 18 år: midlene kreves ikke, og utnytting (dimensjon 4) er nok.",
        "positive": "%(dimension)s er positiv (%(rule)s): %(indicators)s.",
        "not_positive": "%(dimension)s er ikke positiv: bare %(indicators)s.",
        "not_asked": "%(dimension)s: %(count)d av %(total)d ikke spurt – ikke spurt betyr ikke fraværende.",
        "could_become": "Ubesvarte spørsmål kan fortsatt endre utfallet til «%(outcome)s».",
        "provisional": "Graderingen i listen for seksuell utnytting er foreløpig.",
        "disclaimer": "Dette er en indikasjon for oppfølging, ikke en rettslig vurdering (straffeloven § 257).",
        "rule": {"2 strong": "2 sterke", "1 strong + 1 medium or weak": "1 sterk + 1 middels eller svak",
                 "3 medium": "3 middels", "2 medium + 1 weak": "2 middels + 1 svak"},
    },
    "en": {
        "no_indications": "No indications observed",
        "some_indications": "Some indications – vulnerable, follow up",
        "possible_victim": "Strong indications – possible victim",
        "labour": "labour exploitation", "sexual": "sexual exploitation",
        "strong": "strong", "medium": "medium", "weak": "weak",
        "outcome": "%(outcome)s (%(list)s list).",
        "victim_adult": "The victim rule is met: recruitment (%(recruitment)s), exploitation (dimension 4) and "
                        "coercion or abuse of vulnerability at destination (%(destination)s).",
        "victim_minor": "The person is under 18: the means are not required, and exploitation (dimension 4) is enough.",
        "positive": "%(dimension)s is positive (%(rule)s): %(indicators)s.",
        "not_positive": "%(dimension)s is not positive: only %(indicators)s.",
        "not_asked": "%(dimension)s: %(count)d of %(total)d not asked – not asked does not mean not present.",
        "could_become": "Unanswered questions could still change the outcome to «%(outcome)s».",
        "provisional": "The sexual-exploitation grading is provisional.",
        "disclaimer": "This is an indication for follow-up, not a legal finding (straffeloven § 257).",
        "rule": {},
    },
}


def outcome_label(outcome: str, language: str) -> str:
    return TEXT[language][outcome]


def explain(assessment: Assessment, catalogue: Catalogue, language: str = "nb") -> list[str]:
    """Every reason, deciding list first, in `language` (nb or en)."""
    t = TEXT[language]
    deciding = assessment.lists[assessment.deciding_list]
    reasons = [t["outcome"] % {"outcome": t[deciding.outcome], "list": t[deciding.list_name]}]
    if deciding.outcome == POSSIBLE_VICTIM:
        reasons.append(_victim_reason(deciding, assessment.minor, catalogue, language))
    reasons += _dimension_reasons(deciding, catalogue, language)
    if assessment.incomplete:
        best = max((r.could_become for r in assessment.lists.values()), key=OUTCOMES.index)
        reasons.append(t["could_become"] % {"outcome": t[best]})
    if deciding.provisional:
        reasons.append(t["provisional"])
    reasons.append(t["disclaimer"])
    return reasons


def _name(catalogue: Catalogue, key: str, language: str) -> str:
    return catalogue.names.get(key, {}).get(language, key)


def _dimension_title(catalogue: Catalogue, number: int, language: str) -> str:
    word = "Dimensjon" if language == "nb" else "Dimension"
    return f"{word} {number} «{_name(catalogue, f'd{number}', language)}»"


def _victim_reason(result: ListResult, minor: bool, catalogue: Catalogue, language: str) -> str:
    t = TEXT[language]
    if minor:
        return t["victim_minor"]
    positive = [d for d, r in result.dimensions.items() if r.positive]
    return t["victim_adult"] % {
        "recruitment": ", ".join(str(d) for d in positive if d <= 3),
        "destination": ", ".join(str(d) for d in positive if d >= 5)}


def _dimension_reasons(result: ListResult, catalogue: Catalogue, language: str) -> list[str]:
    t, reasons = TEXT[language], []
    for number, dim in result.dimensions.items():
        title = _dimension_title(catalogue, number, language)
        if dim.present:
            key = "positive" if dim.positive else "not_positive"
            reasons.append(t[key] % {"dimension": title, "rule": t["rule"].get(dim.rule, dim.rule),
                                     "indicators": _listed(dim, catalogue, language)})
        if dim.not_asked:
            reasons.append(t["not_asked"] % {"dimension": title, "count": len(dim.not_asked), "total": dim.total})
    return reasons


def _listed(dim: DimensionResult, catalogue: Catalogue, language: str) -> str:
    return ", ".join(f"{_name(catalogue, code, language)} ({TEXT[language][strength]})"
                     for code, strength in dim.present)
