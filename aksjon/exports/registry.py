"""Export kinds: what can be exported, whose access rule governs it, and its typed columns.

A kind is one declaration (see `aksjon/exports/kinds.py` and docs/exports.md):

    register(ExportKind(
        name="targets", model=Target, label=_("Targets"),
        rows=lambda targets, user: targets.select_related("venue__town"),
        filters={"operation": Filter("operation_id", INT), "status": Filter("status")},
        columns=[Column("id", "pk", INT), Column("venue", "venue.name"), Column("town", "venue.town.name")],
    ))

The framework, not the kind, calls `restrict(model.objects.all(), user, action)`:
`rows` receives the queryset already restricted to what the user may see, so a
kind cannot forget the access rule. It may narrow it (filters, select_related,
annotations) but must return a queryset of the same model.

A kind may instead be made of several parts with the same columns (`parts=[Part(...), ...]`),
e.g. one row per role holding and one per person met. Each part has its own model, restricted
by the framework the same way, its own `rows` and a value for every column; the parts are
counted together and written one after the other, in the order declared.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from aksjon.accounts.access import VIEW, allows, restrict
from aksjon.core import parse
from aksjon.core.errors import InvalidInput, NotFound
from aksjon.core.text import gettext_noop

# Column (and filter) types.
TEXT, INT, FLOAT, DATE, DATETIME, BOOL = "text", "int", "float", "date", "datetime", "bool"
TYPES = (TEXT, INT, FLOAT, DATE, DATETIME, BOOL)

# Default spreadsheet column widths (characters) by type; text columns may declare their own.
WIDTHS = {TEXT: 24, INT: 10, FLOAT: 12, DATE: 12, DATETIME: 20, BOOL: 8}


@dataclass(frozen=True)
class Column:
    """One column: a stable snake_case header, how to get the value from a row, and its type.

    `value` is a dotted attribute path ("venue.town.name"; None anywhere on the way gives an
    empty cell) or a function of the row.
    """

    name: str
    value: str | Callable[[Any], Any] | None = None  # None only in a kind of parts: each part gives it
    type: str = TEXT
    width: int | None = None

    def __post_init__(self):
        if self.type not in TYPES:
            raise ValueError(f"column {self.name!r}: unknown type {self.type!r}")

    def get(self, row) -> Any:
        return read(self.value, row)

    @property
    def display_width(self) -> int:
        return self.width or max(WIDTHS[self.type], len(self.name) + 2)


def read(value: str | Callable[[Any], Any], row) -> Any:
    """A column's value from a row: a function of the row or a dotted attribute path."""
    if callable(value):
        return value(row)
    for part in value.split("."):
        row = getattr(row, part, None)
        if row is None:
            return None
    return row


@dataclass(frozen=True)
class Filter:
    """A filter the caller may give by name: the queryset lookup it sets and how to read its value."""

    lookup: str
    type: str = TEXT

    def parse(self, name: str, raw: Any) -> Any:
        """The filter's value, read by the project's one parser (aksjon/core/parse.py) for its type."""
        text = str(raw).strip()
        try:
            return PARSERS[self.type](text, field=name)
        except InvalidInput:
            raise InvalidInput(gettext_noop("The filter %(filter)s has a value that does not fit: %(value)s."),
                               field=name, filter=name, value=text[:40]) from None


def _decimal_number(text: str, *, field: str) -> float:
    whole, _point, fraction = text.partition(".")
    parse.whole_number(whole.removeprefix("-"), field=field)  # ASCII digits: no '١', 'nan' or '1e999'
    if fraction:
        parse.whole_number(fraction, field=field)
    return float(text)


PARSERS = {TEXT: parse.plain_text, INT: parse.whole_number, FLOAT: _decimal_number, DATE: parse.calendar_date,
           DATETIME: parse.date_and_time, BOOL: parse.yes_or_no}


def _all_rows(queryset: models.QuerySet, user) -> models.QuerySet:
    return queryset


@dataclass(frozen=True)
class Part:
    """The rows of one model in a kind: restricted to what the user may `action` on `model`,
    narrowed by `rows` (a queryset of the same model) and read by `values`.

    `values` maps every column name of the kind to a dotted path or a function of the row;
    `lookups` maps a filter name to this model's lookup where it is not the Filter's own.
    A kind of one model is one part whose values are its columns' values.
    """

    model: type[models.Model]
    values: Mapping[str, str | Callable[[Any], Any]]
    rows: Callable[[models.QuerySet, Any], models.QuerySet] = _all_rows
    lookups: Mapping[str, str] = field(default_factory=dict)
    action: str = VIEW

    @property
    def model_name(self) -> str:
        return self.model._meta.model_name

    def allowed(self, user) -> bool:
        return allows(user, self.action, self.model_name)

    def queryset(self, user, lookups: Mapping[str, Any], kind: str) -> models.QuerySet:
        restricted = restrict(self.model._default_manager.all(), user, self.action)
        rows = self.rows(restricted.filter(**lookups), user)
        if not isinstance(rows, models.QuerySet) or rows.model is not self.model:
            raise TypeError(f"export kind {kind!r}: rows() must return a queryset of {self.model.__name__}")
        if not rows.ordered:  # e.g. annotated with Count: Django drops Meta.ordering from GROUP BY queries
            rows = rows.order_by(*self.model._meta.ordering, "pk")
        return rows

    def getters(self, columns: Iterable[Column]) -> list[Callable[[Any], Any]]:
        """One function per column, in the columns' order, giving this part's value of it."""
        return [lambda row, value=self.values[column.name]: read(value, row) for column in columns]


