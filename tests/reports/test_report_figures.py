"""Every report figure, and every breakdown by district and town, against counts made
directly in SQL (tests/report_check.py) on a known operation; and withholding for readers
outside the national unit."""
from __future__ import annotations

from aksjon.core.disclosure import Withheld, recoverable
from aksjon.reports.figures import operation_figures
from tests.report_check import recount, recount_by_place
from tests.reports.conftest import screen


def _nonzero(cells: dict) -> dict:
    return {place: {c: n for c, n in row.items() if n} for place, row in cells.items()
            if any(row.values())}


def test_every_breakdown_equals_sql(known):
    figures = operation_figures(known.users["coordinator"], known.operation)
    expected = recount_by_place(known.operation.pk)
    for family, by_place in expected.items():
        for by, cells in by_place.items():
            table = getattr(figures.families[family], f"by_{by}")
            got = _nonzero(table.cells)
            if family == "overview":  # the SQL recounts three of its columns
                got = {p: {c: n for c, n in row.items() if c in ("controls", "venues", "persons_met")}
                       for p, row in got.items()}
            assert got == cells, (family, by)


def test_headline_figures_equal_sql(known):
    figures = operation_figures(known.users["coordinator"], known.operation)
    sql = recount(known.operation.pk)
    assert (figures.controls, figures.persons_met, figures.venues, figures.towns, figures.districts) == (
        sql["controls"], sql["persons_met"], sql["venues"], sql["towns"], sql["districts"])
    assert figures.venues_by_finding == sql["venues_by_finding"]
    assert figures.followups_by_status == sql["followups_by_status"]
    assert figures.persons_by_outcome == {"possible_victim": 2, "some_indications": 2, "no_indications": 1}
    assert figures.persons_screened == 5
    assert (figures.venues_with_sexual_services, figures.venues_with_labour_findings) == (2, 3)
    assert figures.families["outcomes"].by_district.row_totals == {"Oslo": 1, "Vest": 4}


def test_a_person_counts_once_by_the_most_serious_outcome(known):
    officer = known.users["vest_officer"]
    screen(officer, known.person_met["vest"], {})  # a later screening finding nothing
    figures = operation_figures(known.users["coordinator"], known.operation)
    assert figures.persons_by_outcome["possible_victim"] == 2 and figures.persons_screened == 5


def test_a_district_lead_gets_the_district_with_small_counts_withheld(known):
    lead = known.users["vest_lead"]
    figures = operation_figures(lead, known.operation)
    assert figures.withheld
    assert list(figures.families["outcomes"].by_district.cells) == ["Vest"]
    assert set(figures.families["outcomes"].by_town.cells) == {"Bergen", "Førde"}
    assert figures.persons_met == Withheld.SMALL  # 4 persons met in Vest
    raw = operation_figures(lead, known.operation, withhold=False)
    assert raw.persons_met == 4 and raw.families["referrals"].totals == {"Skatteetaten": 1}
    for name, family in figures.families.items():
        before = raw.families[name].by_town
        for place, row in family.by_town.cells.items():
            for column, shown in row.items():
                n = before.cells[place][column]
                if 0 < n < 5:  # small, or the whole table withheld when it is all ones
                    assert shown in (Withheld.SMALL, Withheld.SECONDARY), (name, place, column)
                elif shown != Withheld.SECONDARY:
                    assert shown == n, (name, place, column)
        assert recoverable(before, family.by_town) == [], name
    national = operation_figures(known.users["coordinator"], known.operation)
    assert not national.withheld and national.persons_met == 5


def test_the_page_shows_withheld_counts_in_words(client, known):
    from django.urls import reverse

    client.force_login(known.users["vest_lead"])
    page = client.get(reverse("operation_report", args=[known.operation.pk])).content.decode()
    assert 'data-figure="persons_met"><strong>færre enn 5</strong>' in page
    assert "Førde" in page and "Baan Sabai" not in page
