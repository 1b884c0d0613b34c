"""Joining a record that fits exactly one group of units/venues.

A tip with only a name, or only an address, fits every venue of that name or at that
address; so does a record at an address that is no group's (a main unit at its owner's
home, a mistyped tip). The model keeps such pairs below CLUSTER_THRESHOLD, and the
record joins a group (the records linked so far) only when one group fits it better
than every other: a phone of its own in common (4), the same name or address (3), a
name inside a longer one or a near address (2), inside with near spellings (1); among
equals, the group with more records that fit. Groups are redone after each round.
The ranks read the comparison levels of aksjon.linkage.units by their labels.
"""
from __future__ import annotations

from collections import defaultdict

import pandas as pd

from aksjon.linkage.clusters import clusters
from aksjon.linkage.persons import CLUSTER_THRESHOLD
from aksjon.linkage.result import DETERMINISTIC_MATCH_WEIGHT, DETERMINISTIC_PREFIX, PAIR_COLUMNS

FIT_RULE = DETERMINISTIC_PREFIX + "only_fitting_group"
# A record that fits two groups or more equally well joins none: each best fit goes to review.
FIT_TIE_RULE = "review:fitting_tie"
_NAME_FIT = {"same name": 3, "same words, near spellings": 3, "one name inside the other": 2,
             "one name inside the other, near spellings": 1}
_ADDRESS_FIT = {"same street, number and postcode": 3, "same street and number": 3,
                "same number, street spelt alike": 2, "same street, number's digits swapped": 2}
_ELSEWHERE = {"different"}
_ROUNDS = 3


def fitting_links(prepared: pd.DataFrame, candidates: pd.DataFrame, deterministic: pd.DataFrame) -> pd.DataFrame:
    records = prepared.set_index("unique_id")
    ids = list(records.index)
    main = ((records["kind"] == "unit") & records["parent_orgnr"].isna()).to_dict()
    period = {uid: (start or "0000", end or "9999")
              for uid, start, end in records[["registered", "deleted"]].itertuples()}
    # Groups that know where and what the venue is: a unit, or a record with name and address.
    anchors = [uid for uid, kind, name, street in records[["kind", "name_key", "street_name"]].itertuples()
               if kind == "unit" or (name and street)]
    evidence = _evidence(candidates, records)
    links = [(a, b, w) for frame in (candidates, deterministic) if len(frame)
             for a, b, w in zip(frame["unique_id_l"], frame["unique_id_r"], frame["match_weight"], strict=True)]
    fitted: list[tuple[str, str, str]] = []
    tied: dict = {}  # group of the record -> its best fit in each of the equally good groups
    for _ in range(_ROUNDS):
        group = clusters(ids, links + [(a, b, DETERMINISTIC_MATCH_WEIGHT) for a, b, _ in fitted], CLUSTER_THRESHOLD)
        members = defaultdict(list)
        for uid in ids:
            members[group[uid]].append(uid)
        anchored = {group[uid] for uid in anchors}
        options: dict = defaultdict(lambda: defaultdict(list))
        for x, y, rank, label, alone in evidence:
            gx, gy = group[x], group[y]
            if gx == gy or gy not in anchored:
                continue
            if _may_join(x, members[gx], members[gy], main, period) if alone else gx not in anchored:
                options[gx][gy].append((rank, x, y, label))
        new = []
        for gx, found in options.items():
            pick = _only_best(found)
            new += [pick] if pick else []
            tied[gx] = [] if pick else _best_of_each(found)
        if not new:
            break
        fitted += new
    group = clusters(ids, links + [(a, b, DETERMINISTIC_MATCH_WEIGHT) for a, b, _ in fitted], CLUSTER_THRESHOLD)
    review = {tuple(sorted((x, y), key=str)): label for ties in tied.values() for x, y, label in ties
              if group[x] != group[y]}
    return pd.DataFrame([{"unique_id_l": a, "unique_id_r": b, "match_weight": DETERMINISTIC_MATCH_WEIGHT,
                          "match_probability": 1.0, "rule": FIT_RULE, "explanation": [
                              {"comparison": "only_fitting_group", "level": label,
                               "match_weight": DETERMINISTIC_MATCH_WEIGHT}]} for a, b, label in fitted]
                        + [{"unique_id_l": a, "unique_id_r": b, "match_weight": 0.0, "match_probability": 0.5,
                            "rule": FIT_TIE_RULE, "explanation": [
                                {"comparison": "fitting_tie", "level": f"{label}; another group fits as well",
                                 "match_weight": 0.0}]} for (a, b), label in review.items()],
                        columns=PAIR_COLUMNS)