@dataclass(frozen=True)
class ExportKind:
    """One model (`model`, `rows`, each column's value) or several parts (`parts`; columns by
    name, type and width only), never both."""

    name: str
    columns: tuple[Column, ...] | list[Column]
    model: type[models.Model] | None = None
    label: Any = ""  # shown on the exports page; a gettext_lazy string
    rows: Callable[[models.QuerySet, Any], models.QuerySet] = _all_rows
    filters: Mapping[str, Filter] = field(default_factory=dict)
    action: str = VIEW  # what the role must be allowed on `model` (POLICY) to export it
    parts: tuple[Part, ...] | list[Part] = ()

    def __post_init__(self):
        if (self.model is None) == (not self.parts):
            raise ValueError(f"export kind {self.name!r}: give a model or parts, not both or neither")
        if self.model is not None:
            part = Part(self.model, {column.name: column.value for column in self.columns}, self.rows,
                        action=self.action)
            object.__setattr__(self, "parts", (part,))
        object.__setattr__(self, "parts", tuple(self.parts))

    @property
    def headers(self) -> list[str]:
        return [column.name for column in self.columns]

    def allowed(self, user) -> bool:
        """A role may export the kind when it may see every part (its scope still limits the rows)."""
        return all(part.allowed(user) for part in self.parts)

    def clean_filters(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """The filters given, with empty ones dropped; an unknown name is an error, not ignored."""
        chosen = {}
        for name, raw in given.items():
            if raw is None or str(raw).strip() == "":
                continue
            if name not in self.filters:
                raise InvalidInput(gettext_noop("This export has no filter %(filter)s."), field=name, filter=name)
            chosen[name] = str(raw).strip()
        return chosen

    def querysets(self, user, filters: Mapping[str, str]) -> list[tuple[Part, models.QuerySet]]:
        """Each part with the rows `user` may export, narrowed by `filters` (already cleaned)."""
        values = {name: self.filters[name].parse(name, raw) for name, raw in filters.items()}
        return [(part, part.queryset(user, {part.lookups.get(name, self.filters[name].lookup): value
                                            for name, value in values.items()}, self.name))
                for part in self.parts]


_KINDS: dict[str, ExportKind] = {}

# export_records(*, actor, kind, fmt, **filters) takes these itself: no filter may be called so.
RESERVED = frozenset({"actor", "kind", "fmt"})


def refuse_reserved(names: Iterable[str]) -> None:
    """For the edges (query string, command line): a filter named like an argument is refused, not a crash."""
    clash = sorted(set(names) & RESERVED)
    if clash:
        raise InvalidInput(gettext_noop("This export has no filter %(filter)s."), field=clash[0], filter=clash[0])


def register(kind: ExportKind) -> ExportKind:
    if kind.name in _KINDS:
        raise ValueError(f"export kind {kind.name!r} is registered twice")
    if not kind.name.replace("_", "").isalnum() or kind.name != kind.name.lower():
        raise ValueError(f"export kind {kind.name!r}: use a lower-case snake_case name")
    if RESERVED & set(kind.filters):
        raise ValueError(f"export kind {kind.name!r}: a filter may not be called {sorted(RESERVED)}")
    names = [column.name for column in kind.columns]
    if len(set(names)) != len(names):
        raise ValueError(f"export kind {kind.name!r}: a column name is used twice")
    for part in kind.parts:
        if set(part.values) != set(names) or any(value is None for value in part.values.values()):
            raise ValueError(f"export kind {kind.name!r}: the part of {part.model.__name__} must give a value "
                             f"for each column, and only those: {names}")
        if set(part.lookups) - set(kind.filters):
            raise ValueError(f"export kind {kind.name!r}: a lookup for a filter it does not have")
    _KINDS[kind.name] = kind
    return kind


def get_kind(name: str) -> ExportKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise NotFound(gettext_noop("There is no export called %(kind)s."), kind=str(name)[:40]) from None


def all_kinds() -> Iterable[ExportKind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.name)


def kinds_for(user) -> list[ExportKind]:
    """The kinds this user's role may export (the scope still limits the rows)."""
    return [kind for kind in all_kinds() if kind.allowed(user)]
