"""Byte-stable output: JSON Lines and CSV, UTF-8, "\n" line ends, fixed separators."""
from __future__ import annotations

import csv
import json
from pathlib import Path

# One encoder for every line: no spaces, non-ASCII kept as is, keys in insertion order.
dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class JsonLines:
    def __init__(self, path: Path):
        self.path = path
        self.file = open(path, "w", encoding="utf-8", newline="\n", buffering=1 << 20)
        self.count = 0

    def write(self, record: dict) -> None:
        self.file.write(dumps(record))
        self.file.write("\n")
        self.count += 1

    def close(self) -> None:
        self.file.close()

    def __enter__(self) -> JsonLines:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> int:
    with open(path, "w", encoding="utf-8", newline="") as file:
        out = csv.writer(file, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)
    return len(rows)
