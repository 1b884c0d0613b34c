"""Linking registered units (Enhetsregisteret) and venues (from ads, tips, inspections).

Three kinds of link (docs/linkage.md, 'Units and venues'): deterministic rules
(organisation number, a sub-unit's parent, a long name in one town, a name inside
another at one address); Splink on name, address and phone; and, for a record that
lacks a name or an address or sits at an address no other record has, a link to
the one group of records it fits. Input columns: UNIT_COLUMNS, plus OPTIONAL_COLUMNS
when the caller has them.
"""
from __future__ import annotations

import json
from collections import defaultdict

import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from jellyfish import damerau_levenshtein_distance
from splink import Linker, SettingsCreator, block_on

from aksjon.core.errors import InvalidInput
from aksjon.core.orgnr import clean_orgnr
from aksjon.core.phones import normalise
from aksjon.linkage.addresses import parse_address
from aksjon.linkage.engine import (
    SPLINK_LOG_LEVEL,
    TrainingPlan,
    all_pairs,
    deterministic_pairs,
    duckdb_api,
    model_json,
    scored_pairs,
    train,
)
from aksjon.linkage.fitting import FIT_RULE, fitting_links
from aksjon.linkage.names import business_name_words
from aksjon.linkage.persons import CLUSTER_THRESHOLD
from aksjon.linkage.places import find_places, town_key
from aksjon.linkage.result import (
    DETERMINISTIC_MATCH_WEIGHT,
    DETERMINISTIC_PREFIX,
    PAIR_COLUMNS,
    LinkageResult,
    Stopwatch,
)

__all__ = ["FIT_RULE", "OPTIONAL_COLUMNS", "UNIT_COLUMNS", "link_units_and_venues", "prepare_units", "review_band"]

UNIT_COLUMNS = ["unique_id", "kind", "name", "orgnr", "street", "postcode", "town", "phones"]
# A sub-unit's overordnetEnhet, when a unit was in the register (ISO dates), and the
# names of a sole proprietorship's owners (its INNH roles: a list of full names), and
# free text (a tip's) in which a record without a name may name its venue.
# The unit's form (organisasjonsform: ENK, AS, BEDR …), industry code (naeringskode1)
# and the role codes it holds in other units (one per unit: REGN, REVI, LEDE …) decide
# which units are places (aksjon.linkage.places).
OPTIONAL_COLUMNS = ["parent_orgnr", "registered", "deleted", "owners", "text", "form", "industry", "roles_held"]

DETERMINISTIC_RULES = {
    "same_orgnr": block_on("orgnr"),
    # The register says so itself: a sub-unit (BEDR) is an establishment of its
    # main unit (overordnetEnhet), usually the salon under the company.
    "parent_orgnr": "l.orgnr = r.parent_orgnr OR r.orgnr = l.parent_orgnr",
    # A sole proprietorship's name carries its owner's ('BAAN SABAI THAIMASSASJE
    # Siriporn Johansen'): four distinctive words or more, the same in one town, are
    # one owner's business, also when re-registered from another address.
    "same_long_name_in_town": "l.full_name_key = r.full_name_key AND l.town = r.town AND len(l.full_name_words) >= 4",
    # 'Thai Orchid' at the address of 'ORCHID THAIMASSASJE Kulap Haugen': a name that is
    # all words of the other, at the same street and number in the same town.
    "name_inside_at_same_address": "l.street_key = r.street_key AND l.town = r.town AND (list_has_all(l.name_words, "
                                   "r.name_words) OR list_has_all(r.name_words, l.name_words))",
}

SAME_ORGNR_RULE = DETERMINISTIC_PREFIX + "same_orgnr"

# Town is wide on purpose: a record with only a name, or only an address, must
# meet every record of its town for fitting_links to see all it could fit.
PREDICTION_BLOCKING_RULES = [
    block_on("town"), block_on("street_key"), block_on("name_key"), block_on("phones", arrays_to_explode=["phones"]),
]

# Match weight (log2 odds, prior included) of the weakest pair returned; -2 is probability 0.2.
DEFAULT_THRESHOLD = -2.0
# The venue review band (docs/linkage.md, 'Venues as places'): the model's pairs from
# REVIEW_LOW up to below REVIEW_HIGH that no rule decided, and every rule pair marked
# `review:` (a re-registration with two possible successors), each only while its two
# records are in two clusters (a pair already joined by other links changes nothing).
REVIEW_LOW = -2.0
REVIEW_HIGH = CLUSTER_THRESHOLD
REVIEW_PREFIX = "review:"


