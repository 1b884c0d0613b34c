"""Filtering, searching, sorting and paging a list page, one way for every list (issue #12).

Every function here takes a queryset that is already restricted (`restrict`) and only narrows
or orders it: no filter, search or sort a page offers can show a record its user may not see.
A filter naming another district gives an empty list, never that district's rows.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import reduce
from operator import or_

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Q, QuerySet
from django.utils.http import urlencode

from aksjon.core.errors import NotFound
from aksjon.core.text import gettext_noop

PER_PAGE = 50  # a phone scrolls through fifty cards; the demo's 266 venues make six pages


def narrowed(queryset: QuerySet, **lookups) -> QuerySet:
    """The rows matching every lookup whose value was chosen (None: not chosen, no filter)."""
    return queryset.filter(**{lookup: value for lookup, value in lookups.items() if value is not None})


def searched(queryset: QuerySet, words: str | None, fields: Sequence[str]) -> QuerySet:
    """The rows where each word of the search is found in one of `fields` (any case)."""
    for word in (words or "").split():
        queryset = queryset.filter(reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fields)))
    return queryset


def ordered(queryset: QuerySet, sort: str | None, orders: Mapping[str, Sequence]) -> QuerySet:
    """The rows in the order named `sort`; the first of `orders` when none is chosen. Each order
    ends on a unique key, so a row never moves between two pages of the same list."""
    return queryset.order_by(*orders[sort or next(iter(orders))])


def paged(rows: QuerySet | Sequence, number: int | None, chosen: Mapping[str, object],
          per_page: int | None = None) -> dict:
    """What templates/_pager.html needs: page `number` (the first when none is chosen) of `rows`
    (PER_PAGE to a page unless `per_page` says) and the chosen filters, search and sort as a
    query string, so that the page links keep them."""
    try:
        page = Paginator(rows, per_page or PER_PAGE).page(number or 1)
    except InvalidPage:  # past the last page: an address that names nothing
        raise NotFound(gettext_noop("This list has no page %(number)s."), field="page", number=number) from None
    return {"page": page, "kept": urlencode({name: spelled(value) for name, value in chosen.items()
                                            if value is not None and value != ""})}


def spelled(value: object) -> str:
    """A chosen value as the page's form and links write it (a yes/no switch as yes or no)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def chosen_as_text(chosen: Mapping[str, object]) -> dict[str, str]:
    """The chosen values spelled as the page's choices spell them, to mark them selected."""
    return {name: spelled(value) for name, value in chosen.items() if value is not None}
