"""An operation's figures, computed from the records — never typed in.

Every count goes through restrict(): a district lead sees the district's share, the
national coordinator the whole operation. Each family of figures (findings, screening
outcomes, vulnerabilities …) is also counted by police district and by town, as a table
of places × codes with its totals. Outside the national unit, counts that could point to a
person go through the one disclosure module (aksjon/core/disclosure.py): 1–4 is shown as
"fewer than 5", and further counts are withheld so that none can be recovered by
subtraction from the totals shown.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from aksjon.accounts.access import NATIONAL, ROLE_SCOPE
from aksjon.controls.models import Control, Finding, PersonMet, Vulnerability
from aksjon.core import disclosure, vocabulary
from aksjon.core.screening import OUTCOMES
from aksjon.followup.models import FollowUp
from aksjon.operations.models import Target
from aksjon.screening.models import Screening

NO_TOWN = ""  # a follow-up made without a control or venue has no town

# The overview's columns: per place, the figures of the press release's kind. Each is
# counted as distinct keys, so a venue controlled twice is one venue.
OVERVIEW = ("controls", "venues", "venues_with_sexual_services", "venues_with_labour_findings", "persons_met",
            "persons_screened", "persons_with_vulnerability", "rights_information_given", "followups_open",
            "followups_closed", "referrals")

# The finding codes behind the overview's venues_with_* columns: sale of sexual services,
# and every finding of the labour area (the vocabulary's `area`).
AREAS = {"sexual_services_offered": "sexual_services"} | {
    code: "labour_findings" for code in vocabulary.codes("findings", area="labour")}

FAMILIES = ("overview", "findings", "outcomes", "vulnerabilities", "rights", "followups", "referrals")
# The vocabulary labelling a family's columns: its own name's, or this one's; the overview's
# columns are its own figures, the referrals' the agencies' names.
LABELLED_BY = {"outcomes": "screening_outcomes", "rights": "languages", "followups": "followup_statuses"}


def _vocabulary_of(family: str) -> str | None:
    if family in LABELLED_BY:
        return LABELLED_BY[family]
    return family if family in vocabulary.kinds() else None


@dataclass
class Family:
    """One family of counts: its columns in order, and a table by district and one by town
    (cells, row totals, column totals and grand total; ints, or Withheld markers)."""

    name: str
    vocabulary: str | None
    columns: list[str]
    by_district: disclosure.Table
    by_town: disclosure.Table

    @property
    def totals(self) -> dict[str, disclosure.Count]:
        return {code: n for code, n in (self.by_district.column_totals or {}).items() if n}

    def as_dict(self) -> dict:
        return {"columns": self.columns, "by_district": _table_dict(self.by_district),
                "by_town": _table_dict(self.by_town)}


@dataclass
class OperationFigures:
    targets: int
    targets_controlled: int
    towns: int
    districts: int
    families: dict[str, Family] = field(default_factory=dict)
    withheld: bool = False  # small counts are withheld for this reader

    def overview(self, code: str) -> disclosure.Count:
        return (self.families["overview"].by_district.column_totals or {}).get(code, 0)

    # The headline figures, as the page, the API and the summary name them.
    controls = property(lambda self: self.overview("controls"))
    venues = property(lambda self: self.overview("venues"))
    venues_with_sexual_services = property(lambda self: self.overview("venues_with_sexual_services"))
    venues_with_labour_findings = property(lambda self: self.overview("venues_with_labour_findings"))
    persons_met = property(lambda self: self.overview("persons_met"))
    persons_screened = property(lambda self: self.overview("persons_screened"))
    persons_with_vulnerability = property(lambda self: self.overview("persons_with_vulnerability"))
    rights_information_given = property(lambda self: self.overview("rights_information_given"))
    followups_open = property(lambda self: self.overview("followups_open"))
    followups_closed = property(lambda self: self.overview("followups_closed"))
    referrals = property(lambda self: self.overview("referrals"))
    venues_by_finding = property(lambda self: self.families["findings"].totals)
    persons_by_outcome = property(lambda self: self.families["outcomes"].totals)
    persons_by_vulnerability = property(lambda self: self.families["vulnerabilities"].totals)
    rights_information_by_language = property(lambda self: self.families["rights"].totals)
    followups_by_status = property(lambda self: self.families["followups"].totals)
    referrals_by_agency = property(lambda self: self.families["referrals"].totals)

    def as_dict(self) -> dict:
        headline = {name: getattr(self, name) for name in (
            "targets", "targets_controlled", "towns", "districts", *OVERVIEW, "venues_by_finding",
            "persons_by_outcome", "persons_by_vulnerability", "rights_information_by_language",
            "followups_by_status", "referrals_by_agency", "withheld")}
        return headline | {"breakdowns": {name: family.as_dict() for name, family in self.families.items()}}


def operation_figures(user, operation, *, withhold: bool | None = None) -> OperationFigures:
    """The figures `user` may see; small counts withheld outside the national unit (or as
    `withhold` says, for a test or a check of what withholding changed)."""
    controls = Control.objects.restrict(user).filter(operation=operation)
    targets = Target.objects.restrict(user).filter(operation=operation).exclude(status="cancelled")
    withheld = ROLE_SCOPE[user.role] != NATIONAL if withhold is None else withhold
    districts = sorted(operation.districts.filter(pk__in=_reader_districts(user, operation))
                       .values_list("name", flat=True))
    rows = _family_rows(user, operation, controls)
    families = {name: _family(name, rows[name], districts, withheld) for name in FAMILIES}
    return OperationFigures(
        targets=targets.count(), targets_controlled=targets.filter(status="controlled").count(),
        towns=controls.values("venue__town").distinct().count(),
        districts=controls.values("district").distinct().count(), families=families, withheld=withheld)


def _reader_districts(user, operation):
    """The operation's districts the reader may see the figures of: all for the national
    unit, the reader's own otherwise."""
    if ROLE_SCOPE[user.role] == NATIONAL:
        return operation.districts.values("pk")
    return [user.district_id]


