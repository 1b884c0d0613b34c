"""Signals of the sources the priority reads directly: earlier inspections, tips, ads and
reviews, earlier controls, and the register (families inspection, tip, ad, control, register).

Reads the operational database and returns plain `SignalIn`s (aksjon.analysis.core.priority);
aksjon.analysis.store.priority writes them. A tip or an inspection is on the venue whose
cluster holds it (the venue cross-referencing, like the ads: aksjon.intel.placing), an
inspection without a cluster on the venue of its organisation number. Nothing about any
person is read: no names, no nationality, no language.
"""
from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta

from django.db.models import Q
from django.utils import formats, translation
from django.utils.translation import gettext, gettext_noop

from aksjon.analysis.core import red_flags
from aksjon.analysis.core.priority import SignalIn
from aksjon.controls.models import Finding
from aksjon.core import vocabulary
from aksjon.core.refs import Ref, prefix
from aksjon.intel.models import ClusterMember, Inspection, Tip
from aksjon.registry.models import Ad, RegisteredUnit, Venue

FAMILIES = ("inspection", "tip", "ad", "control", "register")

# How much a tip's channel is believed (the tip signal's strength): a police report is
# checked, a public tip may be a neighbour's grudge or a competitor's (false tips exist).
CHANNEL_STRENGTH = {"police": 1.0, "partner_agency": 0.9, "ngo": 0.8, "public": 0.5}
# Forms of a unit that is the business itself (not an establishment under it).
MAIN_FORMS = {"ENK", "AS", "NUF", "ANS", "DA", "ASA", "SA"}
EVIDENCE_LENGTH = 300


def collect(progress=None) -> list[SignalIn]:
    """Every signal of the five families."""
    steps = (_inspection_signals, _tip_signals, _ad_signals, _control_signals, _register_signals)
    signals: list[SignalIn] = []
    for done, step in enumerate(steps):
        if progress:
            progress("priority", done, len(steps) + 2)
        signals += step()
    return signals


def _short(text: str) -> str:
    return text if len(text) <= EVIDENCE_LENGTH else text[:EVIDENCE_LENGTH - 1] + "…"


# --- evidence in words of the reader's language ---
#
# Evidence composed here is kept language-neutral: an English message (marked with
# gettext_noop so makemessages finds it) and its values, as aksjon.core.errors does. The
# message rides as the last item of the signal's `refs` ({"text", "params"}); the signal's
# `evidence` keeps the English rendering for exports. A page renders it in the reader's
# language: values named below are vocabulary codes shown by their label, `*_date` values
# ISO dates shown in the local format, a nested message or a list rendered in turn.

CODE_PARAMS = {"finding": "findings", "channel": "tip_channels", "kind": "tie_kinds", "value": "shared_values"}


def said(text: str, /, **params) -> dict:
    """A message with its values, for `evidence_of` to render (values must be JSON: dates as ISO text)."""
    return {"text": text, "params": params}


def is_said(item) -> bool:
    return isinstance(item, dict) and "text" in item


def render(message: dict, iso_dates: bool = False) -> str:
    """The message in the active language (dates in its format, or ISO for an export)."""
    values = {name: _value(name, value, iso_dates) for name, value in (message.get("params") or {}).items()}
    try:
        return gettext(message["text"]) % values
    except (KeyError, TypeError, ValueError):
        return message["text"] % values if values else message["text"]


def english(message: dict) -> str:
    """The message in English: the signal's `evidence`, for exports."""
    with translation.override("en"):
        return _short(render(message, iso_dates=True))


