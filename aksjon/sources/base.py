"""Reading typed values out of one parsed row, collecting every problem on the way.

A validator asks a `Fields` for each value with a converter; a value that does
not fit becomes a `Problem` naming its path (`forretningsadresse.postnummer`,
`phones[2]`) and the validator carries on, so one pass reports every fault in a
row instead of the first. Reasons are English templates marked for translation;
the edge that shows them translates them (`Problem.localized`).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from aksjon.core.errors import InvalidInput
from aksjon.core.orgnr import is_valid_orgnr
from aksjon.core.phones import to_e164
from aksjon.core.text import gettext_noop


@dataclass(frozen=True)
class Problem:
    """One fault in a file: the line, the field's path ('' for the whole line) and why."""

    line: int
    field: str
    template: str  # English; `reason` fills in the values
    params: dict = field(default_factory=dict)

    @property
    def reason(self) -> str:
        return self.template % self.params if self.params else self.template

    def localized(self, translate: Callable[[str], str] = lambda s: s) -> str:
        text = translate(self.template)
        return text % self.params if self.params else text

    def as_dict(self, file: str) -> dict:
        return {"file": file, "line": self.line, "field": self.field, "reason": self.reason,
                "template": self.template, "params": self.params}


class Invalid(ValueError):
    """Raised by a converter: the value does not fit, and why (template + values)."""

    def __init__(self, template: str, **params):
        super().__init__(template % params if params else template)
        self.template = template
        self.params = params


Converter = Callable[[Any], Any]


class Fields:
    """The fields of one JSON object (or CSV row), read with converters.

    Every problem lands in the shared `problems` list, under this object's path prefix.
    """

    def __init__(self, data: dict, line: int, problems: list[Problem], prefix: str = ""):
        self.data, self.line, self.problems, self.prefix = data, line, problems, prefix

    def path(self, name: str) -> str:
        if not name:
            return self.prefix
        return f"{self.prefix}.{name}" if self.prefix else name

    def problem(self, name: str, template: str, **params) -> None:
        self.problems.append(Problem(self.line, self.path(name), template, params))

    def value(self, name: str, convert: Converter, *, required: bool = False, default: Any = None) -> Any:
        """The converted value of `name`; `default` when it is missing, null or does not fit."""
        raw = self.data.get(name)
        if raw is None:
            if required:
                self.problem(name, gettext_noop("is missing"))
            return default
        try:
            return convert(raw)
        except Invalid as error:
            self.problem(name, error.template, **error.params)
            return default

    def object(self, name: str, *, required: bool = False) -> Fields | None:
        """A nested object as its own Fields (paths continue `name.`), or None."""
        raw = self.value(name, _must_be(dict, gettext_noop("must be an object")), required=required)
        return None if raw is None else Fields(raw, self.line, self.problems, self.path(name))

    def items(self, name: str, *, required: bool = False) -> list[tuple[str, Any]]:
        """The elements of a list as (`name[i]`, value) pairs; [] when missing or not a list."""
        raw = self.value(name, _must_be(list, gettext_noop("must be a list")), required=required)
        return [(f"{name}[{i}]", item) for i, item in enumerate(raw or [])]

    def values(self, name: str, convert: Converter, *, required: bool = False) -> list:
        """Each element of a list converted; an element that does not fit is a problem at `name[i]`."""
        out = []
        for path, item in self.items(name, required=required):
            try:
                out.append(convert(item))
            except Invalid as error:
                self.problem(path, error.template, **error.params)
        return out

    def objects(self, name: str, *, required: bool = False) -> list[Fields]:
        """Each element of a list of objects as Fields at `name[i]`; a non-object is a problem."""
        out = []
        for path, item in self.items(name, required=required):
            if isinstance(item, dict):
                out.append(Fields(item, self.line, self.problems, self.path(path)))
            else:
                self.problem(path, gettext_noop("must be an object"))
        return out


def _must_be(kind: type, template: str) -> Converter:
    def convert(value):
        if not isinstance(value, kind):
            raise Invalid(template)
        return value
    return convert


# Converters: each takes a parsed value and returns it clean, or raises Invalid.