# --- what each family counts: (district, town, column, key) rows ---------------------------

Row = tuple[str, str, str, object]


def _family_rows(user, operation, controls) -> dict[str, list[Row]]:
    met = PersonMet.objects.restrict(user).filter(control__in=controls)
    followups = FollowUp.objects.restrict(user).filter(operation=operation)
    outcomes = _outcome_rows(user, controls)
    findings = _rows(Finding.objects.restrict(user).filter(control__in=controls),
                     "control__district__name", "control__venue__town__name", "code", "control__venue")
    return {
        "overview": _overview_rows(controls, met, outcomes, followups, findings),
        "findings": findings,
        "outcomes": outcomes,
        "vulnerabilities": _rows(Vulnerability.objects.restrict(user).filter(person_met__in=met),
                                 "person_met__control__district__name", "person_met__control__venue__town__name",
                                 "code", "person_met__person"),
        "rights": _rows(met.exclude(rights_information_language=""), "control__district__name",
                        "control__venue__town__name", "rights_information_language", "person"),
        "followups": _followup_rows(followups, "status"),
        "referrals": _followup_rows(followups.filter(kind="referral"), "agency__name"),
    }


def _rows(queryset, district: str, town: str, column: str, key: str) -> list[Row]:
    # order_by() first: a model's default ordering would join and repeat rows.
    return [(d, t or NO_TOWN, c, k) for d, t, c, k in
            queryset.order_by().values_list(district, town, column, key).distinct()]


def _followup_rows(followups, column: str) -> list[Row]:
    rows = followups.order_by().values_list("district__name", "control__venue__town__name", "venue__town__name",
                                            column, "pk")
    return [(d, control_town or venue_town or NO_TOWN, c, pk) for d, control_town, venue_town, c, pk in rows]


def _outcome_rows(user, controls) -> list[Row]:
    """Each screened person once, by the most serious outcome of their confirmed screenings
    in the operation (and the place of that screening)."""
    screenings = (Screening.objects.restrict(user).filter(person_met__control__in=controls, status="confirmed")
                  .order_by().values_list("person_met__control__district__name",
                                          "person_met__control__venue__town__name", "outcome", "person_met__person"))
    worst: dict[object, Row] = {}
    for district, town, outcome, person in screenings:
        seen = worst.get(person)
        if seen is None or OUTCOMES.index(outcome) > OUTCOMES.index(seen[2]):
            worst[person] = (district, town or NO_TOWN, outcome, person)
    return list(worst.values())


