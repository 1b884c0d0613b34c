"""Disclosure control: the one place that decides which counts a reader may see.

Counts of persons by police district and town: a count of 1 to THRESHOLD-1 could point to a
person, so outside the national unit it is withheld (Withheld.SMALL, shown as "fewer than
5"); a 0 is shown, it points to nobody. Withholding one count is not enough when totals are
shown: 7 - 2 - 4 gives back the hidden 1. So `protect_table` also withholds further counts
(Withheld.SECONDARY) until no withheld count follows from one line of the table.

A line is a set of counts whose sum is shown: a row with its row total, a column with its
column total, the row totals (and the column totals) with the grand total, and all cells
with the grand total. A line is *additive* only when its raw counts really sum to its
total; a distinct count (venues of a district, where one venue has several findings) is
not the sum of its cells, and subtraction recovers nothing exactly from it.

What a reader knows of a withheld count: SMALL is 1..THRESHOLD-1, SECONDARY is at least
THRESHOLD (only a shown non-zero count is ever made SECONDARY, and those are >= THRESHOLD).
A withheld count is *recoverable* when one additive line and these bounds pin it to a single
value: a lone withheld count in the line (plain subtraction), but also a SMALL 1 beside a
SECONDARY 5 under a shown total of 6 (it can only be 1 and 5). `protect_table` repeats until
no additive line pins any of its withheld counts; each round withholds in the exposed line
its smallest shown non-zero cell (the first in the table's order on a tie), else its total.

What the fixed point guarantees: in every additive line, taken alone, every withheld count
keeps at least two possible values. What it does not:
- A reader who solves several lines at once (an "audit" by linear programming in
  statistical disclosure control terms) may still narrow a withheld count, sometimes to one
  value. The row-and-column structure makes this rarer, but it is not checked here.
- A line of exactly THRESHOLD-1 ones and zeros under a total of THRESHOLD-1 cannot be
  protected by withholding its non-zero counts: the bounds still say "all ones". Such a
  table is withheld whole, every count (zeros too) SECONDARY: it is too small to say
  anything safely by place. `recoverable` finds nothing in it.
- Lines the page does not declare (a figure shown elsewhere) are not seen here.

The anonymised case export uses `k_anonymous` and `suppress_to_k`: every combination of the
quasi-identifiers (age band, nationality, town …) must be shared by at least k rows.
"""
from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass
from math import inf

THRESHOLD = 5
TOTAL = "__total__"  # the column of row totals and the row of column totals, in positions


class Withheld(enum.StrEnum):
    SMALL = "small"          # primary: a count 1..THRESHOLD-1 (0 is shown: it identifies nobody)
    SECONDARY = "secondary"  # hidden so that a small count cannot be recovered by subtraction


Count = int | Withheld
Position = tuple[str, str]  # (row, column); a row total is (row, TOTAL), the grand total (TOTAL, TOTAL)


def protect_count(n: int, threshold: int = THRESHOLD) -> Count:
    """A single count as a reader outside the national unit may see it."""
    if isinstance(n, Withheld) or not isinstance(n, int) or n < 0:
        raise ValueError(f"a count is a non-negative int, not {n!r}")
    return Withheld.SMALL if 0 < n < threshold else n


@dataclass
class Table:
    cells: dict[str, dict[str, Count]]          # row -> column -> count (a missing cell = 0)
    row_totals: dict[str, Count] | None = None  # shown totals of each row, if the page shows them
    column_totals: dict[str, Count] | None = None
    total: Count | None = None                  # the grand total, if shown


@dataclass(frozen=True)
class _Line:
    """Counts whose sum the table shows: the cells add up to the marginal."""

    cells: tuple[Position, ...]
    marginal: Position


