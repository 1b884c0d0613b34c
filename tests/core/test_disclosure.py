"""Disclosure control: small counts withheld, no withheld count recoverable from one line of
totals, distinct counts left alone, and k-anonymity for row-level exports."""
from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aksjon.core.disclosure import (
    THRESHOLD,
    TOTAL,
    Table,
    Withheld,
    k_anonymous,
    protect_count,
    protect_table,
    recoverable,
    suppress_to_k,
)

SMALL, SECONDARY = Withheld.SMALL, Withheld.SECONDARY


def withheld(table: Table) -> dict[tuple[str, str], Withheld]:
    """Every withheld position of a table, as recoverable() names positions."""
    found = {(r, c): n for r, row in table.cells.items() for c, n in row.items()}
    found |= {(r, TOTAL): n for r, n in (table.row_totals or {}).items()}
    found |= {(TOTAL, c): n for c, n in (table.column_totals or {}).items()}
    if table.total is not None:
        found[(TOTAL, TOTAL)] = table.total
    return {p: n for p, n in found.items() if isinstance(n, Withheld)}


def additive(cells: dict[str, dict[str, int]], *, grand: bool = True) -> Table:
    """A table with every total the sum of its line."""
    columns = list(dict.fromkeys(c for row in cells.values() for c in row))
    row_totals = {r: sum(row.values()) for r, row in cells.items()}
    column_totals = {c: sum(row.get(c, 0) for row in cells.values()) for c in columns}
    return Table(cells, row_totals, column_totals, sum(row_totals.values()) if grand else None)


@pytest.mark.parametrize(("n", "shown"), [(0, 0), (1, SMALL), (4, SMALL), (5, 5), (12, 12)])
def test_a_count_of_one_to_four_is_withheld_and_zero_is_shown(n, shown):
    assert protect_count(n) == shown


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError):
        protect_count(-1)


def test_one_small_cell_takes_the_smallest_of_its_row_and_column_until_the_crossings_hold():
    raw = additive({"a": {"x": 2, "y": 10, "z": 7},
                    "b": {"x": 8, "y": 9, "z": 6},
                    "c": {"x": 12, "y": 11, "z": 13}})
    protected = protect_table(raw)
    # Row a takes its 7; column x its 8; column z, now with a lone 7, its 6; row b then has two.
    assert withheld(protected) == {("a", "x"): SMALL, ("a", "z"): SECONDARY,
                                   ("b", "x"): SECONDARY, ("b", "z"): SECONDARY}
    assert protected.row_totals == raw.row_totals and protected.total == 78
    assert recoverable(raw, protected) == []


def test_primary_withholding_alone_is_recoverable():
    raw = additive({"a": {"x": 2, "y": 10}, "b": {"x": 8, "y": 9}})
    primary_only = copy.deepcopy(raw)
    primary_only.cells["a"]["x"] = SMALL
    assert recoverable(raw, primary_only) == [("a", "x")]


def test_a_distinct_count_that_is_not_the_sum_of_its_cells_needs_no_secondary():
    # 7 distinct venues, one of which has both findings: 2 + 6 != 7.
    distinct = Table({"a": {"x": 2, "y": 6}}, row_totals={"a": 7})
    assert withheld(protect_table(distinct)) == {("a", "x"): SMALL}
    summed = Table({"a": {"x": 2, "y": 6}}, row_totals={"a": 8})
    assert withheld(protect_table(summed)) == {("a", "x"): SMALL, ("a", "y"): SECONDARY}


def test_a_lone_withheld_cell_beside_zeros_hides_the_total_never_a_zero():
    raw = additive({"a": {"x": 2, "y": 0}, "b": {"x": 6, "y": 0}})
    protected = protect_table(raw)
    assert withheld(protected) == {("a", "x"): SMALL, ("b", "x"): SECONDARY,
                                   ("a", TOTAL): SMALL, ("b", TOTAL): SECONDARY}
    assert protected.cells["a"]["y"] == 0 and protected.cells["b"]["y"] == 0
    assert recoverable(raw, protected) == []


def test_a_small_row_total_is_protected_in_the_line_of_row_totals():
    # Row totals 3, 10, 20 under a grand total of 33: the 3 alone could be subtracted out.
    raw = Table({"a": {"x": 3}, "b": {"x": 10}, "c": {"x": 20}},
                row_totals={"a": 3, "b": 10, "c": 20}, total=33)
    protected = protect_table(raw)
    assert withheld(protected) == {("a", "x"): SMALL, ("a", TOTAL): SMALL,
                                   ("b", "x"): SECONDARY, ("b", TOTAL): SECONDARY}
    assert protected.total == 33
    assert recoverable(raw, protected) == []