def _overview_rows(controls, met, outcomes: list[Row], followups, finding_rows: list[Row]) -> list[Row]:
    findings = {(d, t, AREAS[code], v) for d, t, code, v in finding_rows if code in AREAS}
    place = ("district__name", "venue__town__name")
    met_place = ("control__district__name", "control__venue__town__name")
    rows = [(d, t, "controls", pk) for d, t, pk in controls.order_by().values_list(*place, "pk")]
    rows += [(d, t, "venues", v) for d, t, v in controls.order_by().values_list(*place, "venue").distinct()]
    rows += [(d, t, f"venues_with_{area}", v) for d, t, area, v in findings]
    rows += [(d, t, "persons_met", p) for d, t, p in met.order_by().values_list(*met_place, "person").distinct()]
    rows += [(d, t, "persons_screened", p) for d, t, _outcome, p in outcomes]
    rows += [(d, t, "persons_with_vulnerability", p) for d, t, p in
             met.filter(vulnerabilities__isnull=False).order_by().values_list(*met_place, "person").distinct()]
    rows += [(d, t, "rights_information_given", p) for d, t, p in
             met.exclude(rights_information_language="").order_by().values_list(*met_place, "person").distinct()]
    rows += [(d, t, "followups_closed" if status == "closed" else "followups_open", pk)
             for d, t, status, pk in _followup_rows(followups, "status")]
    rows += [(d, t, "referrals", pk) for d, t, _agency, pk in _followup_rows(followups.filter(kind="referral"),
                                                                             "agency__name")]
    return [(d, t or NO_TOWN, c, (c, k)) for d, t, c, k in rows]


# --- counting and withholding ------------------------------------------------------------

def _family(name: str, rows: list[Row], districts: list[str], withheld: bool) -> Family:
    kind = None if name == "overview" else _vocabulary_of(name)
    columns = _columns(name, kind, rows)
    by_district = _table(rows, 0, columns, districts, totals=name != "overview")
    by_town = _table(rows, 1, columns, sorted({r[1] for r in rows}), totals=name != "overview")
    if withheld:
        by_town = disclosure.protect_table(by_town)
        by_district = _district_of_protected_towns(by_district, by_town, districts)
    return Family(name, kind, columns, by_district, by_town)


def _columns(name: str, kind: str | None, rows: Iterable[Row]) -> list[str]:
    if name == "overview":
        return list(OVERVIEW)
    seen = {r[2] for r in rows}
    if kind is None:
        return sorted(seen)
    return [code for code in vocabulary.codes(kind) if code in seen] + sorted(seen - set(vocabulary.codes(kind)))


def _table(rows: list[Row], place: int, columns: list[str], places: list[str], *, totals: bool) -> disclosure.Table:
    """Distinct keys per place and column, per place, per column and overall."""
    cells: dict[str, dict[str, set]] = {p: defaultdict(set) for p in places}
    by_place: dict[str, set] = defaultdict(set)
    by_column: dict[str, set] = defaultdict(set)
    everything: set = set()
    for row in rows:
        where, column, key = row[place], row[2], row[3]
        cells.setdefault(where, defaultdict(set))[column].add(key)
        by_place[where].add(key)
        by_column[column].add(key)
        everything.add(key)
    return disclosure.Table(
        cells={p: {c: len(cells[p].get(c, ())) for c in columns} for p in cells},
        row_totals={p: len(by_place[p]) for p in cells} if totals else None,
        column_totals={c: len(by_column[c]) for c in columns},
        total=len(everything) if totals else None)


def _district_of_protected_towns(raw: disclosure.Table, towns: disclosure.Table,
                                 districts: list[str]) -> disclosure.Table:
    """Outside the national unit the reader has one district: its row is the towns' column
    totals, withheld exactly as there, so the two tables cannot be played against each other."""
    if len(districts) != 1:
        return disclosure.protect_table(raw)
    (district,) = districts
    return disclosure.Table(cells={district: dict(towns.column_totals or {})},
                            row_totals={district: towns.total} if raw.row_totals is not None else None,
                            column_totals=dict(towns.column_totals or {}), total=towns.total)


def _table_dict(table: disclosure.Table) -> dict:
    return {"cells": table.cells, "row_totals": table.row_totals, "column_totals": table.column_totals,
            "total": table.total}
