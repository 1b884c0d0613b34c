"""The report's figures on a page or in the PDF: a count that may be withheld, a family's
table by place, its chart and the map — one rendering for the page and the document."""
from __future__ import annotations

from django import template
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from aksjon.core import disclosure, vocabulary
from aksjon.reports import charts
from aksjon.reports.figures import NO_TOWN, Family
from aksjon.reports.norway_map import MapPoint, norway_map

register = template.Library()


def _language() -> str:
    return (get_language() or "nb")[:2]


@register.filter
def count(value) -> str:
    """An int as it is; a withheld count in words ("fewer than 5", or a dash with its reason)."""
    if value == disclosure.Withheld.SMALL:
        return _("fewer than %(n)s") % {"n": disclosure.THRESHOLD}
    if value == disclosure.Withheld.SECONDARY:
        return "–"
    return "0" if value is None else str(value)


def column_label(family: Family, code: str) -> str:
    if family.vocabulary is None:
        return code
    try:
        label = vocabulary.label(family.vocabulary, code, _language())
    except KeyError:
        return code
    native = vocabulary.entry(family.vocabulary, code).get("native")
    return f"{label} ({native})" if native and native != label else label


# Marked for translation here, translated when shown.
OVERVIEW_LABELS = {
    "controls": gettext_noop("Controls"),
    "venues": gettext_noop("Venues"),
    "venues_with_sexual_services": gettext_noop("Venues with sale of sexual services"),
    "venues_with_labour_findings": gettext_noop("Venues with labour findings"),
    "persons_met": gettext_noop("Persons controlled"),
    "persons_screened": gettext_noop("Persons screened"),
    "persons_with_vulnerability": gettext_noop("Persons with vulnerabilities"),
    "rights_information_given": gettext_noop("Rights information given"),
    "followups_open": gettext_noop("Follow-ups open"),
    "followups_closed": gettext_noop("Follow-ups closed"),
    "referrals": gettext_noop("Referrals"),
}


@register.filter
def overview_label(code: str) -> str:
    return _(OVERVIEW_LABELS.get(code, code))


def _column_labels(family: Family) -> list[str]:
    if family.name == "overview":
        return [overview_label(c) for c in family.columns]
    return [column_label(family, c) for c in family.columns]


@register.inclusion_tag("reports/_breakdown.html")
def breakdown(family: Family, by: str = "district"):
    """A family's table by district or town: places down, codes across, with totals."""
    table = family.by_district if by == "district" else family.by_town
    rows = [{"place": place or _("(no town)"), "cells": [table.cells[place].get(c, 0) for c in family.columns],
             "total": (table.row_totals or {}).get(place)} for place in table.cells]
    return {"family": family, "by": by, "headers": _column_labels(family), "rows": rows,
            "has_row_totals": table.row_totals is not None,
            "column_totals": [(table.column_totals or {}).get(c, 0) for c in family.columns],
            "total": table.total}


@register.simple_tag
def family_chart(family: Family, title: str):
    """A family's national (or district) totals as bars, withheld counts without a bar."""
    totals = family.by_district.column_totals or {}
    return charts.bar_chart([(label, totals.get(code, 0)) for code, label in zip(family.columns,
                            _column_labels(family), strict=True)], title=title,
                            withheld_label=count(disclosure.Withheld.SMALL))


@register.simple_tag
def towns_map(figures, towns: dict, title: str):
    """The controlled towns as points on Norway's outline, sized by the persons controlled."""
    table = figures.families["overview"].by_town
    points = [MapPoint(name=name, lat=towns[name][0], lon=towns[name][1], value=cells.get("persons_met"),
                       label=f"{name}: {count(cells.get('persons_met'))}")
              for name, cells in table.cells.items() if name != NO_TOWN and name in towns]
    return norway_map(points, title=title, withheld_label=count(disclosure.Withheld.SMALL))
