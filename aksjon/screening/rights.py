"""Rights information, one data file per language (aksjon/data/rights/<code>.toml)."""
from __future__ import annotations

import tomllib
from importlib import resources


def _folder():
    return resources.files("aksjon.data").joinpath("rights")


def languages() -> list[tuple[str, str]]:
    """(code, own name) for every language with a rights file, bokmål first."""
    found = [tomllib.loads(f.read_text("utf-8")) for f in _folder().iterdir() if f.name.endswith(".toml")]
    order = {"nb": 0, "en": 1, "th": 2}
    return [(d["language"], d["name"]) for d in sorted(found, key=lambda d: (order.get(d["language"], 9),
                                                                                d["language"]))]


def rights(language: str) -> dict | None:
    path = _folder().joinpath(f"{language}.toml")
    if not language.isalpha() or not path.is_file():
        return None
    return tomllib.loads(path.read_text("utf-8"))