def test_a_grand_total_over_cells_without_margins_is_a_line_too():
    raw = Table({"a": {"x": 3, "y": 9, "z": 12}}, total=24)
    assert withheld(protect_table(raw)) == {("a", "x"): SMALL, ("a", "y"): SECONDARY}


def test_a_small_grand_total_is_withheld():
    raw = additive({"a": {"x": 1, "y": 2}})
    protected = protect_table(raw)
    assert protected.total is SMALL and protected.row_totals == {"a": SMALL}


def test_bounds_pin_a_one_beside_a_five_so_the_total_goes_too():
    # Shown 6 = a (1..4) + b (>= 5) leaves only a = 1, b = 5.
    raw = Table({"a": {"x": 1, "y": 5}}, row_totals={"a": 6})
    half = Table({"a": {"x": SMALL, "y": SECONDARY}}, row_totals={"a": 6})
    assert recoverable(raw, half) == [("a", "x"), ("a", "y")]
    assert withheld(protect_table(raw)) == {("a", "x"): SMALL, ("a", "y"): SECONDARY, ("a", TOTAL): SECONDARY}


def test_four_ones_under_a_total_of_four_are_withheld_whole():
    raw = Table({"a": {"w": 1, "x": 1, "y": 1, "z": 1, "q": 0}}, row_totals={"a": 4})
    half = Table({"a": {"w": SMALL, "x": SMALL, "y": SMALL, "z": SMALL, "q": 0}}, row_totals={"a": SMALL})
    assert recoverable(raw, half) == [("a", "w"), ("a", "x"), ("a", "y"), ("a", "z"), ("a", TOTAL)]
    protected = protect_table(raw)
    assert protected.cells["a"] == dict.fromkeys("wxyzq", SECONDARY) and protected.row_totals == {"a": SECONDARY}
    assert recoverable(raw, protected) == []


def test_protection_is_deterministic_and_leaves_its_input_alone():
    cells = {"a": {"x": 2, "y": 10, "z": 7}, "b": {"x": 7, "y": 9, "z": 7}}
    raw = additive(cells)
    before = copy.deepcopy(raw)
    first = protect_table(raw)
    assert raw == before
    assert protect_table(copy.deepcopy(raw)) == first
    # Ties go to the first in order: row a's 7 (z) and column x's 7 (b).
    assert withheld(first)[("a", "z")] is SECONDARY and withheld(first)[("b", "x")] is SECONDARY


def test_a_missing_cell_is_a_shown_zero_and_stays_missing():
    raw = Table({"a": {"x": 2, "y": 8}, "b": {"y": 9}}, row_totals={"a": 10, "b": 9},
                column_totals={"x": 2, "y": 17})
    protected = protect_table(raw)
    assert "x" not in protected.cells["b"]
    assert recoverable(raw, protected) == []


def test_raw_tables_hold_counts_only():
    with pytest.raises(ValueError):
        protect_table(Table({"a": {"x": SMALL}}))


# --- the property: on any table, nothing small is shown and nothing is recoverable ---------

VALUES = st.sampled_from([0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 9, 15, 40])
KEYS = ["a", "b", "c", "d"]


@st.composite
def tables(draw):
    rows = KEYS[:draw(st.integers(1, 4))]
    columns = ["w", "x", "y", "z"][:draw(st.integers(1, 4))]
    cells = {r: {c: draw(VALUES) for c in columns} for r in rows}
    table = additive(cells)
    # Some totals are distinct counts (less than the sum), some are not shown at all.
    if draw(st.booleans()):
        table.row_totals = {r: max(0, n - draw(st.integers(0, 2))) for r, n in table.row_totals.items()}
    if draw(st.booleans()):
        table.column_totals = None
    if draw(st.booleans()):
        table.total = None
    return table


