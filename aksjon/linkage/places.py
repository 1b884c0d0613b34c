"""Venues as places: which registered units are a place where the business is carried on,
and which of them are one place, decided from register facts alone (docs/linkage.md,
'Venues as places').

A *place* is an establishment unit (BEDR) at its location address, or a main unit in
the sector with no establishment unit of its own (a sole proprietorship, typically) at
its business address. A unit outside the sector (a holding company, an accountant, an
auditor, a hairdresser), a unit that holds accountant's, auditor's or owner's roles in
other units (a hub), and a company whose establishments are the places is no place.

Links, each a rule with its reason (weight 40, as every deterministic link):

- `same_place`: two establishments of one company at the same address;
- `sole_establishment`: a company and its one place (all its establishments at one
  address); a company with establishments at several addresses (a chain) is no venue;
- `reregistered`: a place deleted and another registered at the same address (the street
  spelt alike: one edit, two in a long name), in the sector, within
  REREGISTRATION_WINDOW_DAYS after it (or REREGISTRATION_OVERLAP_DAYS before), whatever
  its name; or a main unit deleted and another of the same name registered in the same
  town within that window, wherever its address (one of them at the owner's home). A
  succession of several units at one address links each to the next; when more than one
  successor or predecessor fits about equally well, the pairs go to review instead
  (match weight 0, rule `review:reregistered`);
- `one_business`: a unit that is no venue (a hairdresser, a restaurant) and its only
  establishment (or all of them at one address): one business, still no venue.

Plain Python on the prepared unit frame of aksjon.linkage.units; no Django.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations

import pandas as pd
from jellyfish import damerau_levenshtein_distance

from aksjon.linkage.addresses import parse_address
from aksjon.linkage.result import DETERMINISTIC_MATCH_WEIGHT, DETERMINISTIC_PREFIX, PAIR_COLUMNS

# The sector's industry codes (NACE / SN2007, as Enhetsregisteret writes them in
# naeringskode1). Source: SSB, Standard for næringsgruppering (SN2007): massage salons
# register as 96.040 'Virksomhet knyttet til personlig velvære' (bath, sauna, massage)
# and, where the owner calls it treatment, 86.909 'Andre helsetjenester' (incl.
# massage therapists); some use 96.090 'Annen personlig tjenesteyting ikke nevnt
# annet sted'. The register's own files in docs/formats name 96.040 and 86.909. Hairdressers (96.021),
# beauty salons (96.022), accountants (69.201), auditors (69.202) and holding
# companies (64.200) are not the sector.
SECTOR_INDUSTRIES = frozenset({"96.040", "86.909", "96.090"})
# A unit deleted and another registered at the same address up to this many days after
# (or this many before, a hand-over registered early) is the same venue re-registered.
# Assumption: a salon taken over or re-registered reopens within months; a new business
# at the same premises years later is not decided by the register alone.
REREGISTRATION_WINDOW_DAYS = 180
REREGISTRATION_OVERLAP_DAYS = 60
# Later than the window but within this many days of the deletion, a unit at the same address is
# perhaps the same salon reopened after a long closure (renovation, a new owner's permits):
# the pair goes to review (`review:reregistered`), not to a link.
REREGISTRATION_REVIEW_DAYS = 365
# Successors this many days apart from the deletion are told apart; closer, both go to review.
CLEAR_DAYS = 45
# Roles that make a unit a service to others, never a venue: auditor, accountant.
SERVICE_ROLES = frozenset({"REVI", "REGN"})
# A unit holding roles (owner, board, contact) in this many units or more is a holding, not a place.
HUB_UNITS = 3

SAME_PLACE = DETERMINISTIC_PREFIX + "same_place"
SOLE_ESTABLISHMENT = DETERMINISTIC_PREFIX + "sole_establishment"
ONE_BUSINESS = DETERMINISTIC_PREFIX + "one_business"
REREGISTERED = DETERMINISTIC_PREFIX + "reregistered"
REVIEW_REREGISTERED = "review:reregistered"
# Two places at one address, in the register at the same time, that no rule joins: the salon and a
# masseuse's own sole proprietorship, or one salon registered twice; the model may decide, else an analyst.
REVIEW_SAME_ADDRESS = "review:same_address"
# A review pair's weight: probability 0.5, in the band between -2 and CLUSTER_THRESHOLD.
REVIEW_WEIGHT = 0.0


@dataclass
class Places:
    """`venue`: unit id -> True (a place), False (no venue), None (not decided by the register:
    no form or industry known); `key`: a place's address key; `pairs`: PAIR_COLUMNS rows."""

    venue: dict = field(default_factory=dict)
    key: dict = field(default_factory=dict)
    pairs: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=PAIR_COLUMNS))

    @property
    def decided(self) -> bool:
        """Whether the register's facts (form, industry) were there to decide anything."""
        return any(is_place is not None for is_place in self.venue.values())

    def no_venue(self) -> set:
        return {uid for uid, is_place in self.venue.items() if is_place is False}