def protect_table(table: Table, threshold: int = THRESHOLD) -> Table:
    """The table with small counts withheld and, in each additive line, enough further counts
    withheld that no withheld count follows from that line (see the module's docstring)."""
    raw = _positions(table)
    if any(not isinstance(v, int) or isinstance(v, Withheld) or v < 0 for v in raw.values()):
        raise ValueError("protect_table takes raw counts: non-negative ints")
    shown: dict[Position, Count] = {p: protect_count(v, threshold) for p, v in raw.items()}
    lines = [line for line in _lines(table) if _additive(line, raw)]
    stuck: set[_Line] = set()
    while (line := _first_exposed(lines, shown, threshold, stuck)) is not None:
        choice = _secondary_choice(line, raw, shown)
        if choice is None:  # every non-zero count of the line is hidden already
            stuck.add(line)
        else:
            shown[choice] = Withheld.SECONDARY
    if any(_pinned(line, shown, threshold) for line in stuck):
        # Some sum is made of ones only (four ones under a total of four): withholding more
        # non-zero counts cannot hide that, so the whole table is withheld, zeros too.
        shown = dict.fromkeys(shown, Withheld.SECONDARY)
    return _rebuild(table, shown)


def recoverable(raw: Table, protected: Table, threshold: int = THRESHOLD) -> list[Position]:
    """The withheld counts of `protected` that one additive line of `raw` pins to one value.

    It needs the raw table to know which lines are additive; the reader does not, so this is
    the stronger check. Empty after `protect_table` except for the unprotectable lines the
    module's docstring names."""
    values = _positions(raw)
    shown = _positions(protected)
    found: list[Position] = []
    for line in _lines(raw):
        if _additive(line, values):
            found += [p for p in _pinned(line, shown, threshold) if p not in found]
    return found


# --- the table's positions and lines ------------------------------------------------------

def _ordered(*groups) -> list[str]:
    return list(dict.fromkeys(key for group in groups for key in group))


def _rows(table: Table) -> list[str]:
    return _ordered(table.cells, table.row_totals or {})


def _columns(table: Table) -> list[str]:
    return _ordered(*table.cells.values(), table.column_totals or {})


def _positions(table: Table) -> dict[Position, Count]:
    """Every count the table shows, in order; a missing cell is a shown 0."""
    rows, columns = _rows(table), _columns(table)
    if TOTAL in rows or TOTAL in columns:
        raise ValueError(f"{TOTAL!r} is reserved for totals")
    found: dict[Position, Count] = {(r, c): table.cells.get(r, {}).get(c, 0) for r in rows for c in columns}
    found |= {(r, TOTAL): n for r, n in (table.row_totals or {}).items()}
    found |= {(TOTAL, c): n for c, n in (table.column_totals or {}).items()}
    if table.total is not None:
        found[(TOTAL, TOTAL)] = table.total
    return found


def _lines(table: Table) -> list[_Line]:
    rows, columns = _rows(table), _columns(table)
    row_totals, column_totals = table.row_totals or {}, table.column_totals or {}
    lines = [_Line(tuple((r, c) for c in columns), (r, TOTAL)) for r in rows if r in row_totals]
    lines += [_Line(tuple((r, c) for r in rows), (TOTAL, c)) for c in columns if c in column_totals]
    if table.total is not None:
        grand = (TOTAL, TOTAL)
        if row_totals:
            lines.append(_Line(tuple((r, TOTAL) for r in rows if r in row_totals), grand))
        if column_totals:
            lines.append(_Line(tuple((TOTAL, c) for c in columns if c in column_totals), grand))
        # A page that shows cells and a grand total without margins still shows this sum.
        lines.append(_Line(tuple((r, c) for r in rows for c in columns), grand))
    return lines


def _additive(line: _Line, raw: dict[Position, Count]) -> bool:
    return sum(raw[p] for p in line.cells) == raw[line.marginal]


# --- what a reader can work out from one line ----------------------------------------------

def _bounds(value: Count, threshold: int) -> tuple[float, float]:
    if value is Withheld.SMALL:
        return 1, threshold - 1
    if value is Withheld.SECONDARY:
        return threshold, inf
    return value, value


