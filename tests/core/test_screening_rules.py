"""The combination rule, the victim rule and the meaning of "not asked"."""
from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aksjon.core.screening import (
    ANSWERS,
    NO_INDICATIONS,
    NOT_ASKED,
    NOT_PRESENT,
    OBSERVED,
    OUTCOMES,
    POSSIBLE_VICTIM,
    SOME_INDICATIONS,
    Catalogue,
    Indicator,
    assess,
    positive_by_rule,
)

# A small catalogue: per dimension two strong, three medium and two weak indicators,
# in a labour list, and a sexual list where the first medium of dimension 5 is strong.
STRENGTHS = ["strong"] * 2 + ["medium"] * 3 + ["weak"] * 2


def _indicator(d: int, n: int, strength: str) -> Indicator:
    sexual = "strong" if (d, n) == (5, 2) else strength
    return Indicator(code=f"d{d}_{n}", dimension=d, strengths={"labour": strength, "sexual": sexual})


SMALL = Catalogue(id="test", version=1, provisional_lists=frozenset({"sexual"}), indicators=tuple(
    _indicator(d, n, s) for d in range(1, 7) for n, s in enumerate(STRENGTHS)))
CODES = [i.code for i in SMALL.indicators]


def codes(d: int, strong: int = 0, medium: int = 0, weak: int = 0) -> dict[str, str]:
    picked = [f"d{d}_{n}" for n in range(strong)] + [f"d{d}_{2 + n}" for n in range(medium)] + \
             [f"d{d}_{5 + n}" for n in range(weak)]
    return dict.fromkeys(picked, OBSERVED)


# The whole rule table over 0..2 strong, 0..3 medium, 0..2 weak.
EXPECTED_POSITIVE = {
    (s, m, w) for s, m, w in itertools.product(range(3), range(4), range(3))
    if s >= 2 or (s >= 1 and m + w >= 1) or m >= 3 or (m >= 2 and w >= 1)}


@pytest.mark.parametrize("s,m,w", list(itertools.product(range(3), range(4), range(3))))
def test_combination_rule_table(s, m, w):
    assert (positive_by_rule(s, m, w) is not None) == ((s, m, w) in EXPECTED_POSITIVE)
    result = assess(SMALL, codes(4, s, m, w)).lists["labour"].dimensions[4]
    assert result.positive == ((s, m, w) in EXPECTED_POSITIVE)


@pytest.mark.parametrize("s,m,w,rule", [(2, 0, 0, "2 strong"), (1, 1, 0, "1 strong + 1 medium or weak"),
                                        (1, 0, 1, "1 strong + 1 medium or weak"), (0, 3, 0, "3 medium"),
                                        (0, 2, 1, "2 medium + 1 weak")])
def test_the_rule_that_fired_is_named(s, m, w, rule):
    assert positive_by_rule(s, m, w) == rule


def test_single_strong_or_weak_alone_is_not_enough():
    assert positive_by_rule(1, 0, 0) is None
    assert positive_by_rule(0, 0, 2) is None
    assert positive_by_rule(0, 2, 0) is None


POSITIVE = {d: codes(d, strong=2) for d in range(1, 7)}


@pytest.mark.parametrize("recruitment", [1, 2, 3])
@pytest.mark.parametrize("destination", [5, 6])
def test_victim_rule_needs_recruitment_exploitation_and_destination(recruitment, destination):
    answers = POSITIVE[recruitment] | POSITIVE[4] | POSITIVE[destination]
    assert assess(SMALL, answers).outcome == POSSIBLE_VICTIM


@pytest.mark.parametrize("missing", ["recruitment", "exploitation", "destination"])
def test_victim_rule_fails_without_any_one_part(missing):
    parts = {"recruitment": POSITIVE[1], "exploitation": POSITIVE[4], "destination": POSITIVE[5]}
    answers = {k: v for name, part in parts.items() if name != missing for k, v in part.items()}
    assert assess(SMALL, answers).outcome == SOME_INDICATIONS


def test_minor_needs_no_means():
    assert assess(SMALL, POSITIVE[4], minor=True).outcome == POSSIBLE_VICTIM
    assert assess(SMALL, POSITIVE[4], minor=False).outcome == SOME_INDICATIONS