PLACE_COLUMNS = ["unique_id", "orgnr", "parent_orgnr", "registered", "deleted", "street", "postcode", "town",
                 "form", "industry", "roles_held", "name"]


def prepare_places(records: pd.DataFrame) -> pd.DataFrame:
    """The columns find_places reads, from raw unit records (PLACE_COLUMNS), without the model's
    name keys: for the register's import, which decides places without a linkage run."""
    addresses = [parse_address(street, postcode, town) for street, postcode, town
                 in zip(records["street"], records["postcode"], records["town"], strict=True)]
    return pd.DataFrame({
        "unique_id": records["unique_id"].to_numpy(), "kind": "unit",
        "orgnr": records["orgnr"].to_numpy(), "parent_orgnr": records["parent_orgnr"].to_numpy(),
        "registered": records["registered"].to_numpy(), "deleted": records["deleted"].to_numpy(),
        "street_key": [a.key if a.street and a.number else None for a in addresses],
        "town": [town_key(a.town) for a in addresses],
        "form": records["form"].to_numpy(), "industry": records["industry"].to_numpy(),
        "roles_held": records["roles_held"].to_numpy(),
        "full_name_key": [_name_key(name) for name in
                          (records["name"] if "name" in records.columns else [None] * len(records))],
    })


def _name_key(name) -> str | None:
    from aksjon.linkage.names import business_name_words

    return "".join(business_name_words(name)) or None if isinstance(name, str) else None


def town_key(town: str) -> str | None:
    """A postal town without its district letter ('KRISTIANSAND S'): people write the town."""
    return re.sub(r"( [a-z])+$", "", town or "") or None


def groups(places: Places) -> list[set]:
    """The units that are one place by the register's sure links (union-find), each place
    unit in exactly one group; no-venue units only where a link names them (a company
    with one place)."""
    parent: dict = {uid: uid for uid, is_place in places.venue.items() if is_place}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    sure = places.pairs[places.pairs["match_weight"] >= DETERMINISTIC_MATCH_WEIGHT]
    for a, b in zip(sure["unique_id_l"], sure["unique_id_r"], strict=True):
        for x in (a, b):
            parent.setdefault(x, x)
        parent[find(a)] = find(b)
    found: dict = defaultdict(set)
    for uid in parent:
        found[find(uid)].add(uid)
    # A business that is no venue (one_business) is no place's group.
    return sorted((members for members in found.values() if any(places.venue.get(uid) for uid in members)),
                  key=lambda members: min(map(str, members)))


def _day(text) -> date | None:
    try:
        return date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


def is_hub(roles_held) -> bool:
    """A unit that is accountant or auditor of another unit, or holds roles in HUB_UNITS units or more."""
    held = list(roles_held) if isinstance(roles_held, list | tuple) else []
    return bool(SERVICE_ROLES & set(held)) or len(held) >= HUB_UNITS