def _may_join(record: str, own: list, other: list, main: dict, period: dict) -> bool:
    """Whether a record at an address of its own may join `other` by its name: only while
    no link joins it to anything, and a main unit only if `other` had main units of
    which none was in the register at the same time. A salon has one main unit at a
    time, so an overlapping one is another business (a masseuse's own firm, a namesake).
    """
    if len(own) != 1 or not main[record]:
        return len(own) == 1
    mains = [m for m in other if main[m]]
    return not any(period[record][0] < period[m][1] and period[m][0] < period[record][1] for m in mains)


def _best_of_each(found: dict) -> list[tuple[str, str, str]]:
    """The best fit in each of the groups that fit equally well (a tie)."""
    scores = {group: (max(r for r, *_ in fits), sum(r == max(q for q, *_ in fits) for r, *_ in fits))
              for group, fits in found.items()}
    best = max(scores.values())
    return [(x, y, label) for group, score in scores.items() if score == best
            for _rank, x, y, label in [max(found[group])]]


def _only_best(found: dict) -> tuple[str, str, str] | None:
    scores = {}
    for group, fits in found.items():
        top = max(rank for rank, *_ in fits)
        scores[group] = (top, sum(rank == top for rank, *_ in fits))
    best = max(scores.values())
    winners = [g for g, score in scores.items() if score == best]
    if len(winners) != 1:
        return None
    _rank, x, y, label = max(found[winners[0]])
    return x, y, label


def _evidence(candidates: pd.DataFrame, records: pd.DataFrame) -> list[tuple]:
    """(record, other record, rank, label, alone) for each way a pair says that the record belongs with
    the other; `alone`: only while no link joins the record to anything (see _may_join)."""
    town, has_name, has_street = (records[c].to_dict() for c in ("town", "name_key", "street_name"))
    # An establishment (BEDR) is where it is registered: it never joins a group elsewhere by its name.
    forms_known = "form" in records and records["form"].notna().any()
    placed = set(records.index[(records["kind"] == "unit") & records["parent_orgnr"].notna()
                               & records["street_name"].notna()]) if forms_known else set()
    found = []
    for a, b, explanation in candidates[["unique_id_l", "unique_id_r", "explanation"]].itertuples(index=False):
        level = {entry["comparison"]: entry["level"] for entry in explanation}
        name, address = level["name"], level["address"]
        if name not in _NAME_FIT and name != "missing on one side":
            continue  # the names disagree
        same_town = town[a] is not None and town[a] == town[b]
        for x, y in ((a, b), (b, a)):
            if address in _ELSEWHERE:  # a main unit at its owner's home, a mistyped address
                if same_town and name in _NAME_FIT and x not in placed:
                    found.append((x, y, _NAME_FIT[name], f"{name}; at another address", True))
            elif level["phones"] == "a phone in common":
                found.append((x, y, 4, "a phone in common", False))
            elif not has_street[x] and (same_town or town[x] is None) and name in _NAME_FIT:
                # Without a town, a name still fits when one group in the country carries it.
                found.append((x, y, _NAME_FIT[name], f"{name}; no address", False))
            elif not has_name[x] and address in _ADDRESS_FIT and (same_town or None in (town[x], town[y])):
                # An exact street and number is telling even without a town, when it fits one group.
                found.append((x, y, _ADDRESS_FIT[address], f"{address}; no name", False))
    return found


def fit_new_records(prepared: pd.DataFrame, pairs: pd.DataFrame, cluster_of: dict, new_ids: set) -> dict:
    """For new records that no pair joined: the one existing cluster each fits, as fitting_links
    would choose it, the groups being the clusters of the run the records are added to.
    Returns {new record: the fields of its match row}."""
    records = prepared.set_index("unique_id")
    main = ((records["kind"] == "unit") & records["parent_orgnr"].isna()).to_dict()
    period = {uid: (start or "0000", end or "9999")
              for uid, start, end in records[["registered", "deleted"]].itertuples()}
    members = defaultdict(list)
    for uid in records.index.difference(list(new_ids)):
        members[cluster_of.get(uid, uid)].append(uid)
    anchored = {group for group, uids in members.items()
                if any(records.at[u, "kind"] == "unit" or (records.at[u, "name_key"] and records.at[u, "street_name"])
                       for u in uids)}
    options: dict = defaultdict(lambda: defaultdict(list))
    for x, y, rank, label, alone in _evidence(pairs, records):
        group = cluster_of.get(y, y)
        if x in new_ids and y not in new_ids and group in anchored and (
                not alone or _may_join(x, [x], members[group], main, period)):
            options[x][group].append((rank, x, y, label))
    return {x: {"best_match_id": y, "match_weight": DETERMINISTIC_MATCH_WEIGHT, "match_probability": 1.0,
                "rule": FIT_RULE, "explanation": [{"comparison": "only_fitting_group", "level": label,
                                                   "match_weight": DETERMINISTIC_MATCH_WEIGHT}]}
            for x, found in options.items() if (pick := _only_best(found)) for _x, y, label in [pick]}
