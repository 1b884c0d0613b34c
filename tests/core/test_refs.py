"""Record references: one spelling, parsed and printed in one place, ordered as the stored text."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aksjon.core.errors import InvalidInput
from aksjon.core.refs import KINDS, LARGEST_KEY, MalformedRef, Ref, key_of, prefix, ref_text


def test_parse_and_print():
    assert Ref.parse("person:12") == Ref("person", 12)
    assert str(Ref("ad", 311)) == "ad:311" == ref_text("ad", 311)
    assert Ref.parse(f"venue:{LARGEST_KEY}").key == LARGEST_KEY
    assert key_of("ad:311", "ad") == 311 and key_of("venue:7", "ad") is None
    assert prefix("venue") == "venue:"


@pytest.mark.parametrize("text", [
    "", ":", "person", "person:", ":12", "person:²", "person:١٢", "person:12a", "person: 12", "person:+12",
    "person:-1", "person:012", "person:1.0", "person:1:2", "Person:1", "nobody:1", " person:1",
    f"person:{LARGEST_KEY + 1}", "person:" + "9" * 40, None, 12])
def test_anything_malformed_is_refused(text):
    with pytest.raises(MalformedRef) as raised:
        Ref.parse(text)
    assert isinstance(raised.value, ValueError) and isinstance(raised.value, InvalidInput)
    assert not Ref.is_valid(text)


@pytest.mark.parametrize("kind, key", [("nobody", 1), ("person", -1), ("person", True), ("person", 1.0),
                                       ("person", LARGEST_KEY + 1)])
def test_no_malformed_ref_can_be_built(kind, key):
    with pytest.raises(MalformedRef):
        Ref(kind, key)


refs = st.builds(Ref, st.sampled_from(sorted(KINDS)), st.integers(0, LARGEST_KEY))


@given(refs)
def test_round_trip(ref):
    assert Ref.parse(str(ref)) == ref and hash(Ref.parse(str(ref))) == hash(ref)


@given(st.lists(refs, max_size=20))
def test_order_is_the_stored_texts_order(many):
    """Clusters are named after their smallest member in text order; sorting refs must agree."""
    assert [str(ref) for ref in sorted(many)] == sorted(str(ref) for ref in many)
    assert sorted([Ref("person", 3), Ref("person", 12)]) == [Ref("person", 12), Ref("person", 3)]
