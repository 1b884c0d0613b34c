"""A first draft of the report's summary, written from the figures in bokmål and English.

The coordinator edits it and publishes it; the published text is kept with the figures
it was written from (aksjon/reports/actions.py). The draft says only what the figures
say, in the order of the press release of week 11, 2024: who and where was controlled,
what the screenings found, what was found at the venues, and what follows.
"""
from __future__ import annotations

from aksjon.core import vocabulary


def draft(figures: dict, operation_name: str, starts_on, ends_on, language: str) -> str:
    """The draft in `language` ("nb" or "en") from `figures` (OperationFigures.as_dict())."""
    words = NB if language == "nb" else EN
    f = figures
    outcomes = f.get("persons_by_outcome") or {}
    parts = [
        words["controlled"].format(name=operation_name, starts=_date(starts_on, language),
                                   ends=_date(ends_on, language), persons=f["persons_met"], venues=f["venues"],
                                   towns=f["towns"], districts=f["districts"]),
        _screenings(words, f["persons_screened"], outcomes),
        _venues(words, f),
        words["vulnerable"].format(n=f["persons_with_vulnerability"]) if f["persons_with_vulnerability"] else "",
        _rights(words, f, language),
        _followups(words, f),
    ]
    return "\n\n".join(p for p in parts if p)


def _screenings(words: dict, screened: int, outcomes: dict) -> str:
    if not screened:
        return words["no_screenings"]
    victims = outcomes.get("possible_victim", 0)
    text = words["screened"].format(n=screened, some=outcomes.get("some_indications", 0),
                                    none=outcomes.get("no_indications", 0))
    return text + " " + (words["victims"].format(n=victims) if victims else words["no_victims"])


def _venues(words: dict, f: dict) -> str:
    sexual, labour = f["venues_with_sexual_services"], f["venues_with_labour_findings"]
    if not sexual and not labour:
        return words["nothing_found"]
    return words["found"].format(sexual=sexual, labour=labour)


def _followups(words: dict, f: dict) -> str:
    total = f["followups_open"] + f["followups_closed"]
    if not total:
        return ""
    text = words["followups"].format(total=total, open=f["followups_open"])
    agencies = list(f.get("referrals_by_agency") or {})
    if f["referrals"] and agencies:
        text += " " + words["referrals"].format(n=f["referrals"], agencies=_join(agencies, words["and"]))
    return text


def _rights(words: dict, f: dict, language: str) -> str:
    given = f.get("rights_information_by_language") or {}
    if not given:
        return ""
    names = [vocabulary.label("languages", code, language).lower() if language == "nb"
             else vocabulary.label("languages", code, language) for code in given]
    return words["rights"].format(n=f["rights_information_given"], languages=_join(names, words["and"]))


def _join(items: list[str], conjunction: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def _date(day, language: str) -> str:
    return day.strftime("%d.%m.%Y") if language == "nb" else day.isoformat()


NB = {
    "controlled": "Under {name} ({starts}–{ends}) kontrollerte politiet {persons} personer på {venues} steder "
                  "i {towns} byer i {districts} politidistrikter.",
    "no_screenings": "Ingen personer er ennå kartlagt for indikatorer på menneskehandel.",
    "screened": "{n} personer ble kartlagt for indikatorer på menneskehandel: {some} med noen indikatorer "
                "og {none} uten observerte indikatorer.",
    "victims": "{n} personer ble identifisert som mulige ofre for menneskehandel og følges opp.",
    "no_victims": "Ingen mulige ofre for menneskehandel er så langt identifisert.",
    "found": "Salg av seksuelle tjenester ble avdekket på {sexual} steder, og brudd på "
                "arbeidsmiljøregelverket på {labour} steder.",
    "nothing_found": "Det ble ikke avdekket salg av seksuelle tjenester eller brudd på arbeidsmiljøregelverket.",
    "vulnerable": "{n} personer hadde sårbarheter som følges opp.",
    "rights": "{n} personer fikk informasjon om sine rettigheter, på {languages}.",
    "followups": "Det er opprettet {total} oppfølgingssaker, hvorav {open} fortsatt er åpne.",
    "referrals": "{n} av dem er henvisninger til {agencies}.",
    "and": "og",
}

EN = {
    "controlled": "During {name} ({starts} to {ends}) the police controlled {persons} persons at {venues} venues "
                  "in {towns} towns in {districts} police districts.",
    "no_screenings": "Nobody has been screened for indicators of trafficking yet.",
    "screened": "{n} persons were screened for indicators of trafficking: {some} with some indications "
                "and {none} with no indications observed.",
    "victims": "{n} persons were identified as possible victims of trafficking and are being followed up.",
    "no_victims": "No possible victims of trafficking have been identified so far.",
    "found": "Sale of sexual services was found at {sexual} venues, and breaches of labour law at {labour} "
                "venues.",
    "nothing_found": "Neither sale of sexual services nor breaches of labour law were found.",
    "vulnerable": "{n} persons had vulnerabilities that are being followed up.",
    "rights": "{n} persons were told their rights, in {languages}.",
    "followups": "{total} follow-ups were opened, of which {open} are still open.",
    "referrals": "{n} of them are referrals to {agencies}.",
    "and": "and",
}
