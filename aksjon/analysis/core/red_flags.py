"""Red flags read from text: ads, buyer reviews, tips (shared/domain/reference.md §7).

Plain Python, no Django. Each flag is a code and the words that raised it, so the
evidence a page shows is the phrase itself. The lexicons are the sector's own words in
bokmål and English (and the few loan words the ads use); they describe what is offered,
how the place is run and who comes, never who the women are: nationality and ethnicity
are not red flags here (the two §7 flags that name them are left out on purpose), so no
lexicon holds a nationality, an ethnic group or a language.
"""
from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# Codes of the text flags (also the codes of the signals they become, family "ad" or "tip").
SUGGESTIVE = "suggestive_wording"  # a massage ad hinting at more than massage
SEXUAL_REVIEW = "review_sexual_services"  # a buyer's review describing sexual services
LATE_HOURS = "late_hours"  # open late, all night, "on call"
CASH_ONLY = "cash_only"
LIVING_ON_PREMISES = "living_on_premises"
HIDDEN_ENTRANCE = "hidden_entrance"  # locked door, ring the bell, back or side entrance, covered windows
TURNOVER = "staff_turnover"  # "new girls every week"
CONTROLLED = "workers_controlled"  # a tip: driven to and from, not allowed out, papers kept, debt
MALE_CUSTOMERS = "male_customers_only"

# Words and phrases, matched on folded text (lower case, accents kept: æøå matter).
# A phrase is matched as whole words; "ekstra" alone is matched only in massage ads,
# where it is the sector's euphemism, never in a booking site's "ekstra tid".
_SUGGESTIVE = (
    "nye jenter", "new girls", "nye damer", "ny jente", "new girl", "søte jenter", "sweet girls", "unge jenter",
    "young girls", "vakre damer", "vakre jenter", "beautiful girls", "sexy", "hot", "deilig avslapning",
    "body to body", "body-to-body", "b2b", "nuru", "tantra", "erotisk", "erotic", "sensuell", "sensual",
    "happy ending", "ekstra", "extra", "ekstra avslapning", "extra relax", "full service", "alt inkludert",
    "all inclusive", "spesiell massasje", "special massage", "vår spesielle", "our special", "and more", "og mer",
    "diskret", "discreet", "diskret inngang", "discreet entrance", "private room", "naken", "nude",
    "topless", "you will smile", "du kommer til å smile", "mer enn massasje", "more than massage",
    "massage and more", "massasje og mer", "prostate", "prostata", "lingam",
)
_SEXUAL_REVIEW = (
    "happy ending", "he", "hj", "bj", "fs", "full service", "ekstra", "extra", "extras", "handjob", "hand job",
    "blowjob", "sex", "oral", "avslutning", "fikk mer", "got more", "tilbød mer", "offered more", "kondom",
    "condom", "tilbød sex", "offered sex", "naken", "nude", "body to body", "b2b", "nuru", "ekstra service",
    "extra service", "spør etter", "ask for", "mer enn massasje", "more than massage", "kåt", "horny",
    "utløsning", "release",
)
_CASH = ("kun kontant", "bare kontant", "kun cash", "cash only", "only cash", "tar bare kontanter",
         "ingen kort", "no cards", "no card", "kun kontanter", "bare kontanter")
_LIVING = ("bor i lokalet", "bor på salongen", "bor der", "sover i lokalet", "sover på salongen", "lives on site",
           "live on premises", "living on premises", "sleep at the", "sleeps at the", "madrass", "madrasser",
           "mattress", "mattresses", "klesvask", "laundry", "soverom", "bedroom", "bor på bakrommet")
_HIDDEN = ("diskret inngang", "discreet entrance", "bakinngang", "back entrance", "inngang bak", "side entrance",
           "sideinngang", "ring på", "ring the bell", "døren er låst", "døren er alltid låst", "locked door",
           "door is locked", "tildekket", "tildekkede", "covered windows", "windows covered", "parkering bak",
           "park at the back", "kamera", "cameras", "overvåkingskamera")
