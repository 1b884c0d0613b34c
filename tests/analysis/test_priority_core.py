"""The priority's plain-Python core: points add up, caps hold, the weights are versioned,
each text red flag is read, and nationality or ethnicity is never an input."""
from __future__ import annotations

import dataclasses
import re
import tokenize
from datetime import date
from pathlib import Path

import pytest

import aksjon.analysis.core.priority as priority_module
from aksjon.analysis.core import red_flags
from aksjon.analysis.core.priority import SignalIn, parse_weights, recency, score_all, score_venue
from aksjon.analysis.run_priority import load_weights

TODAY = date(2024, 3, 10)


def _weights(**overrides):
    data = {"version": "7", "set_by": "test", "date": "2024-01-01", "half_life_days": 0,
            "families": {"inspection": {"cap": 20}, "ad": {"cap": 5, "default_points": 1}, "tip": {"cap": 10}},
            "codes": {"inspection_no_work_permit": {"points": 14, "reason": "permit"},
                      "inspection_excess_hours": {"points": 8, "reason": "hours"},
                      "suggestive_wording": {"points": 3, "reason": "words"},
                      "cash_only": {"points": 2, "reason": "cash"},
                      "late_hours": {"points": 1, "reason": "late"},
                      "tip_received": {"points": 4, "reason": "tip", "repeat": 2}}}
    data.update(overrides)
    return parse_weights(data)


def test_points_add_up_with_a_reason_each():
    signals = [SignalIn(1, "ad", "suggestive_wording", "«nye jenter»", ("ad:x/1",), TODAY),
               SignalIn(1, "ad", "late_hours", "10-23", ("ad:x/1",), TODAY),
               SignalIn(1, "tip", "tip_received", "T-1", ("tip:1",), TODAY, strength=0.5)]
    scored = score_venue(1, signals, _weights(), TODAY)
    assert scored.score == 3 + 1 + 2
    assert {(r["code"], r["points"]) for r in scored.reasons} == {("suggestive_wording", 3), ("late_hours", 1),
                                                                 ("tip_received", 2)}
    assert sum(r["points"] for r in scored.reasons) == scored.score
    assert all(r["evidence"] and r["refs"] and r["observed_on"] == "2024-03-10" for r in scored.reasons)


def test_a_code_counts_once_unless_it_may_repeat():
    ads = [SignalIn(1, "ad", "cash_only", f"ad {n}", (), TODAY) for n in range(5)]
    tips = [SignalIn(1, "tip", "tip_received", f"tip {n}", (), TODAY) for n in range(5)]
    assert score_venue(1, ads, _weights(), TODAY).score == 2
    assert score_venue(1, tips, _weights(), TODAY).score == 8  # repeat = 2


def test_a_family_is_capped_and_says_so():
    signals = [SignalIn(1, "inspection", "inspection_no_work_permit", "a", (), TODAY),
               SignalIn(1, "inspection", "inspection_excess_hours", "b", (), TODAY)]
    scored = score_venue(1, signals, _weights(), TODAY)
    assert scored.score == 20  # 14 + 8 capped at 20
    assert [r.get("capped", False) for r in scored.reasons] == [False, True]


def test_unknown_code_gets_its_family_default_and_unknown_family_nothing():
    signals = [SignalIn(1, "ad", "something_new", "x", (), TODAY), SignalIn(1, "astrology", "stars", "y", (), TODAY)]
    scored = score_venue(1, signals, _weights(), TODAY)
    assert scored.score == 1 and scored.reasons[0]["code"] == "something_new"


def test_ignoring_a_family_is_the_ablation():
    signals = [SignalIn(1, "ad", "cash_only", "", (), TODAY), SignalIn(2, "tip", "tip_received", "", (), TODAY)]
    assert [s.venue for s in score_all(signals, _weights(), TODAY)] == [2, 1]
    assert [s.venue for s in score_all(signals, _weights(), TODAY, frozenset({"tip"}))] == [1]


