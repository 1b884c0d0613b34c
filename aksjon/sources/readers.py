"""Reading source files row by row: JSON Lines and the tips CSV.

Each reader yields (line, row) where row is the parsed object, or a Problem when
the line cannot be read at all. Files are read as a stream, so a collection of
millions of ads never has to fit in memory.

Nothing in a file may raise: whatever a line holds (a megabyte field, JSON nested
a hundred thousand deep, a 30-digit number, a lone surrogate, a NUL byte) becomes a
Problem naming the line and, where there is one, the field. The limits below are
documented in docs/formats.md.
"""
from __future__ import annotations

import csv
import hashlib
import json
import math
from collections.abc import Iterator
from pathlib import Path

from aksjon.core.text import gettext_noop
from aksjon.sources.base import Problem

Row = tuple[int, dict | Problem]
BOM = "\ufeff"
TIPS_HEADER = ["tip_id", "received_at", "channel", "text", "venue_name", "address", "city", "phone"]

MAX_LINE_BYTES = 16 << 20  # one JSON Lines record; an ad is a few kilobytes
MAX_CSV_FIELD = 16 << 20  # the csv module's own limit (128 KiB by default), raised; base.MAX_TEXT bounds the text
MAX_DEPTH = 32  # nesting of objects and lists in one record; the register's deepest is 5
MAX_INTEGER = 2**63 - 1  # beyond what a database column holds, a number is not data but damage


def file_facts(path: Path) -> tuple[str, int]:
    """The file's SHA-256 and its number of lines, in one read."""
    digest, lines, last = hashlib.sha256(), 0, b"\n"
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return digest.hexdigest(), lines + (last != b"\n")


def _no_constants(name: str):
    raise ValueError(f"{name} is not allowed in JSON")


def read_jsonl(path: Path) -> Iterator[Row]:
    """One JSON object per line; blank lines carry nothing and are passed over."""
    with open(path, "rb") as handle:
        for number, raw in enumerate(_bounded_lines(handle), start=1):
            if raw is None:
                yield number, Problem(number, "", gettext_noop("is longer than %(max)s bytes"), {"max": MAX_LINE_BYTES})
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                yield number, Problem(number, "", gettext_noop("is not UTF-8 text"))
                continue
            line = line.removeprefix(BOM) if number == 1 else line
            if line.strip():
                yield number, _parse_object(number, line)


def _bounded_lines(handle) -> Iterator[bytes | None]:
    """The file's lines; None for a line over MAX_LINE_BYTES, which is skipped without being held in memory."""
    while raw := handle.readline(MAX_LINE_BYTES + 1):
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            raw = None
        yield raw


def _parse_object(number: int, line: str) -> dict | Problem:
    try:
        row = json.loads(line, parse_constant=_no_constants)
    except RecursionError:
        return Problem(number, "", gettext_noop("is nested deeper than %(max)s levels"), {"max": MAX_DEPTH})
    except ValueError as error:  # also an integer of thousands of digits
        return Problem(number, "", gettext_noop("is not JSON: %(error)s"), {"error": str(error)[:200]})
    if not isinstance(row, dict):
        return Problem(number, "", gettext_noop("is not a JSON object"))
    return _first_damage(number, row) or row


def _first_damage(number: int, row: dict) -> Problem | None:
    """The first value JSON allows but no record can hold, named by its path (`phones[2]`, `navn`)."""
    stack = [("", row, 1)]
    while stack:
        path, value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return Problem(number, path, gettext_noop("is nested deeper than %(max)s levels"), {"max": MAX_DEPTH})
        if isinstance(value, dict):
            for key, item in value.items():
                if _text_damage(key) is not None:
                    return Problem(number, _join(path, _printable(key)), gettext_noop(
                        "is a field name with a NUL character or a lone surrogate"))
                stack.append((_join(path, key), item, depth + 1))
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", item, depth + 1) for i, item in enumerate(value))
        elif isinstance(value, str):
            if (reason := _text_damage(value)) is not None:
                return Problem(number, path, reason)
        elif _too_large(value):
            return Problem(number, path, gettext_noop("is a number larger than %(max)s"), {"max": MAX_INTEGER})
    return None


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _too_large(value) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)  # 1e400 parses as infinity
    return isinstance(value, int) and abs(value) > MAX_INTEGER


def _text_damage(text: str) -> str | None:
    if "\x00" in text:
        return gettext_noop("contains a NUL character")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (\\ud800) decoded from a JSON escape: no character at all
        return gettext_noop("contains a lone surrogate (\\ud800-\\udfff), which is not a character")
    return None


def _printable(text: str) -> str:
    """A damaged key made safe to store and show in a report."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")[:100]


class _DecodedLines:
    """Lines of a binary file as text for the csv module, remembering which did not decode."""

    def __init__(self, handle):
        self.handle, self.number, self.undecodable = handle, 0, set()

    def __iter__(self):
        for raw in self.handle:
            self.number += 1
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                self.undecodable.add(self.number)
                line = raw.decode("utf-8", "replace")
            yield line.removeprefix(BOM) if self.number == 1 else line


def read_tips_csv(path: Path) -> Iterator[Row]:
    """The tips CSV: the exact header on line 1, then one tip per row (a text may span lines)."""
    csv.field_size_limit(MAX_CSV_FIELD)
    with open(path, "rb") as handle:
        lines = _DecodedLines(handle)
        reader = csv.reader(lines)
        header = _next_values(reader, 1)
        if header != TIPS_HEADER or lines.undecodable:
            yield 1, Problem(1, "header", gettext_noop("must be exactly %(expected)s"),
                             {"expected": ",".join(TIPS_HEADER)})
            return
        end = reader.line_num
        while (values := _next_values(reader, end + 1)) is not None:
            start, end = end + 1, reader.line_num
            if isinstance(values, Problem):
                yield start, values
                return  # after a field over the limit the rest of the file cannot be told apart
            if values:
                yield start, _tip_row(start, end, values, lines.undecodable)


def _next_values(reader, line: int) -> list[str] | Problem | None:
    try:
        return next(reader, None)
    except csv.Error as error:  # a field over MAX_CSV_FIELD
        return Problem(line, "", gettext_noop("is not CSV: %(error)s"), {"error": str(error)[:200]})


def _tip_row(start: int, end: int, values: list[str], undecodable: set[int]) -> dict | Problem:
    if any(n in undecodable for n in range(start, end + 1)):
        return Problem(start, "", gettext_noop("is not UTF-8 text"))
    if len(values) != len(TIPS_HEADER):
        return Problem(start, "", gettext_noop("has %(count)s columns, not %(expected)s"),
                       {"count": len(values), "expected": len(TIPS_HEADER)})
    row = dict(zip(TIPS_HEADER, values, strict=True))
    damaged = next((name for name, value in row.items() if "\x00" in value), None)
    if damaged:
        return Problem(start, damaged, gettext_noop("contains a NUL character"))
    return row