_TURNOVER = ("nye jenter", "new girls", "nye damer", "nye kvinner", "ny jente hver", "new every week",
             "nye hver uke", "nesten hver uke", "stadig nye", "skifter ofte", "byttes ut", "rotate", "rotation")
_CONTROLLED = ("henter og bringer", "kjører dem", "drives them", "driven to", "hentes", "bringes", "får ikke gå",
               "not allowed to leave", "ikke lov å gå", "passport", "passet", "passene", "gjeld", "debt",
               "skylder", "owe", "owes", "truet", "threatened", "redd", "afraid", "scared", "låst inne",
               "locked in", "tar pengene", "takes the money", "lønn", "unpaid", "ubetalt")
_MALE = ("bare menn", "kun menn", "only men", "men only", "bare mannlige kunder", "only male customers")
_ALL_NIGHT = ("døgnåpent", "døgnåpen", "åpent hele natten", "hele natta", "24/7", "åpent 24 timer", "open 24 hours",
              "all night", "open late", "åpent sent", "on call", "etter avtale hele døgnet", "nattåpent")

# Closing at or after this hour (or after midnight) is late for a massage salon.
LATE_CLOSING_HOUR = 22
_HOURS = re.compile(r"(?<!\d)([01]?\d|2[0-4])(?:[:.]([0-5]\d))?\s*[-–]\s*([01]?\d|2[0-4])(?:[:.]([0-5]\d))?(?!\d)")
_WORD = re.compile(r"\w+(?:[-/]\w+)*", re.UNICODE)


# Words that name a nationality, an ethnic group or a country of origin are taken OUT of the
# text before any lexicon is matched, so that they can neither raise nor lower a flag
# ("vakre thai damer" reads as "vakre damer"). They are never a flag of their own.
_ORIGIN_WORDS = frozenset("""
thai thaier thailandsk thailandske thailand thaijente thaijenter thaidame thaidamer asiatisk asiatiske asian
asia asiater kinesisk kinesiske chinese kina china filippinsk filippinske filipina filipino filippinene
vietnamesisk vietnamesiske vietnamese vietnam koreansk koreanske korean korea japansk japanske japanese japan
indonesisk indonesiske indonesian balinesisk balinese latina latin latino russisk russiske russian russland
østeuropeisk østeuropeiske eastern european europeisk rumensk rumenske romanian bulgarsk bulgarian afrikansk
afrikanske african nigeriansk nigerian brasiliansk brazilian norsk norske norwegian svensk svenske swedish
eksotisk eksotiske exotic orientalsk orientalske oriental
""".split())
_ORIGIN_PATTERN = re.compile(r"\b(?:" + "|".join(sorted(_ORIGIN_WORDS, key=len, reverse=True)) + r")\b",
                             re.IGNORECASE | re.UNICODE)


def without_origin(text: str) -> str:
    """`text` with every word naming a nationality or origin removed (and the space it leaves)."""
    return re.sub(r"\s{2,}", " ", _ORIGIN_PATTERN.sub(" ", text or "")).strip()


@dataclass(frozen=True)
class Flag:
    code: str
    words: str  # what raised it, as found in the text


def fold(text: str) -> str:
    return unicodedata.normalize("NFC", text or "").casefold()


def _phrases(text: str, lexicon: Iterable[str]) -> list[str]:
    """Lexicon phrases present in `text` as whole words, longest first."""
    padded = " " + " ".join(_WORD.findall(fold(without_origin(text)))) + " "
    found = [phrase for phrase in lexicon if " " + " ".join(_WORD.findall(phrase)) + " " in padded]
    return sorted(found, key=lambda phrase: (-len(phrase), phrase))


def closing_hour(text: str) -> float | None:
    """The latest closing hour the text states ("Åpent 10-23", "10:00-24:00", "12-02"): hours past
    midnight count as 24 + h. None when no opening hours are written."""
    latest = None
    for match in _HOURS.finditer(text or ""):
        start, end = int(match.group(1)), int(match.group(3)) + int(match.group(4) or 0) / 60
        if not 5 <= start <= 16 and not (start == 0 and end == 24):
            continue  # not an opening time: a phone number's digits, a price range
        close = end + 24 if end < start else end
        latest = close if latest is None else max(latest, close)
    return latest