def test_ranks_follow_the_score_and_ties_the_venue_key():
    signals = [SignalIn(v, "ad", "cash_only", "", (), TODAY) for v in (9, 3)] + \
              [SignalIn(5, "inspection", "inspection_excess_hours", "", (), TODAY)]
    assert [(s.venue, s.rank) for s in score_all(signals, _weights(), TODAY)] == [(5, 1), (3, 2), (9, 3)]


def test_recency_halves_per_half_life():
    assert recency(date(2023, 3, 11), TODAY, 365) == pytest.approx(0.5, abs=0.01)
    assert recency(None, TODAY, 365) == 1 and recency(date(2020, 1, 1), TODAY, 0) == 1
    weights = _weights(half_life_days=365)
    old = SignalIn(1, "ad", "suggestive_wording", "", (), date(2023, 3, 11))
    assert score_venue(1, [old], weights, TODAY).score == pytest.approx(1.5, abs=0.02)


def test_the_shipped_weights_are_versioned_and_complete():
    weights = load_weights()
    assert weights.version == "1" and weights.set_by and weights.set_on
    assert all(code.reason and code.reason_en for code in weights.codes.values())  # bokmål and English
    families = set(weights.caps)
    assert {"inspection", "tip", "ad", "control", "register", "template", "rotation", "network"} <= families
    # Every code the readers of the sources can raise has its own points.
    text_codes = {red_flags.SUGGESTIVE, red_flags.SEXUAL_REVIEW, red_flags.LATE_HOURS, red_flags.CASH_ONLY,
                  red_flags.LIVING_ON_PREMISES, red_flags.HIDDEN_ENTRANCE}
    assert text_codes <= set(weights.codes)


def test_bad_weights_are_refused():
    with pytest.raises(ValueError):
        parse_weights({"version": "1"})
    with pytest.raises(ValueError):
        _weights(codes={"x": {"points": -3, "reason": "negative"}})


# --- the text red flags ---

@pytest.mark.parametrize("category, text, code", [
    ("massage", "NYE JENTER hver uke! Ring 912 34 567", red_flags.SUGGESTIVE),
    ("massage", "Deilig body to body massasje, diskret inngang.", red_flags.SUGGESTIVE),
    ("massage", "Oljemassasje og ekstra avslapning.", red_flags.SUGGESTIVE),
    ("review", "Massasjen grei. Fikk HE for 800.", red_flags.SEXUAL_REVIEW),
    ("review", "Full service mulig, spør etter Gift.", red_flags.SEXUAL_REVIEW),
    ("massage", "Åpent 12-02 alle dager", red_flags.LATE_HOURS),
    ("massage", "Døgnåpent, ring for time", red_flags.LATE_HOURS),
    ("massage", "Kun kontant betaling.", red_flags.CASH_ONLY),
    ("review", "Hun sa at de bor i lokalet, madrasser på bakrommet.", red_flags.LIVING_ON_PREMISES),
    ("massage", "Bakinngang, ring på.", red_flags.HIDDEN_ENTRANCE),
])
def test_each_text_red_flag_is_read(category, text, code):
    assert code in {flag.code for flag in red_flags.ad_flags(category, "", text)}


@pytest.mark.parametrize("category, text", [
    ("massage", "Tradisjonell thaimassasje, utdannede terapeuter. Åpent 10-20. Gavekort selges."),
    ("booking", "Bestill time hos Siam Touch. 60 min 900,-. Avbestilling senest 24 timer før."),
    ("review", "Rent og ryddig, god massasje. Kommer igjen."),
])
def test_an_ordinary_ad_raises_no_flag(category, text):
    assert red_flags.ad_flags(category, "", text) == []


def test_tips_are_read_for_control_and_living_on_premises():
    codes = {f.code for f in red_flags.tip_flags("En mann henter og bringer kvinnene med bil. De bor i lokalet.")}
    assert {red_flags.CONTROLLED, red_flags.LIVING_ON_PREMISES} <= codes