def test_minor_still_needs_exploitation():
    assert assess(SMALL, POSITIVE[1] | POSITIVE[5], minor=True).outcome == SOME_INDICATIONS


def test_nothing_present_is_no_indications():
    assert assess(SMALL, {}).outcome == NO_INDICATIONS
    assert assess(SMALL, dict.fromkeys(CODES, NOT_PRESENT)).outcome == NO_INDICATIONS


def test_disclosed_counts_like_observed():
    answers = {k: "disclosed" for k in POSITIVE[1] | POSITIVE[4] | POSITIVE[6]}
    assert assess(SMALL, answers).outcome == POSSIBLE_VICTIM


def test_the_sexual_list_can_decide():
    # d5_2 is medium in labour but strong in sexual: with one more medium, only sexual is positive at 5.
    answers = POSITIVE[1] | POSITIVE[4] | {"d5_2": OBSERVED, "d5_3": OBSERVED}
    result = assess(SMALL, answers)
    assert result.lists["labour"].outcome == SOME_INDICATIONS
    assert result.lists["sexual"].outcome == POSSIBLE_VICTIM
    assert (result.outcome, result.deciding_list) == (POSSIBLE_VICTIM, "sexual")
    assert result.lists["sexual"].provisional


def test_not_asked_is_reported_as_open_not_as_absent():
    nothing_asked = assess(SMALL, {})
    all_denied = assess(SMALL, dict.fromkeys(CODES, NOT_PRESENT))
    assert nothing_asked.outcome == all_denied.outcome == NO_INDICATIONS
    assert nothing_asked.incomplete and not all_denied.incomplete
    assert nothing_asked.lists["labour"].could_become == POSSIBLE_VICTIM
    assert nothing_asked.lists["labour"].dimensions[5].not_asked == [f"d5_{n}" for n in range(7)]


def test_unknown_codes_and_answers_are_refused():
    with pytest.raises(ValueError):
        assess(SMALL, {"d9_1": OBSERVED})
    with pytest.raises(ValueError):
        assess(SMALL, {"d1_0": "maybe"})


answer_maps = st.dictionaries(st.sampled_from(CODES), st.sampled_from(ANSWERS), max_size=len(CODES))
rank = OUTCOMES.index


def _dimension_flags(result):
    return {(name, d): r.positive for name, lst in result.lists.items() for d, r in lst.dimensions.items()}


@settings(max_examples=300, deadline=None)
@given(answers=answer_maps, code=st.sampled_from(CODES), minor=st.booleans())
def test_adding_an_observed_indicator_never_lowers_anything(answers, code, minor):
    before = assess(SMALL, answers, minor=minor)
    after = assess(SMALL, answers | {code: OBSERVED}, minor=minor)
    assert rank(after.outcome) >= rank(before.outcome)
    assert all(after_flag or not _dimension_flags(before)[key]
               for key, after_flag in _dimension_flags(after).items())


@settings(max_examples=300, deadline=None)
@given(answers=answer_maps, drop=st.sets(st.sampled_from(CODES)), minor=st.booleans())
def test_removing_answers_never_raises_anything(answers, drop, minor):
    before = assess(SMALL, answers, minor=minor)
    after = assess(SMALL, {k: v for k, v in answers.items() if k not in drop}, minor=minor)
    assert rank(after.outcome) <= rank(before.outcome)
    assert all(before_flag or not _dimension_flags(after)[key]
               for key, before_flag in _dimension_flags(before).items())


@settings(max_examples=300, deadline=None)
@given(answers=answer_maps, minor=st.booleans())
def test_not_asked_never_counts_as_absent(answers, minor):
    """Turning every 'not present' into 'not asked' keeps the outcome, and the
    result then says at least as much is still open."""
    asked = assess(SMALL, answers, minor=minor)
    unasked = assess(SMALL, {k: (NOT_ASKED if v == NOT_PRESENT else v) for k, v in answers.items()}, minor=minor)
    assert unasked.outcome == asked.outcome
    for name in asked.lists:
        assert rank(unasked.lists[name].could_become) >= rank(asked.lists[name].could_become)
        for d in range(1, 7):
            assert len(unasked.lists[name].dimensions[d].not_asked) >= len(asked.lists[name].dimensions[d].not_asked)