def prepare_units(records: pd.DataFrame) -> pd.DataFrame:
    missing = [column for column in UNIT_COLUMNS if column not in records.columns]
    if missing:
        raise ValueError(f"unit records lack columns: {missing}")
    optional = {column: records[column] if column in records.columns else [None] * len(records)
                for column in OPTIONAL_COLUMNS}
    addresses = [parse_address(street, postcode, town) for street, postcode, town
                 in zip(records["street"], records["postcode"], records["town"], strict=True)]
    full = [business_name_words(name) for name in records["name"]]
    words = [_without_owner(w, owners) for w, owners in zip(full, optional["owners"], strict=True)]
    frame = pd.DataFrame({
        "unique_id": records["unique_id"].to_numpy(),
        "kind": records["kind"].to_numpy(),
        "name_key": ["".join(w) or None for w in words],  # joined: 'Chiang Mai' is 'Chiangmai'
        "name_words": [w or None for w in words],
        "full_name_key": ["".join(w) or None for w in full],
        "full_name_words": [w or None for w in full],
        "orgnr": [_orgnr_or_none(value) for value in records["orgnr"]],
        "parent_orgnr": [_orgnr_or_none(value) for value in optional["parent_orgnr"]],
        "registered": [_text_or_none(value) for value in optional["registered"]],
        "deleted": [_text_or_none(value) for value in optional["deleted"]],
        "street_key": [a.key if a.street and a.number else None for a in addresses],
        "street_name": [a.street or None for a in addresses],
        "house_number": [a.number or None for a in addresses],
        "number_digits": [a.number_digits or None for a in addresses],
        "postcode": [a.postcode or None for a in addresses],
        # Postal towns carry a district letter ('KRISTIANSAND S'); people write the town.
        "town": [town_key(a.town) for a in addresses],
        "phones": [_phones(value) for value in records["phones"]],
        "form": [_text_or_none(value) for value in optional["form"]],
        "industry": [_text_or_none(value) for value in optional["industry"]],
        "roles_held": [list(v) if isinstance(v, list | tuple) else None for v in optional["roles_held"]],
        "own_firm": [own_firm(w, owners) for w, owners in zip(full, optional["owners"], strict=True)],
    })
    frame["phones"] = _own_phones(frame)
    _name_from_text(frame, optional["text"])
    return frame


def _name_from_text(frame: pd.DataFrame, texts) -> None:
    """A record without a name takes the venue name its text mentions ('Mange menn går
    inn og ut av Sawasdee Sabai …'): a name of two words or more that other records of
    its town carry (of any town when it has none), the longest found, if only one is.
    """
    known: dict = defaultdict(set)
    for words, town in zip(frame["name_words"], frame["town"], strict=True):
        if words is not None and len(words) >= 2:
            known[town].add(tuple(words))
    everywhere = set().union(*known.values()) if known else set()
    for index, (words, town, text) in enumerate(zip(frame["name_words"], frame["town"], texts, strict=True)):
        if words is None and isinstance(text, str) and text:
            found = _mentioned(business_name_words(text), known[town] if town else everywhere)
            if found:
                frame.at[index, "name_words"], frame.at[index, "name_key"] = list(found), "".join(found)


def _mentioned(text_words: list[str], names: set[tuple]) -> tuple | None:
    spans = {tuple(text_words[i:i + n]) for n in {len(name) for name in names}
             for i in range(len(text_words) - n + 1)}
    found = sorted((name for name in names if name in spans), key=len, reverse=True)
    if not found or (len(found) > 1 and len(found[1]) == len(found[0])):
        return None
    return found[0]


def own_firm(words: list[str], owners) -> bool:
    """A sole proprietorship named after nothing but its owner ('MASSASJE Prapapon Chaiyaphum'): a
    masseuse's own firm, which may be registered at the salon where she works; not the salon's."""
    if not isinstance(owners, list | tuple) or not owners or not words:
        return False
    return set(words) <= {word for owner in owners for word in business_name_words(owner)}


def _without_owner(words: list[str], owners) -> list[str]:
    """A sole proprietorship's name less its owner's name, which the law puts in it:
    'THAI WELLNESS THAIMASSASJE Suphaporn Larsen' is the salon 'Thai Wellness' under
    one owner, and under the next owner another firm of the same salon. A name that
    is nothing but the owner's (a masseuse's own firm) is kept whole.
    """
    if not isinstance(owners, list | tuple) or not owners:
        return words
    owned = {word for owner in owners for word in business_name_words(owner)}
    return [word for word in words if word not in owned] or words