def find_places(prepared: pd.DataFrame, *, window_days: int = REREGISTRATION_WINDOW_DAYS,
                overlap_days: int = REREGISTRATION_OVERLAP_DAYS, sector=SECTOR_INDUSTRIES) -> Places:
    """Places and the links between the units that are one place. `prepared`: prepare_units'
    frame with its optional `form`, `industry` and `roles_held` columns."""
    units = prepared[prepared["kind"] == "unit"]
    if "form" not in units.columns or units.empty:
        return Places()
    rows = units.to_dict("records")
    by_orgnr = {row["orgnr"]: row for row in rows if row["orgnr"]}
    establishments = defaultdict(list)
    for row in rows:
        if row["parent_orgnr"]:
            establishments[row["parent_orgnr"]].append(row)
    places = Places()
    for row in rows:
        places.venue[row["unique_id"]] = _is_place(_with_inherited_industry(row, by_orgnr), establishments, sector)
        if places.venue[row["unique_id"]] and row["street_key"]:
            places.key[row["unique_id"]] = (row["street_key"], row["town"])
    pairs = []
    # Establishments of one company: one place at one address, several places at several.
    for parent, children in establishments.items():
        placed = [c for c in children if places.venue.get(c["unique_id"])]
        keys = {places.key.get(c["unique_id"]) for c in placed}
        pairs += [_pair(one, other, SAME_PLACE, f"establishments of {parent} at one address")
                  for one, other in combinations(placed, 2)
                  if places.key.get(one["unique_id"]) is not None
                  and places.key.get(one["unique_id"]) == places.key.get(other["unique_id"])]
        company = by_orgnr.get(parent)
        if company is not None and placed and len(keys) == 1 and None not in keys:
            places.venue[company["unique_id"]] = False  # the establishment is the venue
            pairs.append(_pair(company, placed[0], SOLE_ESTABLISHMENT, "the company's only place"))
        elif company is not None and len(keys) > 1:
            places.venue[company["unique_id"]] = False  # a chain: each establishment is a venue
        if (company is not None and not placed and places.venue.get(company["unique_id"]) is False
                and (len(children) == 1 or len({_address(c) for c in children}) == 1)):
            # Another trade's company and its one establishment (or all at one address): one business, no venue.
            pairs += [_pair(company, child, ONE_BUSINESS, f"establishment of {parent}, no venue") for child in children]
    pairs += _reregistrations([r for r in rows if r["unique_id"] in places.key], places.key, window_days,
                              overlap_days)
    pairs += _renewed_names([r for r in rows if places.venue.get(r["unique_id"]) and not r["parent_orgnr"]],
                            window_days, overlap_days)
    places.pairs = pd.DataFrame(pairs, columns=PAIR_COLUMNS).drop_duplicates(["unique_id_l", "unique_id_r"])
    review = _live_at_one_address([r for r in rows if r["unique_id"] in places.key], places)
    if review:
        places.pairs = pd.DataFrame(places.pairs.to_dict("records") + review, columns=PAIR_COLUMNS)
    return places


def _live_at_one_address(rows: list[dict], places: Places) -> list[dict]:
    """A review pair for each two places at one address, in the register at the same time, in two groups."""
    group = {uid: i for i, members in enumerate(groups(places)) for uid in members}
    at = defaultdict(list)
    for row in rows:
        at[places.key[row["unique_id"]]].append(row)
    pairs = []
    for units in at.values():
        for one, other in combinations(units, 2):
            if group.get(one["unique_id"]) != group.get(other["unique_id"]) and _overlap(one, other):
                pairs.append(_pair(one, other, REVIEW_SAME_ADDRESS, "two places at one address at the same time "
                                   f"(registered {one['registered']} and {other['registered']})", weight=REVIEW_WEIGHT))
    return pairs


def _overlap(one: dict, other: dict) -> bool:
    return ((one["registered"] or "0000") < (other["deleted"] or "9999")
            and (other["registered"] or "0000") < (one["deleted"] or "9999"))


def _with_inherited_industry(row: dict, by_orgnr: dict) -> dict:
    """An establishment registered without an industry code of its own carries on its
    company's business: it takes the company's code."""
    parent = by_orgnr.get(row["parent_orgnr"]) if row["parent_orgnr"] else None
    if row.get("industry") or parent is None or not parent.get("industry"):
        return row
    return row | {"industry": parent["industry"]}


def _is_place(row: dict, establishments: dict, sector) -> bool | None:
    industry, form = row.get("industry"), row.get("form")
    if is_hub(row.get("roles_held")):
        return False
    if not industry or not form:
        return None  # not in the register, or typed in by hand: the model decides
    if industry not in sector:
        return False
    if row["parent_orgnr"] or form == "BEDR":
        return True
    return not establishments.get(row["orgnr"])


def _address(row: dict) -> tuple | None:
    return (row["street_key"], row["town"]) if row.get("street_key") else None


def _successions(rows: list[dict], window_days: int, overlap_days: int, alike) -> list[tuple[int, dict, dict]]:
    """(days from deletion to registration, predecessor, successor) for each pair of `rows` that
    `alike` accepts, the successor registered within the window around the predecessor's deletion."""
    found = []
    for old in rows:
        deleted = _day(old["deleted"])
        if deleted is None:
            continue
        for new in rows:
            registered = _day(new["registered"])
            if new is old or registered is None or (new["parent_orgnr"] and new["parent_orgnr"] ==
                                                    old["parent_orgnr"]) or not alike(old, new):
                continue
            days = (registered - deleted).days
            if -overlap_days <= days <= window_days and (_day(old["registered"]) or date.min) < registered:
                found.append((days, old, new))
    return found


