"""Controlled vocabularies (roles, finding codes, vulnerabilities …) loaded from data.

The lists live in aksjon/data/vocabulary.toml so that a domain expert can read
and correct them without reading code.
"""
from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

FALLBACK_LANGUAGE = "nb"


@cache
def _all() -> dict[str, dict[str, dict[str, str]]]:
    text = resources.files("aksjon.data").joinpath("vocabulary.toml").read_text("utf-8")
    return tomllib.loads(text)


def kinds() -> list[str]:
    """The names of the vocabularies."""
    return list(_all())


def codes(kind: str, **where: str) -> list[str]:
    """The codes of one vocabulary, in their documented order.

    `where` narrows them by an attribute of the entry: codes("findings", area="labour")
    is the labour findings, so no list derived from a vocabulary is typed out again.
    """
    return [code for code, item in _all()[kind].items() if all(item.get(k) == v for k, v in where.items())]


def entry(kind: str, code: str) -> dict[str, str]:
    try:
        return _all()[kind][code]
    except KeyError:
        raise KeyError(f"unknown {kind} code {code!r}") from None


def label(kind: str, code: str, language: str = FALLBACK_LANGUAGE) -> str:
    item = entry(kind, code)
    return item.get(language) or item[FALLBACK_LANGUAGE]


def choices(kind: str, language: str = FALLBACK_LANGUAGE) -> list[tuple[str, str]]:
    """(code, label) pairs for a form field or a model's choices."""
    return [(code, label(kind, code, language)) for code in codes(kind)]
