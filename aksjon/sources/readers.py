"""Reading source files row by row: JSON Lines and the tips CSV.

Each reader yields (line, row) where row is the parsed object, or a Problem when
the line cannot be read at all. Files are read as a stream, so a collection of
millions of ads never has to fit in memory.
"""
from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

from aksjon.core.text import gettext_noop
from aksjon.sources.base import Problem

Row = tuple[int, dict | Problem]
BOM = "\ufeff"
TIPS_HEADER = ["tip_id", "received_at", "channel", "text", "venue_name", "address", "city", "phone"]


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
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                yield number, Problem(number, "", gettext_noop("is not UTF-8 text"))
                continue
            line = line.removeprefix(BOM) if number == 1 else line
            if line.strip():
                yield number, _parse_object(number, line)


def _parse_object(number: int, line: str) -> dict | Problem:
    try:
        row = json.loads(line, parse_constant=_no_constants)
    except ValueError as error:
        return Problem(number, "", gettext_noop("is not JSON: %(error)s"), {"error": str(error)})
    if not isinstance(row, dict):
        return Problem(number, "", gettext_noop("is not a JSON object"))
    return row


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
    with open(path, "rb") as handle:
        lines = _DecodedLines(handle)
        reader = csv.reader(lines)
        header = next(reader, None)
        if header != TIPS_HEADER or lines.undecodable:
            yield 1, Problem(1, "header", gettext_noop("must be exactly %(expected)s"),
                             {"expected": ",".join(TIPS_HEADER)})
            return
        end = reader.line_num
        for values in reader:
            start, end = end + 1, reader.line_num
            if values:
                yield start, _tip_row(start, end, values, lines.undecodable)


def _tip_row(start: int, end: int, values: list[str], undecodable: set[int]) -> dict | Problem:
    if any(n in undecodable for n in range(start, end + 1)):
        return Problem(start, "", gettext_noop("is not UTF-8 text"))
    if len(values) != len(TIPS_HEADER):
        return Problem(start, "", gettext_noop("has %(count)s columns, not %(expected)s"),
                       {"count": len(values), "expected": len(TIPS_HEADER)})
    return dict(zip(TIPS_HEADER, values, strict=True))
