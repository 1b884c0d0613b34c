"""Reading typed values out of one parsed row, collecting every problem on the way.

A validator asks a `Fields` for each value with a converter; a value that does
not fit becomes a `Problem` naming its path (`forretningsadresse.postnummer`,
`phones[2]`) and the validator carries on, so one pass reports every fault in a
row instead of the first. Reasons are English templates marked for translation;
the edge that shows them translates them (`Problem.localized`).

A problem is an error (the file is rejected) or a warning: a value that is
well-formed but doubtful, such as a phone number in a range not known to be
assigned, is kept as written and reported, and never costs the file its import.
A converter says so by raising `Doubtful` with the value to keep.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from aksjon.core.orgnr import is_valid_orgnr
from aksjon.core.phones import normalise
from aksjon.core.text import gettext_noop

ERROR, WARNING = "error", "warning"
# Free text (an ad's text, a tip, notes) has no length of its own; this bounds it. A longer
# value is an error: it is a broken file or a paste gone wrong, not a tip.
MAX_TEXT = 100_000  # characters
MAX_COUNT = 2_147_483_647  # what every database takes as a whole number
MAX_QUOTED = 200  # characters of a value quoted in a problem's reason


@dataclass(frozen=True)
class Problem:
    """One fault in a file: the line, the field's path ('' for the whole line) and why."""

    line: int
    field: str
    template: str  # English; `reason` fills in the values
    params: dict = field(default_factory=dict)
    severity: str = ERROR  # or WARNING: reported, never a reason to reject

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def reason(self) -> str:
        return self.template % self.params if self.params else self.template

    def localized(self, translate: Callable[[str], str] = lambda s: s) -> str:
        text = translate(self.template)
        return text % self.params if self.params else text

    def as_dict(self, file: str) -> dict:
        return {"file": file, "line": self.line, "field": self.field, "reason": self.reason,
                "template": self.template, "params": self.params, "severity": self.severity}


class Invalid(ValueError):
    """Raised by a converter: the value does not fit, and why (template + values)."""

    def __init__(self, template: str, **params):
        super().__init__(template % params if params else template)
        self.template = template
        self.params = params


class Doubtful(Invalid):
    """Raised by a converter: the value is kept (`value`), with a warning saying why it is doubtful."""

    def __init__(self, kept, template: str, **params):
        super().__init__(template, **params)
        self.value = kept


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

    def problem(self, name: str, template: str, severity: str = ERROR, **params) -> None:
        # A value quoted in a reason is cut short: a thousand reasons must not each hold a megabyte.
        params = {key: value[:MAX_QUOTED] + "…" if isinstance(value, str) and len(value) > MAX_QUOTED else value
                  for key, value in params.items()}
        self.problems.append(Problem(self.line, self.path(name), template, params, severity))

    def _converted(self, name: str, convert: Converter, raw: Any, default: Any) -> Any:
        try:
            return convert(raw)
        except Doubtful as doubt:
            self.problem(name, doubt.template, WARNING, **doubt.params)
            return doubt.value
        except Invalid as error:
            self.problem(name, error.template, **error.params)
            return default

    def value(self, name: str, convert: Converter, *, required: bool = False, default: Any = None) -> Any:
        """The converted value of `name`; `default` when it is missing, null or does not fit."""
        raw = self.data.get(name)
        if raw is None:
            if required:
                self.problem(name, gettext_noop("is missing"))
            return default
        return self._converted(name, convert, raw, default)

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
        missing = object()
        items = self.items(name, required=required)
        converted = (self._converted(path, convert, item, missing) for path, item in items)
        return [value for value in converted if value is not missing]

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

def text(max_length: int = MAX_TEXT, *, blank: bool = True) -> Converter:
    """A string, stripped; `blank=False` refuses an empty one."""
    def convert(value):
        if not isinstance(value, str):
            raise Invalid(gettext_noop("must be text"))
        value = value.strip()
        if not value and not blank:
            raise Invalid(gettext_noop("is empty"))
        if len(value) > max_length:
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
    if value > MAX_COUNT:
        raise Invalid(gettext_noop("is larger than %(max)s"), max=MAX_COUNT)
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
            moment = datetime.fromisoformat(text_value)
            moment.astimezone(UTC)  # year 1 or 9999 with an offset has no UTC time: not a timestamp
            return moment
    except (ValueError, OverflowError):
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


@dataclass(frozen=True)
class PhoneText:
    """A phone number as the source wrote it, with its E.164 form when it is a possible number."""

    written: str
    e164: str | None  # None: no number at all, kept only as written
    verified: bool  # in a range known to be assigned

    @property
    def key(self) -> str:
        """What makes two mentions the same number."""
        return self.e164 or self.written


_normalise = lru_cache(maxsize=200_000)(normalise)  # ad collections repeat a few thousand numbers many times


def phone(value) -> PhoneText:
    """A phone number as people write it (default region Norway). Never an error once it is text:
    a number outside the assigned ranges, or no number at all, is kept and warned about."""
    written = text()(value)
    e164, verified = _normalise(written)
    if e164 is None:
        raise Doubtful(PhoneText(written, None, False),
                       gettext_noop("«%(value)s» is not a phone number: kept as written only"), value=written)
    if not verified:
        raise Doubtful(PhoneText(written, e164, False),
                       gettext_noop("«%(value)s» is not in a range known to be assigned: kept as %(e164)s, "
                                    "flagged unverified"), value=written, e164=e164)
    return PhoneText(written, e164, True)


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
    """The validator's answer: the record (and any warnings) when the row has no error,
    else None and every problem, warnings too."""
    return (None, problems) if any(p.is_error for p in problems) else (record, problems)