def _pinned(line: _Line, shown: dict[Position, Count], threshold: int) -> list[Position]:
    """The withheld counts of the line that its sum and the known bounds fix to one value.

    The line says sum(cells) - marginal = 0; each unknown is minus the rest of that sum."""
    signed = [(p, 1) for p in line.cells] + [(line.marginal, -1)]
    bounds = {p: _bounds(shown[p], threshold) for p, _ in signed}
    pinned = []
    for position, sign in signed:
        if isinstance(shown[position], Withheld):
            low, high = _rest(signed, bounds, position)
            implied = (-high, -low) if sign == 1 else (low, high)
            own = bounds[position]
            if max(own[0], implied[0]) == min(own[1], implied[1]):
                pinned.append(position)
    return pinned


def _rest(signed, bounds, left_out: Position) -> tuple[float, float]:
    """The range of the line's signed sum without one position."""
    low = high = 0
    for position, sign in signed:
        if position != left_out:
            lo, hi = bounds[position]
            low, high = (low + lo, high + hi) if sign == 1 else (low - hi, high - lo)
    return low, high


def _first_exposed(lines, shown, threshold, stuck) -> _Line | None:
    return next((line for line in lines if line not in stuck and _pinned(line, shown, threshold)), None)


def _secondary_choice(line: _Line, raw, shown) -> Position | None:
    """The smallest shown non-zero cell of the line, else its shown total; hiding a 0 protects
    nothing (and would break the reader's bound that a SECONDARY count is >= threshold)."""
    cells = [(raw[p], i, p) for i, p in enumerate(line.cells) if not isinstance(shown[p], Withheld) and raw[p] > 0]
    if cells:
        return min(cells)[2]
    if not isinstance(shown[line.marginal], Withheld) and raw[line.marginal] > 0:
        return line.marginal
    return None


def _rebuild(table: Table, shown: dict[Position, Count]) -> Table:
    def totals(given: dict[str, Count] | None, position) -> dict[str, Count] | None:
        return None if given is None else {key: shown[position(key)] for key in given}

    return Table(
        cells={r: {c: shown[(r, c)] for c in columns} for r, columns in table.cells.items()},
        row_totals=totals(table.row_totals, lambda r: (r, TOTAL)),
        column_totals=totals(table.column_totals, lambda c: (TOTAL, c)),
        total=None if table.total is None else shown[(TOTAL, TOTAL)])


# --- k-anonymity for row-level exports -----------------------------------------------------

def _classes(rows: list[dict], quasi_identifiers: list[str]) -> Counter:
    return Counter(tuple(row.get(q) for q in quasi_identifiers) for row in rows)


def k_anonymous(rows: list[dict], quasi_identifiers: list[str], k: int) -> bool:
    """Whether every combination of the quasi-identifiers' values is shared by at least k rows
    (a missing key counts as None). No rows is trivially k-anonymous."""
    return all(n >= k for n in _classes(rows, quasi_identifiers).values())


def suppress_to_k(rows: list[dict], quasi_identifiers: list[str], k: int) -> list[dict]:
    """Copies of the rows, k-anonymous, in their order: a row whose combination is shared by
    fewer than k rows gets all its quasi-identifiers set to None (local suppression).

    The rows whose quasi-identifiers are then all None form one class of their own (together
    with any row that had all None to begin with); if that class is still smaller than k, its
    rows are dropped from the result entirely, since a lone suppressed row would stand out."""
    if k < 1:
        raise ValueError("k is at least 1")
    sizes = _classes(rows, quasi_identifiers)
    blank = dict.fromkeys(quasi_identifiers)
    result = [dict(row) | (blank if sizes[tuple(row.get(q) for q in quasi_identifiers)] < k else {})
              for row in rows]
    suppressed = [row for row in result if all(row.get(q) is None for q in quasi_identifiers)]
    if 0 < len(suppressed) < k:
        result = [row for row in result if any(row.get(q) is not None for q in quasi_identifiers)]
    return result
