"""The intelligence sources Aksjon imports (docs/formats.md), read and checked.

Plain Python, no Django: for each format a validator turns one parsed row into a
clean record or the list of its problems (line, field path, reason). A row's
warnings (doubtful values kept as written) travel with its record. `scan`
reads a whole file row by row and also refuses a record that repeats the key of
an earlier line, since a file that names one thing twice cannot say which is right,
and a file with no record at all.
The importer (aksjon.intel.importing) runs `scan` once to validate and again to write.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from aksjon.core.text import gettext_noop
from aksjon.sources import ads, enheter, inspections, roller, tips
from aksjon.sources.base import Problem
from aksjon.sources.readers import TIPS_HEADER, file_facts, read_jsonl, read_tips_csv

__all__ = ["KINDS", "Checked", "Problem", "TIPS_HEADER", "file_facts", "scan", "validate_row"]

# kind -> (reader, validator)
FORMATS: dict[str, tuple[Callable, Callable]] = {
    "enheter": (read_jsonl, enheter.validate),
    "roller": (read_jsonl, roller.validate),
    "ads": (read_jsonl, ads.validate),
    "tips": (read_tips_csv, tips.validate),
    "inspections": (read_jsonl, inspections.validate),
}
KINDS = tuple(FORMATS)


@dataclass(frozen=True)
class Checked:
    """One row of a file: its record when it has no error, else its errors; and its warnings either way."""

    line: int
    record: object | None
    problems: list[Problem]  # errors only: any one rejects the file
    warnings: list[Problem] = field(default_factory=list)


def validate_row(kind: str, row: dict, line: int) -> tuple[object | None, list[Problem]]:
    return FORMATS[kind][1](row, line)


def scan(kind: str, path: Path) -> Iterator[Checked]:
    """Every row of the file, read and validated, in file order."""
    read, validate = FORMATS[kind]
    first_line: dict[bytes, int] = {}  # key digest -> line; digests keep millions of keys small
    rows = 0
    for line, row in read(Path(path)):
        rows += 1
        if isinstance(row, Problem):
            yield Checked(line, None, [row])
            continue
        record, problems = validate(row, line)
        if record is not None:
            digest = hashlib.blake2b(repr(record.key).encode(), digest_size=16).digest()
            first = first_line.setdefault(digest, line)
            if first != line:
                record, problems = None, [*problems, Problem(line, record.KEY_FIELD, gettext_noop(
                    "repeats the record of line %(first)s"), {"first": first})]
        yield Checked(line, record, [p for p in problems if p.is_error], [p for p in problems if not p.is_error])
    if not rows:  # an empty upload is a mistake, not a success with nothing in it
        yield Checked(1, None, [Problem(1, "", gettext_noop("the file has no records"))])