def _orgnr_or_none(raw) -> str | None:
    try:
        return clean_orgnr(str(raw)) if _text_or_none(raw) else None
    except InvalidInput:
        return None  # a mistyped number must not link, and is no reason to drop the record


def _text_or_none(raw) -> str | None:
    return str(raw).strip() or None if raw is not None and not pd.isna(raw) else None


def _phones(raw) -> list[str] | None:
    """Every possible number, in E.164: a number outside the ranges the phone library
    knows as assigned still names the same line wherever it is written."""
    written = raw if isinstance(raw, list | tuple) else []
    numbers = {normalise(phone)[0] for phone in written if isinstance(phone, str)}
    return sorted(numbers - {None}) or None


def _own_phones(frame: pd.DataFrame) -> list[list[str] | None]:
    """Each record's phones less the booking lines that several venues share.

    A network books all its salons through a few shared numbers. A phone given
    with two names that have no word in common, or at two streets not spelt alike
    (ADDRESS_LEVELS' tolerance), is such a line: it says nothing about which venue
    a record is. Near spellings are one name or street ('Sukothai Touch', 'Mnkegata').
    """
    names, streets = defaultdict(list), defaultdict(set)
    for phones, words, street in zip(frame["phones"], frame["name_words"], frame["street_name"], strict=True):
        for phone in phones or []:
            names[phone] += [set(words)] if words else []
            streets[phone] |= {street} if street else set()
    shared = {p for p, seen in names.items() if _any_two(seen, lambda a, b: not _word_in_common(a, b))}
    shared |= {p for p, seen in streets.items() if _any_two(sorted(seen), lambda a, b: not _streets_alike(a, b))}
    return [[p for p in phones if p not in shared] or None if phones else None for phones in frame["phones"]]


def _any_two(items: list, test) -> bool:
    return any(test(a, b) for i, a in enumerate(items) for b in items[i + 1:])


def _word_in_common(one: set[str], other: set[str]) -> bool:
    return bool(one & other) or any(len(a) >= 4 and len(b) >= 4 and damerau_levenshtein_distance(a, b) <= 1
                                    for a in one for b in other)


def _streets_alike(one: str, other: str) -> bool:
    return damerau_levenshtein_distance(one, other) <= (2 if min(len(one), len(other)) >= 10 else 1)


def _near_words(side: str, other: str) -> str:
    """SQL: every name word on `side` has a word on `other` spelt alike (one edit, in words of four letters up)."""
    near = "y = x OR (length(x) >= 4 AND length(y) >= 4 AND damerau_levenshtein(x, y) <= 1)"
    return (f"list_bool_and(list_transform(name_words_{side}, lambda x: "
            f"list_bool_or(list_transform(name_words_{other}, lambda y: {near}))))")


def _either(template: str) -> str:
    return f"({template.format(s='l', o='r')}) OR ({template.format(s='r', o='l')})"


# 'Inside' needs two words or more in the shorter name ('Chiangmai Lotus' in 'CHIANG
# MAI LOTUS Tidarat Somboon'): a single word ('Sun' of 'Thai Sun') is in too many names.
_INSIDE = ("len(name_words_{s}) >= 2 AND "
           "(list_has_all(name_words_{o}, name_words_{s}) OR starts_with(name_key_{o}, name_key_{s}))")
# A cheap test first: names spelt near each other are alike as whole strings too,
# and the word-by-word test is slow over the million pairs of training.
_ALIKE_NAMES = "jaro_winkler_similarity(name_key_l, name_key_r) >= 0.6"
# Levels strongest first, each with the m-probability EM starts from (about what it
# finds on the national scenario): a level that EM never sees in a small input keeps
# it, instead of having no weight at all. fitting_links reads the levels by label.
NAME_LEVELS = {
    "same name": (cll.ExactMatchLevel("name_key"), 0.65),
    "same words, near spellings": (cll.CustomLevel(
        f"{_ALIKE_NAMES} AND {_near_words('l', 'r')} AND {_near_words('r', 'l')}"), 0.08),
    "one name inside the other": (cll.CustomLevel(_either(_INSIDE)), 0.18),
    "one name inside the other, near spellings": (cll.CustomLevel(
        f"{_ALIKE_NAMES} AND ({_either('len(name_words_{s}) >= 2 AND ' + _near_words('{s}', '{o}'))})"), 0.02),
    "one name is a word of the other": (cll.CustomLevel(_either("list_has_all(name_words_{o}, name_words_{s})")), 0.03),
    "a word in common": (cll.CustomLevel("list_has_any(name_words_l, name_words_r)"), 0.02),
    "different": (cll.ElseLevel(), 0.02),
}
# A street and number mean something only within one town. One typo in a street name
# ('Munkegtaa'), two in a long one; 'Storgata' and 'Torggata' are two edits and two streets.
_TOWN = "(town_l = town_r OR town_l IS NULL OR town_r IS NULL)"
_ALIKE = ("damerau_levenshtein(street_name_l, street_name_r) <= "
          "CASE WHEN least(length(street_name_l), length(street_name_r)) >= 10 THEN 2 ELSE 1 END")
