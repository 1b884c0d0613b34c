"""The one export path: CSV and XLSX, command line and pages, through restrict, one audit row each."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from django.core.management import CommandError, call_command
from django.template import RequestContext, Template
from django.urls import reverse
from openpyxl import load_workbook

from aksjon.audit.models import AuditEntry
from aksjon.core.errors import AccessDenied, InvalidInput, NotFound
from aksjon.exports import writers
from aksjon.exports.actions import export_records
from aksjon.exports.models import Export
from aksjon.exports.registry import get_kind
from aksjon.exports.writers import neutralise
from aksjon.followup.actions import create_followup
from aksjon.intel.models import Judgement
from aksjon.operations.actions import add_target
from aksjon.registry.actions import create_venue
from aksjon.registry.models import Town


def export_rows(user, kind, **filters) -> list[dict]:
    """Export as CSV and read it back with the csv module."""
    result = export_records(actor=user, kind=kind, fmt="csv", **filters)
    data = b"".join(result.chunks())
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: a spreadsheet reads æ, ø, å right
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    assert reader.fieldnames == get_kind(kind).headers
    return list(reader)


def export_sheet(user, kind, **filters):
    result = export_records(actor=user, kind=kind, fmt="xlsx", **filters)
    workbook = load_workbook(io.BytesIO(b"".join(result.chunks())))
    return workbook.worksheets[0]


def export_rows_written():
    return AuditEntry.objects.filter(verb="export_records")


# --- CSV and XLSX -------------------------------------------------------------------------------

def test_csv_round_trips_with_the_right_rows(world):
    rows = export_rows(world.users["coordinator"], "targets")
    assert sorted(r["venue"] for r in rows) == ["Baan Sabai", "Siam Spa"]
    oslo = next(r for r in rows if r["venue"] == "Baan Sabai")
    assert oslo == {
        "id": str(world.target["oslo"].pk), "operation": "Testuke", "venue_id": str(world.venue["oslo"].pk),
        "venue": "Baan Sabai", "town": "Oslo", "district": "Oslo", "status": "controlled", "priority": "2",
        "team": world.target["oslo"].team.name, "reason": "Annonser på eskortenettsted"}


def test_csv_is_rfc4180_with_crlf_and_quotes(world):
    venue = create_venue(actor=world.users["coordinator"], name='Salong "Lotus", Grünerløkka',
                         town=Town.objects.get(name="Oslo"), street="Thorvald Meyers gate 1", postcode="0555")
    add_target(actor=world.users["coordinator"], operation=world.operation, venue=venue, reason="Linje 1\nLinje 2")
    result = export_records(actor=world.users["coordinator"], kind="targets", fmt="csv")
    text = b"".join(result.chunks()).decode("utf-8-sig")
    assert text.startswith("id,operation,") and "\r\n" in text
    assert '"Salong ""Lotus"", Grünerløkka"' in text
    row = next(r for r in csv.DictReader(io.StringIO(text, newline="")) if r["venue"].startswith("Salong"))
    assert row["reason"] == "Linje 1\nLinje 2"


def test_csv_dates_are_iso(world):
    create_followup(actor=world.users["district_lead"], kind="task", title="Ring utleier",
                    district=world.venue["oslo"].district, due_on=date(2024, 3, 20))
    rows = export_rows(world.users["coordinator"], "followups")
    row = next(r for r in rows if r["title"] == "Ring utleier")
    assert row["due_on"] == "2024-03-20"
    assert datetime.fromisoformat(row["created_at"]).tzinfo is not None  # local time with its offset


def test_xlsx_opens_with_typed_cells_and_a_frozen_header(world):
    create_followup(actor=world.users["district_lead"], kind="task", title="Ring utleier",
                    district=world.venue["oslo"].district, due_on=date(2024, 3, 20))
    sheet = export_sheet(world.users["coordinator"], "followups")
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == get_kind("followups").headers
    assert sheet.freeze_panes == "A2"
    records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert len(records) == 5  # the world's two tasks and two referrals, and this one
    called = next(r for r in records if r["title"] == "Ring utleier")
    assert isinstance(called["due_on"], (date, datetime)) and called["due_on"].date() == date(2024, 3, 20)
    assert all(isinstance(r["created_at"], datetime) for r in records)
    assert all(isinstance(r["id"], int) for r in records)


def test_xlsx_controls_have_numbers_booleans_and_dates(world):
    sheet = export_sheet(world.users["coordinator"], "controls")
    rows = list(sheet.iter_rows(values_only=True))
    records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert len(records) == 2
    for record in records:
        assert isinstance(record["started_at"], datetime)
        assert record["venue_open"] is True
        assert record["persons_met"] == 1 and record["rights_information_given"] == 1
        assert record["finding_codes"] == "no_written_contract;sexual_services_offered"
    assert sheet.column_dimensions["A"].width > 0


def test_rows_keep_the_model_s_order_even_when_counted(world):
    rows = export_rows(world.users["coordinator"], "controls")
    started = [datetime.fromisoformat(r["started_at"]) for r in rows]
    assert started == sorted(started, reverse=True)  # Control.Meta.ordering = ["-started_at"]


def test_controls_carry_no_person_names(world):
    result = export_records(actor=world.users["coordinator"], kind="controls", fmt="csv")
    text = b"".join(result.chunks()).decode("utf-8-sig")
    for name in ("Siriporn", "Nattaya", "Johansen", "Two workers present"):
        assert name not in text


def test_audit_export_has_no_before_or_after(world):
    rows = export_rows(world.users["auditor"], "audit")
    assert rows and "before" not in rows[0] and "after" not in rows[0]
    assert {"create_operation", "record_visit"} & {r["verb"] for r in rows}
    text = "".join(str(r) for r in rows)
    assert "Siriporn" not in text and "Storgata" not in text


def test_judgements_export(world):
    Judgement.objects.create(kind="person", left="person:1", right="person:2", verdict="same",
                             made_by=world.users["analyst"], note="Samme pass")
    rows = export_rows(world.users["analyst"], "judgements")
    assert [(r["left"], r["right"], r["verdict"], r["made_by"]) for r in rows] == [
        ("person:1", "person:2", "same", "analyst")]
    assert "note" not in rows[0]


def test_large_csv_comes_in_several_chunks(world, monkeypatch):
    monkeypatch.setattr(writers, "CSV_BATCH", 1)
    result = export_records(actor=world.users["auditor"], kind="audit", fmt="csv")
    chunks = list(result.chunks())
    assert len(chunks) == result.rows + 1  # the header, then one chunk per row
    assert result.rows == AuditEntry.objects.count() - 1  # every row before the export's own


# --- formula injection --------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["=1+1", "+47 912 34 567", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_looking_text_is_neutralised(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["Baan Sabai", "Linje=1", "", "1-2"])
def test_plain_text_is_left_alone(text):
    assert neutralise(text) == text


def test_a_venue_named_like_a_formula_is_text_in_both_formats(world):
    evil = '=HYPERLINK("http://example.invalid/","klikk")'
    venue = create_venue(actor=world.users["coordinator"], name=evil, town=Town.objects.get(name="Oslo"),
                         street="Storgata 9", postcode="0155")
    add_target(actor=world.users["coordinator"], operation=world.operation, venue=venue, reason="-vet ikke")
    row = next(r for r in export_rows(world.users["coordinator"], "targets") if r["venue"].endswith(evil))
    assert row["venue"] == "'" + evil and row["reason"] == "'-vet ikke"
    assert row["priority"] == "2"  # typed columns are never prefixed
    sheet = export_sheet(world.users["coordinator"], "targets")
    cells = [row for row in sheet.iter_rows() if row[3].value and str(row[3].value).endswith(evil)]
    assert len(cells) == 1
    assert cells[0][3].value == "'" + evil and cells[0][3].data_type == "s"


# --- access ------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["targets", "controls", "followups"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_district_user_gets_only_their_district(world, kind, fmt):
    lead = world.users["district_lead"]
    if fmt == "csv":
        rows = export_rows(lead, kind)
    else:
        values = list(export_sheet(lead, kind).iter_rows(values_only=True))
        rows = [dict(zip(values[0], row, strict=True)) for row in values[1:]]
    assert rows
    assert {r["district"] for r in rows} == {"Oslo"}
    assert "Siam Spa" not in str(rows) and "Kontantsalg" not in str(rows)


def test_a_district_filter_on_another_district_gives_nothing(world):
    vest = world.venue["vest"].district_id
    assert export_rows(world.users["district_lead"], "targets", district=vest) == []
    assert len(export_rows(world.users["coordinator"], "targets", district=vest)) == 1


def test_a_partner_liaison_gets_only_the_agency_s_referrals(world):
    rows = export_rows(world.users["partner_liaison"], "followups")
    assert [r["title"] for r in rows] == ["Arbeidsavtaler"]


@pytest.mark.parametrize(("role", "kind"), [
    ("auditor", "targets"), ("auditor", "followups"), ("partner_liaison", "controls"),
    ("field_officer", "audit"), ("coordinator", "audit"), ("district_lead", "judgements")])
def test_a_role_without_view_is_refused_and_nothing_is_recorded(world, role, kind):
    before = export_rows_written().count()
    with pytest.raises(AccessDenied):
        export_records(actor=world.users[role], kind=kind, fmt="csv")
    assert export_rows_written().count() == before and not Export.objects.exists()


# --- one audit row -----------------------------------------------------------------------------

def test_one_audit_row_per_export_with_kind_format_rows_and_filters(world):
    before = export_rows_written().count()
    result = export_records(actor=world.users["district_lead"], kind="targets", fmt="xlsx", status="controlled")
    b"".join(result.chunks())
    entries = export_rows_written()
    assert entries.count() == before + 1
    entry = entries.order_by("-id").first()
    assert entry.username == "lead.oslo" and entry.object_type == "exports.export"
    assert entry.after["kind"] == "targets" and entry.after["format"] == "xlsx"
    assert entry.after["rows"] == 1 and entry.after["filters"] == {"status": "controlled"}


def test_bad_kind_format_and_filter_are_domain_errors(world):
    user = world.users["coordinator"]
    with pytest.raises(NotFound):
        export_records(actor=user, kind="persons_secret", fmt="csv")
    with pytest.raises(InvalidInput):
        export_records(actor=user, kind="targets", fmt="pdf")
    with pytest.raises(InvalidInput):
        export_records(actor=user, kind="targets", fmt="csv", colour="red")
    with pytest.raises(InvalidInput):
        export_records(actor=user, kind="targets", fmt="csv", operation="three")
    assert not Export.objects.exists()


# --- the pages ---------------------------------------------------------------------------------

def download(client, user, url):
    client.force_login(user)
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def test_download_csv_through_the_page_with_filters(client, world):
    before = export_rows_written().count()
    url = reverse("export_download", args=["targets", "csv"]) + f"?operation={world.operation.pk}&status=controlled"
    response, body = download(client, world.users["field_officer"], url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'attachment; filename="aksjon-targets-' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"].split(", ")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert [r["venue"] for r in rows] == ["Baan Sabai"] and response["X-Export-Rows"] == "1"
    assert export_rows_written().count() == before + 1


def test_download_xlsx_through_the_page(client, world):
    before = export_rows_written().count()
    response, body = download(client, world.users["auditor"], reverse("export_download", args=["audit", "xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(body)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    at = rows[0].index("at")
    assert rows[0][:3] == ("id", "seq", "at") and isinstance(rows[1][at], datetime)
    assert export_rows_written().count() == before + 1


@pytest.mark.parametrize(("url", "status"), [
    ("/exports/targets.pdf", 400), ("/exports/targets.csv.zip", 400), ("/exports/nosuchkind.csv", 404),
    ("/exports/targets.csv?colour=red", 400), ("/exports/targets.csv?operation=x", 400),
    ("/exports/targets.csv?kind=audit", 400), ("/exports/targets.csv?actor=1", 400),
    ("/exports/targets.csv?fmt=xlsx", 400), ("/exports/audit.csv", 403), ("/exports/", 200)])
def test_bad_requests_get_the_error_page_never_500(client, world, url, status):
    response, body = download(client, world.users["coordinator"], url)
    assert response.status_code == status
    if status >= 400:
        assert b"<html" in body.lower() and not Export.objects.exists()


def test_a_district_user_s_download_has_no_other_district(client, world):
    response, body = download(client, world.users["district_lead"],
                              reverse("export_download", args=["followups", "csv"]))
    text = body.decode("utf-8-sig")
    assert response.status_code == 200 and "Arbeidsavtaler" in text
    assert "Kontantsalg" not in text and "Følg opp husleie" not in text


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse("export_download", args=["targets", "csv"]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not Export.objects.exists()


@pytest.mark.parametrize(("role", "kinds"), [
    ("coordinator", ["controls", "followups", "judgements", "targets"]),
    ("analyst", ["controls", "followups", "judgements", "targets"]),
    ("district_lead", ["controls", "followups", "targets"]),
    ("field_officer", ["controls", "followups", "targets"]),
    ("partner_liaison", ["followups"]),
    ("auditor", ["audit"])])
def test_the_exports_page_lists_what_the_role_may_export(client, world, role, kinds):
    client.force_login(world.users[role])
    page = client.get(reverse("export_list")).content.decode()
    everything = ["audit", "controls", "followups", "judgements", "targets"]
    listed = sorted(k for k in everything if f'id="export-{k}"' in page)
    assert listed == kinds
    for kind in kinds:
        assert reverse("export_download", args=[kind, "xlsx"]) in page
    assert f'href="{reverse("export_list")}"' in page  # the menu entry


def test_list_pages_carry_download_links_with_their_filters(client, world):
    client.force_login(world.users["coordinator"])
    page = client.get(reverse("target_list", args=[world.operation.pk]) + "?status=controlled").content.decode()
    assert f'/exports/targets.csv?operation={world.operation.pk}&amp;status=controlled' in page
    assert f'/exports/targets.xlsx?operation={world.operation.pk}&amp;status=controlled' in page
    assert "Last ned" in page or "Download" in page
    page = client.get(reverse("followup_list") + f"?status=open&operation={world.operation.pk}").content.decode()
    assert f"/exports/followups.csv?operation={world.operation.pk}&amp;status=open" in page
    client.force_login(world.users["auditor"])
    page = client.get(reverse("audit_list") + "?kind=write&page=1").content.decode()
    assert "/exports/audit.csv?entry_kind=write" in page and "page=" not in page.split("/exports/audit.csv")[1][:40]


def test_no_download_link_for_a_role_that_may_not_export(rf, world):
    template = Template('{% load exports %}{% export_links "targets" operation=3 %}')
    for role, shown in [("auditor", False), ("partner_liaison", False), ("field_officer", True)]:
        request = rf.get("/")
        request.user = world.users[role]
        html = template.render(RequestContext(request, {}))
        assert ("/exports/targets.csv?operation=3" in html) is shown, role


# --- the command line --------------------------------------------------------------------------

def test_cli_writes_the_file_and_one_audit_row(world, tmp_path):
    out = tmp_path / "maal.xlsx"
    before = export_rows_written().count()
    stdout = io.StringIO()
    call_command("export", "targets", f"operation={world.operation.pk}", "--user", "lead.oslo", "--out", str(out),
                 stdout=stdout)
    assert f"wrote 1 targets rows to {out}" in stdout.getvalue()
    sheet = load_workbook(out).worksheets[0]
    assert [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Baan Sabai"]
    assert export_rows_written().count() == before + 1
    assert not list(tmp_path.glob("*.part"))


def test_cli_csv_by_default(world, tmp_path):
    out = tmp_path / "oppfolging.txt"
    call_command("export", "followups", "--user", "at.liaison", "--out", str(out), stdout=io.StringIO())
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    assert [r["title"] for r in rows] == ["Arbeidsavtaler"]


def test_cli_refuses_an_unknown_user(world, tmp_path):
    with pytest.raises(CommandError, match="no user named 'nobody'"):
        call_command("export", "targets", "--user", "nobody", "--out", str(tmp_path / "x.csv"))
    assert not export_rows_written().exists() and not (tmp_path / "x.csv").exists()


def test_cli_refuses_a_role_without_view_and_bad_filters(world, tmp_path):
    with pytest.raises(CommandError, match="role may not"):
        call_command("export", "targets", "--user", "auditor", "--out", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="no filter colour"):
        call_command("export", "targets", "colour=red", "--user", "coord", "--out", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="FILTER=VALUE"):
        call_command("export", "targets", "red", "--user", "coord", "--out", str(tmp_path / "x.csv"))
    assert not export_rows_written().exists() and not (tmp_path / "x.csv").exists()
