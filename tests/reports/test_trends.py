"""Trends across operations (aksjon/reports/trends.py): each measure's numerator and
denominator against a plain-SQL recount, as the coordinator and as a district lead sees them,
the page for each role, and the reference figure form."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.urls import reverse

from aksjon.accounts.access import allows
from aksjon.accounts.models import Agency, District
from aksjon.audit.models import WRITE, AuditEntry
from aksjon.controls.actions import record_visit
from aksjon.core import vocabulary
from aksjon.followup.actions import create_followup
from aksjon.operations.actions import add_target, create_operation
from aksjon.registry.actions import create_venue
from aksjon.registry.models import Town
from aksjon.reports.actions import add_reference_figure
from aksjon.reports.models import ReferenceFigure
from aksjon.reports.trends import Share, operation_trends
from aksjon.screening.actions import confirm_screening, start_screening, update_screening
from tests.contract.actions import VICTIM

AUTUMN = "Høstuke"
SOME = {"d4_excessive_hours": "observed"}  # one indicator present: some indications
SEVERITY = "CASE s.outcome WHEN 'possible_victim' THEN 2 WHEN 'some_indications' THEN 1 ELSE 0 END"


def _visit(coord, officer, operation, venue, findings=(), persons=()):
    target = add_target(actor=coord, operation=operation, venue=venue, reason="Tips")
    return record_visit(actor=officer, target=target, control={
        "venue": venue, "started_at": datetime(2024, 9, 10, 20, tzinfo=UTC), "findings": list(findings)},
        persons=list(persons))


def _screen(officer, met, answers) -> None:
    screening = start_screening(actor=officer, person_met=met)
    screening = update_screening(actor=officer, screening=screening, answers=answers, notes={}, minor=False)
    confirm_screening(actor=officer, screening=screening, chosen=[])


def _worker(given, **more):
    return {"given_name": given, "family_name": "Test", "role": "worker"} | more


def _autumn(world):
    """A second operation with both districts: Oslo two venues (one labour finding at the venue,
    one with none), three persons, one of them met twice; Vest one venue selling sex."""
    u, coord = world.users, world.users["coordinator"]
    oslo, vest = District.objects.get(name="Oslo"), District.objects.get(name="Vest")
    operation = create_operation(actor=coord, name=AUTUMN, starts_on=date(2024, 9, 9), ends_on=date(2024, 9, 15),
                                 coordinating_agency=Agency.objects.get(code="kripos"), districts=[oslo, vest])
    bergen, oslo_town = Town.objects.get(name="Bergen"), Town.objects.get(name="Oslo")
    venues = [create_venue(actor=coord, name=name, town=town, street=street) for name, town, street in
              [("Lotus", oslo_town, "Torggata 2"), ("Orkide", oslo_town, "Grønland 9"),
               ("Havsalong", bergen, "Bryggen 3")]]
    officer = u["field_officer"]
    first = _visit(coord, officer, operation, venues[0], ["excess_hours"], [_worker("Anong"), _worker("Malee")])
    anong, malee = first.persons_met.order_by("pk")
    second = _visit(coord, u["field_officer"], operation, venues[1], [], [_worker("", person=anong.person)])
    vest_visit = _visit(coord, u["vest_officer"], operation, venues[2], ["sexual_services_offered"], [_worker("Ploy")])
    # Anong: no indications at the first control, some at the second: counted once, with indications.
    _screen(u["field_officer"], anong, {})
    _screen(u["field_officer"], second.persons_met.get(), SOME)
    _screen(u["field_officer"], malee, {})
    start_screening(actor=u["field_officer"], person_met=malee)  # a draft never counts
    _screen(u["vest_officer"], vest_visit.persons_met.get(), VICTIM)
    for officer, control, agency in [(u["field_officer"], first, "rosa"),
                                     (u["field_officer"], second, "arbeidstilsynet"),
                                     (u["vest_officer"], vest_visit, "rosa")]:
        create_followup(actor=officer, kind="referral", title="Henvist", district=control.district, control=control,
                        agency=Agency.objects.get(code=agency))
    return operation


@pytest.fixture
def autumn(world):
    return _autumn(world)


def _scalar(sql: str, params) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def recount(operation_id: int, district_id: int | None = None) -> dict[str, tuple[int, int]]:
    """Every measure's numerator and denominator in plain SQL, for the operation (or one district's share)."""
    where, p = "c.operation_id = %s", [operation_id]
    if district_id is not None:
        where, p = where + " AND c.district_id = %s", p + [district_id]
    labour = ", ".join(f"'{code}'" for code in vocabulary.codes("findings", area="labour"))
    venues = _scalar(f"SELECT COUNT(DISTINCT c.venue_id) FROM controls_control c WHERE {where}", p)
    findings = ("SELECT COUNT(DISTINCT c.venue_id) FROM controls_finding f "
                "JOIN controls_control c ON c.id = f.control_id")
    screened = ("SELECT pm.person_id, MAX(" + SEVERITY + ") AS worst FROM screening_screening s "
                "JOIN controls_personmet pm ON pm.id = s.person_met_id JOIN controls_control c ON c.id = pm.control_id "
                f"WHERE {where} AND s.status = 'confirmed' GROUP BY pm.person_id")
    followups = "SELECT COUNT(*) FROM followup_followup WHERE operation_id = %s AND kind = 'referral'"
    if district_id is not None:
        followups += " AND district_id = %s"
    return {
        "sexual_services_share": (_scalar(f"{findings} WHERE {where} AND f.code = 'sexual_services_offered'", p),
                                  venues),
        "labour_findings_share": (_scalar(f"{findings} WHERE {where} AND f.code IN ({labour})", p), venues),
        "indications_share": (_scalar(f"SELECT COUNT(*) FROM ({screened}) t WHERE t.worst > 0", p),
                              _scalar(f"SELECT COUNT(*) FROM ({screened}) t", p)),
        "referral_rate": (_scalar(followups, p),
                          _scalar("SELECT COUNT(DISTINCT pm.person_id) FROM controls_personmet pm "
                                  f"JOIN controls_control c ON c.id = pm.control_id WHERE {where}", p)),
    }


def _counts(trend) -> dict[str, tuple[int, int]]:
    return {code: (share.numerator, share.denominator) for code, share in trend.measures.items()}


def test_measures_equal_an_independent_recount(world, autumn):
    trends = operation_trends(world.users["coordinator"])
    assert [t.operation.name for t in trends] == ["Testuke", "Vest alene", AUTUMN]  # by starts_on
    for trend in trends:
        assert _counts(trend) == recount(trend.operation.pk), trend.operation.name
    assert _counts(trends[2]) == {"sexual_services_share": (1, 3), "labour_findings_share": (1, 3),
                                  "indications_share": (2, 3), "referral_rate": (3, 3)}
    # build_world: both venues sell sex and have a labour finding about a person; screenings are drafts.
    assert _counts(trends[0]) == {"sexual_services_share": (2, 2), "labour_findings_share": (2, 2),
                                  "indications_share": (0, 0), "referral_rate": (2, 2)}
    assert trends[0].measures["indications_share"].value is None
    assert trends[2].measures["indications_share"].value == pytest.approx(2 / 3)


def test_a_district_lead_gets_the_district_counts_only(world, autumn):
    lead, oslo = world.users["district_lead"], District.objects.get(name="Oslo")
    trends = operation_trends(lead)
    assert [t.operation.name for t in trends] == ["Testuke", AUTUMN]  # not Vest's own operation
    for trend in trends:
        assert _counts(trend) == recount(trend.operation.pk, oslo.pk), trend.operation.name
    assert _counts(trends[1]) == {"sexual_services_share": (0, 2), "labour_findings_share": (1, 2),
                                  "indications_share": (1, 2), "referral_rate": (2, 2)}


def test_a_share_without_a_denominator_has_no_value():
    assert Share(0, 0).value is None
    assert Share(3, 4).value == 0.75


@pytest.mark.parametrize("role", ["coordinator", "district_lead", "field_officer", "analyst"])
def test_the_page_shows_tables_charts_and_references(client, world, autumn, role):
    add_reference_figure(actor=world.users["coordinator"], measure="sexual_services_share", value=0.8,
                         label="Svensk kartlegging", source="SVT (sekundærkilde)", year=2018)
    client.force_login(world.users[role])
    response = client.get(reverse("report_trends"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<svg") == len(vocabulary.codes("trend_measures"))
    # POLICY gives the field officer the report but not the reference figures.
    sees_references = allows(world.users[role], "view", "referencefigure")
    assert ("Svensk kartlegging" in page and "SVT (sekundærkilde)" in page) == sees_references
    assert sees_references == (role != "field_officer")
    assert "Vest alene" not in page if role in ("district_lead", "field_officer") else "Vest alene" in page
    sexual = page.split('data-measure="sexual_services_share"')[1].split("</section>")[0]
    assert 'data-count="0/2"' in sexual if role in ("district_lead", "field_officer") else 'data-count="1/3"' in sexual
    assert ('id="new-reference"' in page) == (role in ("coordinator", "analyst"))


@pytest.mark.parametrize("role", ["auditor", "partner_liaison"])
def test_roles_without_the_report_get_403(client, world, role):
    client.force_login(world.users[role])
    assert client.get(reverse("report_trends")).status_code == 403
    assert client.get(reverse("api_report_trends")).status_code == 403


def test_the_json_gives_numerators_and_denominators(client, world, autumn):
    client.force_login(world.users["district_lead"])
    data = client.get(reverse("api_report_trends")).json()
    labour = next(m for m in data["measures"] if m["code"] == "labour_findings_share")
    assert [(o["name"], o["numerator"], o["denominator"]) for o in labour["operations"]] == [
        ("Testuke", 1, 1), (AUTUMN, 1, 2)]
    assert labour["operations"][1]["value"] == 0.5


def _writes(verb: str) -> int:
    return AuditEntry.objects.filter(kind=WRITE, verb=verb).count()


def test_the_reference_form_saves_a_share_with_its_audit_row(client, world):
    client.force_login(world.users["analyst"])
    response = client.post(reverse("reference_figure_create"), {
        "measure": "sexual_services_share", "value": "58,3", "label": "Helsingborg 7 av 12",
        "source": "Svenske medier", "year": "2019"})
    assert response.status_code == 302 and response.url == reverse("report_trends")
    figure = ReferenceFigure.objects.get()
    assert (figure.value, figure.label, figure.year) == (pytest.approx(0.583), "Helsingborg 7 av 12", 2019)
    assert _writes("add_reference_figure") == 1


def test_the_reference_form_refuses_150_percent_next_to_the_field(client, world):
    client.force_login(world.users["coordinator"])
    response = client.post(reverse("reference_figure_create"), {
        "measure": "sexual_services_share", "value": "150", "label": "Min egen etikett", "source": "Et sted"})
    assert response.status_code == 200
    page = response.content.decode()
    value_field = page.split('for="id_value"')[1].split("</div>")[0]
    assert 'class="error"' in value_field
    assert 'value="Min egen etikett"' in page
    assert not ReferenceFigure.objects.exists() and _writes("add_reference_figure") == 0


def test_a_district_lead_may_not_add_a_reference_figure(client, world):
    client.force_login(world.users["district_lead"])
    response = client.post(reverse("reference_figure_create"), {
        "measure": "sexual_services_share", "value": "50", "label": "X", "source": "Y"})
    assert response.status_code == 403 and not ReferenceFigure.objects.exists()


def test_the_demo_reference_figures_load_through_the_action(world):
    from aksjon.demo.scenario import load_reference_figures

    figures = load_reference_figures(world.users["coordinator"])
    assert {(f.measure, round(f.value, 2), f.year) for f in figures} == {
        ("sexual_services_share", 0.8, None), ("sexual_services_share", 0.75, 2022),
        ("sexual_services_share", 0.58, None)}
    assert any("Sekundærkilde" in f.source for f in figures if f.value == 0.8)
    assert _writes("add_reference_figure") == 3