ADDRESS_LEVELS = {
    "same street, number and postcode": (cll.CustomLevel(
        f"street_key_l = street_key_r AND postcode_l = postcode_r AND {_TOWN}"), 0.25),
    "same street and number": (cll.CustomLevel(f"street_key_l = street_key_r AND {_TOWN}"), 0.6),
    "same number, street spelt alike": (cll.CustomLevel(
        f"house_number_l = house_number_r AND {_ALIKE} AND {_TOWN}"), 0.05),
    "same street, number's digits swapped": (cll.CustomLevel(  # '39' written '93'
        f"street_name_l = street_name_r AND number_digits_l = number_digits_r AND {_TOWN}"), 0.03),
    "different": (cll.ElseLevel(), 0.07),
}


def _comparison(name: str, null_column: str, levels: dict) -> cl.CustomComparison:
    return cl.CustomComparison(output_column_name=name, comparison_levels=[cll.NullLevel(null_column), *(
        level.configure(label_for_charts=label, m_probability=m) for label, (level, m) in levels.items())])


def _phone_comparison() -> cl.CustomComparison:
    # m is fixed: a venue has several numbers and a record gives any one, so records
    # of one venue share a number about as often as not; EM, seeing few such pairs,
    # would make a different number all but impossible.
    return cl.CustomComparison(output_column_name="phones", comparison_levels=[
        cll.NullLevel("phones"),
        cll.ArrayIntersectLevel("phones", 1).configure(m_probability=0.5, fix_m_probability=True,
                                                       label_for_charts="a phone in common"),
        cll.ElseLevel().configure(m_probability=0.5, fix_m_probability=True, label_for_charts="different"),
    ])


def unit_settings(max_em_iterations: int = 10) -> SettingsCreator:
    # No town comparison: candidates mostly share a town already, and a name or an
    # address alone must stay below CLUSTER_THRESHOLD, so that fitting_links, which
    # sees the competing groups, decides where such a record belongs.
    comparisons = [_comparison("name", "name_key", NAME_LEVELS), _comparison("address", "street_name", ADDRESS_LEVELS),
                   _phone_comparison(), cl.ExactMatch("orgnr")]
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=PREDICTION_BLOCKING_RULES,
        max_iterations=max_em_iterations,
        retain_intermediate_calculation_columns=True,
    )


def _training_plan(seed: int) -> TrainingPlan:
    return TrainingPlan(prior_rules=[block_on("orgnr"), block_on("name_key", "street_key")], prior_recall=0.6,
                        u_max_pairs=2e6, em_rules=[block_on("town"), block_on("name_key"), block_on("street_key")],
                        seed=seed)


def link_units_and_venues(
    records: pd.DataFrame, *, threshold: float = DEFAULT_THRESHOLD, max_em_iterations: int = 10, seed: int = 42,
) -> LinkageResult:
    """Every pair of units/venues with match_weight >= threshold, plus the rule-based links."""
    watch = Stopwatch()
    with watch.step("prepare"):
        every = prepare_units(records)
        places = find_places(every)
        # A unit that is no venue (a holding, an accountant, a chain's company, another trade) is left alone.
        prepared, alike = distinct_descriptions(every[~every["unique_id"].isin(places.no_venue())]
                                                .reset_index(drop=True))
        db_api = duckdb_api()
        table = db_api.register(prepared.drop(columns=["form", "industry", "roles_held", "own_firm"]),
                               table_name="units")
        linker = Linker(table, unit_settings(max_em_iterations), log_level=SPLINK_LOG_LEVEL)
    with watch.step("train"):
        train(linker, _training_plan(seed))
        model = model_json(linker)
    with watch.step("predict"):
        # Every candidate pair, however weak: fitting_links reads its comparison levels.
        predictions = linker.inference.predict(warning_mode="never")
        candidates = scored_pairs(db_api, predictions, json.loads(model))
    with watch.step("deterministic"):
        # With the register's forms known, a sub-unit meets its company only through find_places:
        # the parent rule would chain a company's salons into one venue.
        rules = {name: rule for name, rule in DETERMINISTIC_RULES.items()
                 if not (places.decided and name == "parent_orgnr")}
        deterministic = _apart(deterministic_pairs(table, rules), places, prepared)
        candidates = _apart(candidates, places, prepared)
        kept = set(prepared["unique_id"])
        register = places.pairs[(places.pairs["match_weight"] >= CLUSTER_THRESHOLD)
                                & places.pairs["unique_id_l"].isin(kept) & places.pairs["unique_id_r"].isin(kept)]
    with watch.step("fit"):
        fitted = fitting_links(prepared, candidates, pd.concat([deterministic, register], ignore_index=True))
    probabilistic = candidates[candidates["match_weight"] >= threshold]
    return LinkageResult(pairs=all_pairs(probabilistic, deterministic, places.pairs, fitted, alike),
                         model_json=model, timings=watch.timings)