def _late(text: str) -> str | None:
    words = _phrases(text, _ALL_NIGHT)
    if words:
        return words[0]
    close = closing_hour(text)
    if close is not None and close >= LATE_CLOSING_HOUR:
        match = next(m for m in _HOURS.finditer(text) if m.group(0))
        return match.group(0) if close < 24 else f"{match.group(0)} (after midnight)"
    return None


def ad_flags(category: str, title: str, text: str) -> list[Flag]:
    """The flags of one ad. A review is read for sexual services; a massage ad for suggestive
    wording; every ad for hours, cash, living on the premises and a hidden entrance."""
    whole = f"{title or ''} {text or ''}"
    flags: list[Flag] = []
    if category == "review":
        words = _phrases(whole, _SEXUAL_REVIEW)
        if words:
            flags.append(Flag(SEXUAL_REVIEW, ", ".join(words[:3])))
    elif category == "massage":
        words = _phrases(whole, _SUGGESTIVE)
        if words:
            flags.append(Flag(SUGGESTIVE, ", ".join(words[:3])))
    flags += _common_flags(whole, with_hours=category in ("massage", "booking"))
    return flags


def tip_flags(text: str) -> list[Flag]:
    """What a tip says about how the place is run (the tip itself is a signal of its own)."""
    flags = _common_flags(text, with_hours=True)
    for code, lexicon in ((CONTROLLED, _CONTROLLED), (TURNOVER, _TURNOVER), (MALE_CUSTOMERS, _MALE),
                          (SEXUAL_REVIEW, _SEXUAL_REVIEW)):
        words = _phrases(text, lexicon)
        if words:
            flags.append(Flag("tip_sexual_services" if code == SEXUAL_REVIEW else code, ", ".join(words[:3])))
    return flags


def _common_flags(text: str, *, with_hours: bool) -> list[Flag]:
    flags = []
    for code, lexicon in ((CASH_ONLY, _CASH), (LIVING_ON_PREMISES, _LIVING), (HIDDEN_ENTRANCE, _HIDDEN)):
        words = _phrases(text, lexicon)
        if words:
            flags.append(Flag(code, ", ".join(words[:3])))
    late = _late(text) if with_hours else None
    if late:
        flags.append(Flag(LATE_HOURS, late))
    return flags


# --- prices ---

_PRICE_PAIR = re.compile(
    r"(?P<amount>\d+(?:[.,]\d+)?)\s*(?P<unit>min(?:utter|utes|s)?\.?|timer?|hours?|h|t)\b\s*[:=\-–]?\s*"
    r"(?:kr\.?|nok)?\s*(?P<price>\d{3,5})(?:\s*(?:,-|kr|nok|:-))?", re.IGNORECASE)


def hourly_price(price_text: str) -> float | None:
    """The price of an hour's massage the text states ("30 min 530,- / 60 min 800,-", "1 time 600 NOK",
    "1h 1300", "60 min: 750 kr"): the 60-minute price when given, else the nearest duration scaled."""
    best: tuple[float, float] | None = None  # (distance from 60 min, price per hour)
    for match in _PRICE_PAIR.finditer(price_text or ""):
        amount = float(match.group("amount").replace(",", "."))
        minutes = amount if match.group("unit").lower().startswith("min") else amount * 60
        price = float(match.group("price"))
        if not 15 <= minutes <= 180 or not 100 <= price <= 20000:
            continue
        candidate = (abs(minutes - 60), price * 60 / minutes)
        if best is None or candidate[0] < best[0]:
            best = candidate
    return round(best[1], 1) if best else None


def below_market(price: float, town_prices: list[float], *, share: float = 0.75, least: int = 5) -> float | None:
    """The town's median hourly price when `price` is below `share` of it (else None). A town with
    fewer than `least` priced venues has no market to compare with."""
    if len(town_prices) < least:
        return None
    median = statistics.median(town_prices)
    return median if price < share * median else None
