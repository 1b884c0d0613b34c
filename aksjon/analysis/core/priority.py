"""A venue's priority for control: transparent additive points per signal.

Plain Python, no Django. The weights are configuration set by the national unit
(aksjon/data/priority-weights.toml, versioned): each signal code has its points and a
one-line reason, each family a cap so that one kind of source (many ads, say) cannot
outweigh the rest. A venue's score is

    sum over families of min(cap, sum over codes of points × strength × recency)

where a code counts once per venue (its strongest signal) unless the weights allow it to
repeat (`repeat`, e.g. tips from separate people), and recency halves a signal's weight
every `half_life_days` before the reference day (no decay when it is 0). Every point is
a reason with its evidence, so a page can show why; nothing else goes in. In particular
the inputs are signals (venue, family, code, evidence, refs, date, strength) only: no
field for a person's nationality or ethnicity exists here, and no weight names one.

For prioritising controls, never evidence.
"""
from __future__ import annotations

import tomllib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class SignalIn:
    """What the scorer knows about one signal: nothing about any person."""

    venue: int
    family: str
    code: str
    evidence: str = ""
    refs: tuple[str, ...] = ()
    observed_on: date | None = None
    strength: float = 1.0
    message: dict | None = None  # the evidence as a template and its values, said in the reader's language


@dataclass(frozen=True)
class Code:
    points: float
    reason: str  # in bokmål, the interface's first language
    repeat: int = 1  # how many signals of the code count (the strongest first)
    reason_en: str = ""  # in English (an English page falls back to `reason` without it)

    def reason_in(self, lang: str) -> str:
        """The reason for a reader of `lang` ("nb", "en")."""
        return self.reason_en if lang == "en" and self.reason_en else self.reason


@dataclass(frozen=True)
class Weights:
    version: str
    set_by: str
    set_on: str
    half_life_days: float  # 0: no recency decay
    caps: Mapping[str, float]  # family -> most points the family can give
    codes: Mapping[str, Code]  # code -> points
    family_default: Mapping[str, float] = field(default_factory=dict)  # points of a code the file does not list


@dataclass
class Scored:
    venue: int
    score: float
    rank: int = 0
    reasons: list[dict] = field(default_factory=list)


class WeightsError(ValueError):
    """A weights file that is not as documented."""


def read_weights(path: Path) -> Weights:
    return parse_weights(tomllib.loads(path.read_text("utf-8")))


def parse_weights(data: dict) -> Weights:
    try:
        families = data["families"]
        codes = {name: Code(float(entry["points"]), str(entry["reason"]), int(entry.get("repeat", 1)),
                            str(entry.get("reason_en", "")))
                 for name, entry in data["codes"].items()}
        weights = Weights(
            version=str(data["version"]), set_by=str(data["set_by"]), set_on=str(data["date"]),
            half_life_days=float(data.get("half_life_days", 0)),
            caps={name: float(entry["cap"]) for name, entry in families.items()},
            codes=codes,
            family_default={name: float(entry.get("default_points", 0)) for name, entry in families.items()})
    except (KeyError, TypeError, ValueError) as error:
        raise WeightsError(f"weights file: {error!r}") from error
    if any(code.points < 0 or code.repeat < 1 for code in codes.values()):
        raise WeightsError("weights file: points are never negative and repeat is at least 1")
    return weights


def recency(observed_on: date | None, today: date, half_life_days: float) -> float:
    """1 for a signal of today (or undated), halving every `half_life_days` before it."""
    if not half_life_days or observed_on is None or observed_on >= today:
        return 1.0
    return 0.5 ** ((today - observed_on).days / half_life_days)


def _points_of(code: str, family: str, weights: Weights) -> tuple[float, str, int]:
    if code in weights.codes:
        entry = weights.codes[code]
        return entry.points, entry.reason, entry.repeat
    return weights.family_default.get(family, 0.0), "family default (code not in the weights)", 1


def score_venue(venue: int, signals: Iterable[SignalIn], weights: Weights, today: date,
                ignore_families: frozenset[str] = frozenset()) -> Scored:
    """One venue's score and reasons (largest first). Families in `ignore_families` give nothing
    (the ablation of a family: what the list would be without it)."""
    by_code: dict[tuple[str, str], list[tuple[float, SignalIn]]] = defaultdict(list)
    for signal in signals:
        if signal.family in ignore_families or signal.family not in weights.caps:
            continue
        points = _points_of(signal.code, signal.family, weights)[0]
        worth = points * max(0.0, min(1.0, signal.strength)) * recency(signal.observed_on, today,
                                                                     weights.half_life_days)
        if worth > 0:
            by_code[(signal.family, signal.code)].append((worth, signal))
    family_reasons: dict[str, list[dict]] = defaultdict(list)
    for (family, code), worths in by_code.items():
        _points, reason, repeat = _points_of(code, family, weights)
        counted = sorted(worths, key=lambda pair: (-pair[0], str(pair[1].observed_on)))[:repeat]
        for worth, signal in counted:
            family_reasons[family].append(_reason(signal, worth, reason))
    reasons: list[dict] = []
    for family, items in family_reasons.items():
        reasons += _capped(items, weights.caps[family])
    reasons.sort(key=lambda item: (-item["points"], item["family"], item["code"]))
    return Scored(venue, round(sum(item["points"] for item in reasons), 2), reasons=reasons)


def _reason(signal: SignalIn, worth: float, why: str) -> dict:
    return {"family": signal.family, "code": signal.code, "points": round(worth, 2), "why": why,
            "evidence": signal.evidence, "refs": list(signal.refs), "message": signal.message,
            "observed_on": signal.observed_on.isoformat() if signal.observed_on else None}


def _capped(items: list[dict], cap: float) -> list[dict]:
    """The family's reasons with their points cut so they add up to at most `cap` (the largest
    kept whole first); a cut reason says so."""
    left, kept = cap, []
    for item in sorted(items, key=lambda item: -item["points"]):
        if left <= 0:
            break
        if item["points"] > left:
            item = item | {"points": round(left, 2), "capped": True}
        left -= item["points"]
        kept.append(item)
    return kept


def score_all(signals: Iterable[SignalIn], weights: Weights, today: date,
              ignore_families: frozenset[str] = frozenset(), venues: Iterable[int] | None = None) -> list[Scored]:
    """Every venue scored and ranked (1 = first to control); ties by venue key. With `venues`,
    each of them (a venue without a signal scores 0 and comes last); without, every venue
    with points."""
    per_venue: dict[int, list[SignalIn]] = defaultdict(list)
    for signal in signals:
        per_venue[signal.venue].append(signal)
    scored = [score_venue(venue, items, weights, today, ignore_families) for venue, items in per_venue.items()]
    if venues is None:
        scored = [item for item in scored if item.score > 0]
    else:
        wanted = set(venues)
        scored = [item for item in scored if item.venue in wanted]
        scored += [Scored(venue, 0.0) for venue in sorted(wanted - set(per_venue))]
    scored.sort(key=lambda item: (-item.score, item.venue))
    for rank, item in enumerate(scored, start=1):
        item.rank = rank
    return scored


def reasons_text(reasons: Iterable[dict]) -> str:
    """"code (+points); …" — the export's one-cell summary."""
    return "; ".join(f"{item['code']} (+{item['points']:g})" for item in reasons)
