"""Name keys: real romanisation variants meet, different names stay apart, the key is a fixed point."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aksjon.linkage.names import REWRITE_RULES, name_key, normalise_name

VARIANTS = [
    ("Siriporn", "Siripon", "Siriphon"),
    ("Nattaya", "Nuttaya", "Natthaya"),
    ("Kanokwan", "Kanokwun"),
    ("Supaporn", "Suphaporn", "Supaphon"),
    ("Wanida", "Wanidaa"),
    ("Kamolwan", "Kamonwan"),
    ("Malee", "Mali"),
]
DIFFERENT = [("Siriporn", "Somchai"), ("Nattaya", "Nittaya"), ("Kanokwan", "Kannika"), ("Wanida", "Warunee"),
             ("Supaporn", "Siriporn")]


@pytest.mark.parametrize("spellings", VARIANTS)
def test_romanisation_variants_share_one_key(spellings):
    assert len({name_key(spelling) for spelling in spellings}) == 1


@pytest.mark.parametrize(("one", "other"), DIFFERENT)
def test_different_names_keep_different_keys(one, other):
    assert name_key(one) != name_key(other)


def test_normalise_casefolds_and_strips_diacritics():
    assert normalise_name("  Jørgen-ÅSA  Brøndbø ") == "jorgen asa brondbo"
    assert normalise_name("Ngọc Ánh") == "ngoc anh"
    assert normalise_name(None) == "" and name_key(None) == ""


def test_every_rule_says_what_it_absorbs():
    assert all(absorbs.strip() for _pattern, _replacement, absorbs in REWRITE_RULES)


@given(st.text(max_size=30))
def test_key_is_idempotent(text):
    assert name_key(name_key(text)) == name_key(text)


@given(st.sampled_from([s for group in VARIANTS for s in group]), st.sampled_from(["", " ", "-"]))
def test_key_ignores_case_and_surrounding_punctuation(name, edge):
    assert name_key(f"{edge}{name.upper()}{edge}") == name_key(name)