def text(max_length: int | None = None, *, blank: bool = True) -> Converter:
    """A string, stripped; `blank=False` refuses an empty one."""
    def convert(value):
        if not isinstance(value, str):
            raise Invalid(gettext_noop("must be text"))
        value = value.strip()
        if not value and not blank:
            raise Invalid(gettext_noop("is empty"))
        if max_length is not None and len(value) > max_length:
            raise Invalid(gettext_noop("is longer than %(max)s characters"), max=max_length)
        return value
    return convert


def text_lines(max_length: int, joiner: str = ", ") -> Converter:
    """A list of strings (address lines, the parts of a long name) joined into one."""
    def convert(value):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise Invalid(gettext_noop("must be a list of text"))
        joined = joiner.join(v.strip() for v in value if v.strip())
        if len(joined) > max_length:
            raise Invalid(gettext_noop("is longer than %(max)s characters"), max=max_length)
        return joined
    return convert


def boolean(value) -> bool:
    if not isinstance(value, bool):
        raise Invalid(gettext_noop("must be true or false"))
    return value


def count(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Invalid(gettext_noop("must be a whole number 0 or more"))
    return value


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})")


def iso_date(value) -> date:
    text_value = text()(value)
    try:
        if ISO_DATE.fullmatch(text_value):
            return date.fromisoformat(text_value)
    except ValueError:
        pass
    raise Invalid(gettext_noop("«%(value)s» is not a date (YYYY-MM-DD)"), value=text_value)


def past_date(value) -> date:
    day = iso_date(value)
    if day > date.today():
        raise Invalid(gettext_noop("«%(value)s» is in the future"), value=value)
    return day


def timestamp(value) -> datetime:
    """ISO 8601 with an offset: a time without one could be any of two hours in Norway."""
    text_value = text()(value)
    try:
        if ISO_TIMESTAMP.fullmatch(text_value):
            return datetime.fromisoformat(text_value)
    except ValueError:
        pass
    raise Invalid(gettext_noop("«%(value)s» is not a timestamp with offset (2024-03-11T21:40:00+01:00)"),
                  value=text_value)


def orgnr(value) -> str:
    text_value = text()(value)
    if len(text_value) != 9 or not text_value.isdigit():
        raise Invalid(gettext_noop("«%(value)s» is not nine digits"), value=text_value)
    if not is_valid_orgnr(text_value):
        raise Invalid(gettext_noop("«%(value)s» fails the modulus-11 check digit"), value=text_value)
    return text_value


@lru_cache(maxsize=200_000)
def _e164(raw: str) -> str | None:
    # Ad collections repeat the same few thousand numbers many times over.
    try:
        return to_e164(raw)
    except InvalidInput:
        return None


def phone(value) -> str:
    """A phone number as people write it, returned as E.164 (default region Norway)."""
    text_value = text()(value)
    e164 = _e164(text_value)
    if e164 is None:
        raise Invalid(gettext_noop("«%(value)s» is not a valid phone number"), value=text_value)
    return e164


def one_of(allowed: tuple[str, ...]) -> Converter:
    def convert(value):
        text_value = text()(value)
        if text_value not in allowed:
            raise Invalid(gettext_noop("«%(value)s» is not one of %(allowed)s"),
                          value=text_value, allowed=", ".join(allowed))
        return text_value
    return convert


HEX16 = re.compile(r"[0-9a-fA-F]{16}")


def image_hash(value) -> str:
    text_value = text()(value)
    if not HEX16.fullmatch(text_value):
        raise Invalid(gettext_noop("«%(value)s» is not 16 hex digits"), value=text_value)
    return text_value.lower()


def web_address(max_length: int) -> Converter:
    def convert(value):
        text_value = text(max_length, blank=False)(value)
        if not text_value.startswith(("http://", "https://")):
            raise Invalid(gettext_noop("«%(value)s» is not an http(s) address"), value=text_value)
        return text_value
    return convert


def checked(record, problems: list[Problem]):
    """The validator's answer: the record when the row is clean, else the problems."""
    return (None, problems) if problems else (record, [])