def _value(name: str, value, iso_dates: bool):
    if is_said(value):
        return render(value, iso_dates)
    if isinstance(value, list):
        return ", ".join(str(_value(name, item, iso_dates)) for item in value)
    if name in CODE_PARAMS and isinstance(value, str):
        try:
            text = vocabulary.label(CODE_PARAMS[name], value, (translation.get_language() or "nb")[:2])
        except KeyError:
            return value
        return text if name == "finding" else text.lower()  # said mid-sentence
    if name.endswith("date") and isinstance(value, str) and not iso_dates:
        try:
            return formats.date_format(date.fromisoformat(value[:10]), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    return value


def _signal(venue: int, family: str, code: str, message: dict, refs, day, strength: float = 1.0) -> SignalIn:
    return SignalIn(venue, family, code, english(message), tuple(refs), day, strength, message)


def _iso(day) -> str | None:
    return day.isoformat() if day else None


# --- records on venues, by the venue clusters ---

def venues_of(kind: str) -> dict[int, int]:
    """Record key -> venue key for the records of `kind` ("tip", "inspection") whose venue
    cluster holds a venue (its smallest venue reference, as aksjon.intel.placing does)."""
    venue_in: dict[str, Ref] = {}
    for cluster, ref in ClusterMember.objects.filter(kind="venue", ref__startswith=prefix("venue")).values_list(
            "cluster", "ref"):
        parsed = Ref.parse(ref)
        if cluster not in venue_in or parsed < venue_in[cluster]:
            venue_in[cluster] = parsed
    placed = {}
    for ref, cluster in ClusterMember.objects.filter(kind="venue", ref__startswith=prefix(kind)).values_list(
            "ref", "cluster"):
        if cluster in venue_in:
            placed[Ref.parse(ref).key] = venue_in[cluster].key
    return placed


def _venue_of_orgnr() -> dict[str, int]:
    """orgnr -> venue: the place a unit is (RegisteredUnit.place), else the venue it is the unit of."""
    found = {orgnr: venue for orgnr, venue in Venue.objects.filter(unit__isnull=False)
             .values_list("unit__orgnr", "pk")}
    found |= {orgnr: place for orgnr, place in RegisteredUnit.objects.filter(place__isnull=False)
              .values_list("orgnr", "place_id")}
    return found


# --- inspections ---

def _inspection_signals() -> list[SignalIn]:
    placed, by_orgnr = venues_of("inspection"), _venue_of_orgnr()
    signals = []
    for inspection in Inspection.objects.only("pk", "inspection_id", "agency", "date", "orgnr", "findings"):
        venue = placed.get(inspection.pk) or by_orgnr.get(inspection.orgnr)
        if venue is None:
            continue
        for finding in inspection.findings:
            if finding == "none":
                continue
            signals.append(_signal(
                venue, "inspection", f"inspection_{finding}",
                said(gettext_noop("%(agency)s %(inspection)s (%(date)s): %(finding)s"), agency=inspection.agency,
                     inspection=inspection.inspection_id, date=_iso(inspection.date), finding=finding),
                (f"inspection:{inspection.pk}",), inspection.date))
    return signals


# --- tips ---

def _tip_signals() -> list[SignalIn]:
    placed = venues_of("tip")
    signals, tips_of = [], defaultdict(list)
    for tip in Tip.objects.only("pk", "tip_id", "received_at", "channel", "text"):
        venue = placed.get(tip.pk)
        if venue is None:
            continue
        strength = CHANNEL_STRENGTH.get(tip.channel, 0.5)
        day, ref = tip.received_at.date(), (f"tip:{tip.pk}",)
        tips_of[venue].append(tip)
        said_tip = said(gettext_noop("%(tip)s (%(channel)s): %(text)s"), tip=tip.tip_id, channel=tip.channel,
                        text=_short(tip.text))
        signals.append(_signal(venue, "tip", "tip_received", said_tip, ref, day, strength))
        for flag in red_flags.tip_flags(tip.text):
            code = flag.code if flag.code.startswith("tip_") else f"tip_{flag.code}"
            signals.append(SignalIn(venue, "tip", code, _short(f"{tip.tip_id}: «{flag.words}»"), ref, day, strength))
    for venue, tips in tips_of.items():
        independent = _independent(tips)
        if independent:
            signals.append(_signal(venue, "tip", "tips_independent",
                                   said("%(tips)s", tips=[said(gettext_noop("%(tip)s (%(channel)s)"), tip=tip.tip_id,
                                                               channel=tip.channel) for tip in independent[:20]]),
                                   tuple(f"tip:{tip.pk}" for tip in independent),
                                   max(tip.received_at.date() for tip in independent)))
    return signals


def _independent(tips: list[Tip]) -> list[Tip]:
    """Tips that cannot all be one person's: from two channels, or received a month or more apart."""
    if len(tips) < 2:
        return []
    tips = sorted(tips, key=lambda tip: tip.received_at)
    spread = tips[-1].received_at - tips[0].received_at >= timedelta(days=30)
    return tips if spread or len({tip.channel for tip in tips}) > 1 else []


# --- ads and reviews ---

def _ad_signals() -> list[SignalIn]:
    """Text flags of the ads placed at venues (each distinct text read once), escort ads tied to
    a venue, and prices far below the town's market."""
    rows = (Ad.objects.filter(venue__isnull=False)
            .values_list("pk", "venue_id", "ad_source", "ad_id", "category", "title", "text", "price_text",
                         "observed_at", "venue__town_id")
            .order_by("venue_id", "observed_at"))
    flags_of: dict[tuple, list] = {}
    best: dict[tuple[int, str], SignalIn] = {}  # (venue, code) -> its newest signal
    prices: dict[int, list[float]] = defaultdict(list)
    town_of: dict[int, int] = {}
    for _pk, venue, source, ad_id, category, title, text, price_text, observed, town in rows.iterator(2000):
        town_of[venue] = town
        key = (category, title, text)
        if key not in flags_of:
            flags_of[key] = red_flags.ad_flags(category, title, text)
        day, ref = observed.date(), f"ad:{source}/{ad_id}"
        for flag in flags_of[key]:
            best[(venue, flag.code)] = SignalIn(venue, "ad", flag.code, _short(f"{ref}: «{flag.words}»"), (ref,), day)
        if category == "escort":
            best[(venue, "escort_ad_at_venue")] = SignalIn(venue, "ad", "escort_ad_at_venue",
                                                           _short(f"{ref}: {title}"), (ref,), day)
        if category in ("massage", "booking") and price_text:
            price = red_flags.hourly_price(price_text)
            if price:
                prices[venue].append(price)
    return list(best.values()) + _price_signals(prices, town_of) + _escort_signals(best)


# A phone in the ads of more venues than this is a shared booking line or a listing service,
# not a tie between one venue and a worker's escort ads.
ESCORT_PHONE_VENUES = 2


def _escort_signals(placed: dict[tuple[int, str], SignalIn]) -> list[SignalIn]:
    """Escort ads tied to a venue by a phone: the venue's own number, or the number of its own
    massage or booking ads (an escort ad placed at the venue by the cross-referencing is
    already in `placed`)."""
    venues_of: dict[int, set[int]] = defaultdict(set)
    for venue, phone in Venue.phones.through.objects.values_list("venue_id", "phone_id"):
        venues_of[phone].add(venue)
    for venue, phone in (Ad.phones.through.objects.filter(ad__venue__isnull=False,
                                                          ad__category__in=("massage", "booking"))
                         .values_list("ad__venue_id", "phone_id").distinct()):
        venues_of[phone].add(venue)
    newest: dict[int, SignalIn] = {}
    rows = (Ad.phones.through.objects.filter(ad__category="escort", phone_id__in=list(venues_of))
            .values_list("phone_id", "phone__e164", "ad__ad_source", "ad__ad_id", "ad__title", "ad__observed_at")
            .order_by("ad__observed_at"))
    for phone, e164, source, ad_id, title, observed in rows.iterator(2000):
        venues = venues_of[phone]
        if len(venues) > ESCORT_PHONE_VENUES:
            continue
        ref = f"ad:{source}/{ad_id}"
        for venue in venues:
            if (venue, "escort_ad_at_venue") not in placed:
                newest[venue] = _signal(venue, "ad", "escort_ad_at_venue",
                                        said(gettext_noop("%(ad)s: escort ad with the venue's phone %(phone)s: "
                                                          "%(title)s"), ad=ref, phone=e164, title=_short(title or "")),
                                        (ref,), observed.date())
    return list(newest.values())


def _price_signals(prices: dict[int, list[float]], town_of: dict[int, int]) -> list[SignalIn]:
    """Venues whose median hourly price is under 75 % of their town's median venue price (the
    country's when the town has too few priced venues to be a market)."""
    median_of = {venue: statistics.median(values) for venue, values in prices.items()}
    by_town: dict[int, list[float]] = defaultdict(list)
    for venue, median in median_of.items():
        by_town[town_of[venue]].append(median)
    country = list(median_of.values())
    signals = []
    for venue, median in median_of.items():
        market = by_town[town_of[venue]]
        text = gettext_noop("%(price)s kr an hour against the town's median %(median)s kr")
        if len(market) < 5:
            market, text = country, gettext_noop("%(price)s kr an hour against the country's median %(median)s kr")
        compared = red_flags.below_market(median, market)
        if compared:
            signals.append(_signal(venue, "ad", "below_market_price",
                                   said(text, price=f"{median:.0f}", median=f"{compared:.0f}"), (), None))
    return signals


# --- earlier controls ---

def _control_signals() -> list[SignalIn]:
    signals = {}
    for code, venue, control, started in (Finding.objects.values_list(
            "code", "control__venue_id", "control_id", "control__started_at").order_by("control__started_at")):
        signals[(venue, code)] = _signal(venue, "control", f"control_{code}",
                                         said(gettext_noop("control %(control)s (%(date)s): %(finding)s"),
                                              control=control, date=_iso(started.date()), finding=code),
                                         (f"control:{control}",), started.date())
    return list(signals.values())


# --- the register ---

def _register_signals() -> list[SignalIn]:
    """The phoenix pattern: a place whose business was deleted and registered anew under a new
    number within two years, and places with many units in a short time."""
    units = defaultdict(list)
    for venue, pk, orgnr, form, registered, deleted in (
            RegisteredUnit.objects.filter(place__isnull=False).filter(Q(form__in=MAIN_FORMS) | Q(form="BEDR"))
            .values_list("place_id", "pk", "orgnr", "form", "registered_on", "deleted_on")):
        units[venue].append((orgnr, form, registered, deleted, pk))
    signals = []
    for venue, held in units.items():
        signals += list(_phoenix(venue, held))
    return signals


def _phoenix(venue: int, held: list[tuple]) -> Iterator[SignalIn]:
    mains = sorted((unit for unit in held if unit[1] in MAIN_FORMS and unit[2]), key=lambda unit: unit[2])
    pairs = [(old, new) for old, new in zip(mains, mains[1:], strict=False)
             if old[3] and new[2] and abs((new[2] - old[3]).days) <= 730]
    if pairs:
        told = said("%(pairs)s", pairs=[said(gettext_noop("%(old)s deleted %(deleted_date)s, %(new)s registered "
                                                    "%(registered_date)s"), old=old[0], deleted_date=_iso(old[3]),
                                              new=new[0], registered_date=_iso(new[2])) for old, new in pairs])
        yield _signal(venue, "register", "re_registered", told,
                       tuple(f"unit:{pk}" for pk in sorted({unit[4] for pair in pairs for unit in pair})),
                       max(new[2] for _old, new in pairs), min(1.0, len(pairs) / 2 + 0.5))
    dated = sorted(unit[2] for unit in held if unit[2])
    for start in range(len(dated) - 2):
        if dated[start + 2] - dated[start] <= timedelta(days=3 * 365):
            yield _signal(venue, "register", "many_units",
                          said(gettext_noop("%(units)s units at the place, three registered between %(from_date)s and "
                                     "%(to_date)s"), units=len(dated), from_date=_iso(dated[start]),
                               to_date=_iso(dated[start + 2])), (), dated[start + 2])
            break


# The families whose dates are when something was seen (an ad crawled, a tip received, an
# inspection made): their newest date is the sources' present. The register's and the
# networks' dates are of registrations and role changes, which may be dated ahead.
OBSERVED_FAMILIES = ("ad", "tip", "inspection", "control")


def reference_day(signals: list[SignalIn]) -> date:
    """The day recency is counted from: the newest date a source saw something (the sources'
    own present, so an old collection is not all decayed alike), never later than today."""
    days = [signal.observed_on for signal in signals if signal.observed_on and signal.family in OBSERVED_FAMILIES]
    return min(max(days), date.today()) if days else date.today()
