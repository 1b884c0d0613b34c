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
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import models

from aksjon.accounts.access import VIEW, allows, restrict
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
    value: str | Callable[[Any], Any]
    type: str = TEXT
    width: int | None = None

    def __post_init__(self):
        if self.type not in TYPES:
            raise ValueError(f"column {self.name!r}: unknown type {self.type!r}")

    def get(self, row) -> Any:
        if callable(self.value):
            return self.value(row)
        value = row
        for part in self.value.split("."):
            value = getattr(value, part, None)
            if value is None:
                return None
        return value

    @property
    def display_width(self) -> int:
        return self.width or max(WIDTHS[self.type], len(self.name) + 2)


@dataclass(frozen=True)
class Filter:
    """A filter the caller may give by name: the queryset lookup it sets and how to read its value."""

    lookup: str
    type: str = TEXT

    def parse(self, name: str, raw: Any) -> Any:
        text = str(raw).strip()
        try:
            if self.type == INT:
                return int(text)
            if self.type == DATE:
                return date.fromisoformat(text)
            if self.type == DATETIME:
                return datetime.fromisoformat(text)
            if self.type == BOOL:
                return {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}[text.lower()]
            if self.type == FLOAT:
                return float(text)
        except (ValueError, KeyError):
            raise InvalidInput(gettext_noop("The filter %(filter)s has a value that does not fit: %(value)s."),
                               field=name, filter=name, value=text[:40]) from None
        return text


@dataclass(frozen=True)
class ExportKind:
    name: str
    model: type[models.Model]
    columns: tuple[Column, ...] | list[Column]
    label: Any = ""  # shown on the exports page; a gettext_lazy string
    rows: Callable[[models.QuerySet, Any], models.QuerySet] = field(default=lambda queryset, user: queryset)
    filters: Mapping[str, Filter] = field(default_factory=dict)
    action: str = VIEW  # what the role must be allowed on `model` (POLICY) to export it

    @property
    def model_name(self) -> str:
        return self.model._meta.model_name

    @property
    def headers(self) -> list[str]:
        return [column.name for column in self.columns]

    def allowed(self, user) -> bool:
        return allows(user, self.action, self.model_name)

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

    def queryset(self, user, filters: Mapping[str, str]) -> models.QuerySet:
        """The rows `user` may export, narrowed by `filters` (already cleaned)."""
        restricted = restrict(self.model._default_manager.all(), user, self.action)
        lookups = {self.filters[name].lookup: self.filters[name].parse(name, raw) for name, raw in filters.items()}
        rows = self.rows(restricted.filter(**lookups), user)
        if not isinstance(rows, models.QuerySet) or rows.model is not self.model:
            raise TypeError(f"export kind {self.name!r}: rows() must return a queryset of {self.model.__name__}")
        if not rows.ordered:  # e.g. annotated with Count: Django drops Meta.ordering from GROUP BY queries
            rows = rows.order_by(*self.model._meta.ordering, "pk")
        return rows


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