def review_band(pairs: pd.DataFrame, cluster_of: dict, low: float = REVIEW_LOW,
                high: float = REVIEW_HIGH) -> pd.DataFrame:
    """The venue pairs an analyst is asked about, most uncertain first (probability nearest 0.5):
    rule pairs marked for review, and the model's pairs between `low` and `high` that no rule
    decided, whose records are in two clusters."""
    if pairs.empty:
        return pairs
    rule = pairs["rule"].astype(str)
    unsure = rule.str.startswith(REVIEW_PREFIX) | (~rule.str.startswith(DETERMINISTIC_PREFIX)
                                                  & (pairs["match_weight"] >= low) & (pairs["match_weight"] < high))
    band = pairs[unsure]
    apart = [cluster_of.get(a, a) != cluster_of.get(b, b) for a, b in zip(band["unique_id_l"], band["unique_id_r"],
                                                                          strict=True)]
    band = band[apart]
    band = band.iloc[(band["match_probability"] - 0.5).abs().argsort(kind="stable")]
    return band.drop_duplicates(["unique_id_l", "unique_id_r"])


def _apart(pairs: pd.DataFrame, places, prepared: pd.DataFrame) -> pd.DataFrame:
    """Pairs less those of two establishments (BEDR) at two addresses: an establishment is where
    it is registered, so two at two addresses are two places (a chain's salons), whatever the name."""
    if not places.key or pairs.empty:
        return pairs
    establishment = set(prepared.loc[prepared["kind"].eq("unit") & prepared["parent_orgnr"].notna(), "unique_id"])
    key = places.key
    apart = [a in establishment and b in establishment and a in key and b in key and key[a] != key[b]
             and rule != SAME_ORGNR_RULE
             for a, b, rule in zip(pairs["unique_id_l"], pairs["unique_id_r"], pairs["rule"], strict=True)]
    return pairs[[not x for x in apart]]


# What makes two prepared records alike: every column the comparisons and rules read.
_DESCRIPTION = ["kind", "name_key", "name_words", "full_name_key", "full_name_words", "orgnr", "parent_orgnr",
                "registered", "deleted", "street_key", "street_name", "house_number", "postcode", "town", "phones"]
SAME_DESCRIPTION_RULE = DETERMINISTIC_PREFIX + "same_description"


def distinct_descriptions(prepared: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The first record of each description, and a link from it to every later one.

    An ad collection describes one venue again and again in the same words (one ad
    per week, reviews naming it); records alike in every key the model reads would
    score alike against everything, so each description is scored once. A record
    with nothing but a town describes no venue and is never folded into another.
    """
    first: dict[str, str] = {}
    followers = []
    for row in prepared[["unique_id", *_DESCRIPTION]].itertuples(index=False):
        uid = row.unique_id
        described = row.name_key or row.street_key or row.phones
        lead = first.setdefault(repr(row[1:]) if described else uid, uid)
        if lead != uid:
            followers.append((lead, uid))
    kept = prepared[~prepared["unique_id"].isin({uid for _, uid in followers})].reset_index(drop=True)
    return kept, pd.DataFrame([{
        "unique_id_l": lead, "unique_id_r": uid, "match_weight": DETERMINISTIC_MATCH_WEIGHT, "match_probability": 1.0,
        "rule": SAME_DESCRIPTION_RULE, "explanation": [{"comparison": "same_description", "level": "same key",
                                                        "match_weight": DETERMINISTIC_MATCH_WEIGHT}]}
        for lead, uid in followers], columns=PAIR_COLUMNS)