def test_prices_below_the_town_market():
    assert red_flags.hourly_price("30 min 530,- / 60 min 800,-") == 800
    assert red_flags.hourly_price("1 time 600 NOK") == 600
    assert red_flags.hourly_price("30 min 400") == 800
    assert red_flags.hourly_price("ring for pris") is None
    market = [900, 950, 1000, 880, 920]
    assert red_flags.below_market(500, market) == 920
    assert red_flags.below_market(850, market) is None
    assert red_flags.below_market(100, market[:3]) is None  # too few to be a market


# --- nationality and ethnicity are never inputs ---

ORIGINS = ("thai", "Thai", "thailandske", "asiatiske", "kinesisk", "filippinsk", "vietnamesiske", "Asian",
           "exotic", "eksotiske", "russiske", "norske")


@pytest.mark.parametrize("origin", ORIGINS)
def test_a_word_naming_origin_changes_no_flag(origin):
    """The same ads and tips with a nationality or origin word put in everywhere read the same."""
    texts = [("massage", "Vakre damer venter. Body to body, diskret inngang. Åpent 12-02. Kun kontant."),
             ("massage", "Tradisjonell massasje, utdannede terapeuter. Åpent 10-20."),
             ("review", "Søt jente, fikk HE. Hun bor i lokalet."), ("review", "Rent og ryddig.")]
    for category, text in texts:
        spiked = " ".join(f"{word} {origin}" if n % 2 else word for n, word in enumerate(text.split()))
        assert red_flags.ad_flags(category, origin, spiked) == red_flags.ad_flags(category, "", text)
    tip = "Nye kvinner hver uke, en mann henter og bringer dem."
    assert red_flags.tip_flags(f"{tip} De er {origin}.") == red_flags.tip_flags(tip)


def test_the_scorer_has_no_input_for_a_person_or_their_origin():
    fields = {f.name for f in dataclasses.fields(SignalIn)}
    assert fields == {"venue", "family", "code", "evidence", "refs", "observed_on", "strength", "message"}


FORBIDDEN = re.compile(r"national|ethnic|etnisk|nasjonalit|statsborger|citizenship|origin_|language|språk", re.I)


def test_no_weight_and_no_code_names_nationality_or_ethnicity():
    """No signal code or family the weights know, and no signal code the readers raise, is about origin;
    the scorer's source reads no such field."""
    weights = load_weights()
    assert not [name for name in [*weights.codes, *weights.caps] if FORBIDDEN.search(name)]
    flag_codes = [value for name, value in vars(red_flags).items() if name.isupper() and isinstance(value, str)]
    assert not [code for code in flag_codes if FORBIDDEN.search(code)]
    for module in ("core/priority.py", "signals.py", "run_priority.py", "store/priority.py"):
        code = _code_without_text(Path(priority_module.__file__).parents[1] / module)
        assert not re.search(r"nationality|ethnicity|\blanguage\b|PersonMet|\bPerson\b", code), module


def _code_without_text(path: Path) -> str:
    """The module's code without its comments and strings (which explain the rule, and may name it)."""
    with path.open("rb") as handle:
        tokens = [tok.string for tok in tokenize.tokenize(handle.readline)
                  if tok.type not in (tokenize.COMMENT, tokenize.STRING, tokenize.ENCODING)]
    return " ".join(tokens)


def test_recency_counts_from_the_sources_present_not_a_registration_ahead():
    from aksjon.analysis.signals import reference_day

    signals = [SignalIn(1, "ad", "cash_only", "", (), date(2024, 3, 1)),
               SignalIn(1, "tip", "tip_received", "", (), date(2024, 3, 5)),
               SignalIn(1, "register", "re_registered", "", (), date(2024, 11, 15)),
               SignalIn(1, "network", "network_member", "", (), date(2024, 12, 1))]
    assert reference_day(signals) == date(2024, 3, 5)


def test_every_venue_named_gets_a_score_zero_last():
    signals = [SignalIn(5, "ad", "cash_only", "", (), TODAY)]
    ranked = score_all(signals, _weights(), TODAY, venues=[9, 5, 2])
    assert [(s.venue, s.score, s.rank) for s in ranked] == [(5, 2, 1), (2, 0, 2), (9, 0, 3)]