def unprotectable(table: Table) -> bool:
    """Some group of counts is exactly THRESHOLD-1 ones (a line if the table shows its sum): no
    withholding of non-zero counts can hide that they are ones."""
    columns = list(dict.fromkeys(c for row in table.cells.values() for c in row))
    groups = [list(row.values()) for row in table.cells.values()]
    groups += [[row.get(c, 0) for row in table.cells.values()] for c in columns]
    groups += [list((table.row_totals or {}).values()), list((table.column_totals or {}).values())]
    groups.append([n for row in table.cells.values() for n in row.values()])
    return any(sorted(n for n in group if n) == [1] * (THRESHOLD - 1) for group in groups)


@settings(max_examples=400, deadline=None)
@given(tables())
def test_no_small_count_is_shown_and_none_is_recoverable(raw):
    protected = protect_table(raw)
    if all(value_at(protected, p) is SECONDARY for p in positions(raw)):  # withheld whole
        assert unprotectable(raw)  # only a table of ones under a small total may be
        assert recoverable(raw, protected) == []
        return
    for position in positions(raw):
        value, shown = value_at(raw, position), value_at(protected, position)
        assert shown is SMALL if 0 < value < THRESHOLD else shown in (value, SECONDARY)
        assert value != 0 or shown == 0
    assert recoverable(raw, protected) == []


def positions(table: Table) -> list[tuple[str, str]]:
    found = [(r, c) for r, row in table.cells.items() for c in row]
    found += [(r, TOTAL) for r in table.row_totals or {}] + [(TOTAL, c) for c in table.column_totals or {}]
    return found + ([(TOTAL, TOTAL)] if table.total is not None else [])


def value_at(table: Table, position: tuple[str, str]):
    r, c = position
    if (r, c) == (TOTAL, TOTAL):
        return table.total
    if c == TOTAL:
        return table.row_totals[r]
    if r == TOTAL:
        return table.column_totals[c]
    return table.cells[r][c]


# --- k-anonymity ----------------------------------------------------------------------------

PEOPLE = [
    {"id": 1, "age": "18-25", "town": "Bergen"},
    {"id": 2, "age": "18-25", "town": "Bergen"},
    {"id": 3, "age": "26-35", "town": "Oslo"},
    {"id": 4, "age": "18-25", "town": "Bergen"},
    {"id": 5, "age": "26-35", "town": "Oslo"},
    {"id": 6, "age": "36-45", "town": "Hamar"},
]


def test_k_anonymity_holds_only_when_every_combination_is_shared_by_k_rows():
    assert k_anonymous(PEOPLE[:5], ["age", "town"], 2)
    assert not k_anonymous(PEOPLE, ["age", "town"], 2)
    assert not k_anonymous(PEOPLE[:5], ["age", "town"], 3)
    assert k_anonymous(PEOPLE, ["age"], 1)


def test_suppression_blanks_the_small_classes_and_keeps_order_and_the_rest():
    rows = PEOPLE + [{"id": 7, "age": "46-55", "town": "Vardø"}]
    result = suppress_to_k(rows, ["age", "town"], 2)
    assert [r["id"] for r in result] == [1, 2, 3, 4, 5, 6, 7]
    assert result[5] == {"id": 6, "age": None, "town": None} and result[0] == PEOPLE[0]
    assert rows[5]["town"] == "Hamar"  # copies, not the caller's rows
    assert k_anonymous(result, ["age", "town"], 2)


def test_a_suppressed_class_still_smaller_than_k_is_dropped():
    result = suppress_to_k(PEOPLE, ["age", "town"], 2)
    assert [r["id"] for r in result] == [1, 2, 3, 4, 5]
    assert suppress_to_k(PEOPLE, ["age", "town"], 3) == [
        {"id": 1, "age": "18-25", "town": "Bergen"}, {"id": 2, "age": "18-25", "town": "Bergen"},
        {"id": 3, "age": None, "town": None}, {"id": 4, "age": "18-25", "town": "Bergen"},
        {"id": 5, "age": None, "town": None}, {"id": 6, "age": None, "town": None}]


ROWS = st.lists(st.fixed_dictionaries({"age": st.sampled_from(["a", "b", "c", None]),
                                       "town": st.sampled_from(["x", "y"])}), max_size=30)


@settings(max_examples=200, deadline=None)
@given(ROWS, st.integers(1, 5))
def test_suppression_always_gives_k_anonymous_rows_and_keeps_large_classes(rows, k):
    result = suppress_to_k(rows, ["age", "town"], k)
    assert k_anonymous(result, ["age", "town"], k)
    large = [r for r in rows if sum(o == r for o in rows) >= k]
    assert [r for r in result if r in large] == large