def _streets_alike(one: str, other: str) -> bool:
    """'Strandgata' and 'Strnadgata': one edit, two in a name of ten letters or more (as units.ADDRESS_LEVELS);
    spaces aside ('Kongens gtae' is 'Kongensgata' mistyped)."""
    one, other = one.replace(" ", ""), other.replace(" ", "")
    return one == other or damerau_levenshtein_distance(one, other) <= (2 if min(len(one), len(other)) >= 10 else 1)


def _reregistrations(rows: list[dict], key: dict, window_days: int, overlap_days: int) -> list[dict]:
    at = defaultdict(list)  # (town, house number): the street may be written differently
    for row in rows:
        street, _space, number = key[row["unique_id"]][0].rpartition(" ")
        at[(key[row["unique_id"]][1], number)].append(row | {"_street": street})
    pairs = []
    for units in at.values():
        if len(units) < 2:
            continue
        found = _successions(units, max(window_days, REREGISTRATION_REVIEW_DAYS), overlap_days,
                             lambda a, b: _streets_alike(a["_street"], b["_street"]))
        pairs += _succession_pairs(found, "at the same address", window_days)
    return pairs


def _renewed_names(rows: list[dict], window_days: int, overlap_days: int) -> list[dict]:
    """A main unit deleted and another of the same name registered in the same town within the window:
    one of them registered at its owner's home ('CHIANG MAI STAR ANS' re-registered by new partners)."""
    by_name = defaultdict(list)
    for row in rows:
        if row.get("full_name_key") and row["town"]:
            by_name[(row["full_name_key"], row["town"])].append(row)
    found = [f for units in by_name.values() if len(units) > 1
             for f in _successions(units, window_days, overlap_days, lambda a, b: _address(a) != _address(b))]
    return _succession_pairs(found, "under the same name in the same town", window_days)


def _succession_pairs(found: list[tuple[int, dict, dict]], where: str, window_days: int) -> list[dict]:
    """Each predecessor linked to its successor; a unit that is itself the successor of another
    candidate (a chain of registrations at one place) is that one's, not a competitor; among true
    competitors not CLEAR_DAYS apart, and after `window_days`, the pairs go to review."""
    follows = {(old["unique_id"], new["unique_id"]) for _days, old, new in found}
    after, before = defaultdict(list), defaultdict(list)
    for days, old, new in found:
        after[old["unique_id"]].append((abs(days), new["unique_id"]))
        before[new["unique_id"]].append((abs(days), old["unique_id"]))
    # In a chain A -> B -> C, C is B's successor and A is B's predecessor: A -> C says nothing more.
    after = {o: [(d, n) for d, n in opts if not any((m, n) in follows for _d, m in opts if m != n)]
             for o, opts in after.items()}
    before = {n: [(d, o) for d, o in opts if not any((o, m) in follows for _d, m in opts if m != o)]
              for n, opts in before.items()}
    pairs = []
    for days, old, new in found:
        o, n = old["unique_id"], new["unique_id"]
        if not any(x == n for _d, x in after[o]) or not any(x == o for _d, x in before[n]):
            continue  # implied by the chain
        # A masseuse's own firm (named after nothing but her) at the salon is not the salon's succession.
        sure = (days <= window_days and _clear(after[o], n) and _clear(before[n], o)
                and not old.get("own_firm") and not new.get("own_firm"))
        own = " (a masseuse's own firm)" if old.get("own_firm") or new.get("own_firm") else ""
        reason = (f"deleted {old['deleted']}, re-registered {new['registered']} {where} "
                  f"({abs(days)} days{'' if days <= window_days else ', after the window'}){own}")
        pairs.append(_pair(old, new, REREGISTERED if sure else REVIEW_REREGISTERED, reason,
                           weight=DETERMINISTIC_MATCH_WEIGHT if sure else REVIEW_WEIGHT))
    return pairs


def _clear(options: list[tuple[int, str]], chosen: str) -> bool:
    """Whether `chosen` is the one option nearest in time, by CLEAR_DAYS or more."""
    ranked = sorted(options)
    return ranked[0][1] == chosen and (len(ranked) == 1 or ranked[1][0] - ranked[0][0] >= CLEAR_DAYS)


def _pair(one: dict, other: dict, rule: str, reason: str, weight: float = DETERMINISTIC_MATCH_WEIGHT) -> dict:
    a, b = sorted([one["unique_id"], other["unique_id"]], key=str)
    return {"unique_id_l": a, "unique_id_r": b, "match_weight": weight,
            "match_probability": 1.0 if weight == DETERMINISTIC_MATCH_WEIGHT else 0.5, "rule": rule,
            "explanation": [{"comparison": rule.split(":", 1)[1], "level": reason, "match_weight": weight}]}
