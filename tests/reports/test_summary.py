"""The coordinator's summary: a draft written from the figures, edited, saved and published
with the figures it was written from; shown on the report; refused without losing the text."""
from __future__ import annotations

from django.urls import reverse

from aksjon.audit.models import AuditEntry
from aksjon.reports.models import ReportText


def test_the_draft_is_written_from_the_figures(client, known):
    client.force_login(known.users["coordinator"])
    page = client.get(reverse("report_summary", args=[known.operation.pk])).content.decode()
    assert "kontrollerte politiet 5 personer på 3 steder i 3 byer i 2 politidistrikter" in page
    assert "2 personer ble identifisert som mulige ofre" in page
    assert "the police controlled 5 persons at 3 venues" in page


def test_publishing_keeps_the_text_with_its_figures_and_the_report_shows_it(client, known):
    client.force_login(known.users["coordinator"])
    url = reverse("report_summary", args=[known.operation.pk])
    assert client.post(url, {"language": "nb", "text": "Fem personer ble kontrollert."}).status_code == 302
    assert client.post(url, {"language": "nb", "text": "Fem personer ble kontrollert i uke 11.",
                             "publish": "1"}).status_code == 302
    published = ReportText.objects.get(status="published")
    assert published.text == "Fem personer ble kontrollert i uke 11."
    assert published.figures["persons_met"] == 5 and published.figures["persons_by_outcome"]["possible_victim"] == 2
    assert ReportText.objects.filter(status="draft", language="nb").count() == 1
    assert AuditEntry.objects.filter(verb__in=["save_report_text", "publish_report_text"]).count() == 3
    report = client.get(reverse("operation_report", args=[known.operation.pk])).content.decode()
    assert "Fem personer ble kontrollert i uke 11." in report


def test_an_overlong_text_is_refused_next_to_the_field_and_kept(client, known):
    client.force_login(known.users["coordinator"])
    text = "Lang tekst. " * 2000
    answer = client.post(reverse("report_summary", args=[known.operation.pk]), {"language": "en", "text": text})
    page = answer.content.decode()
    assert answer.status_code == 200 and 'id="error-en"' in page and "Lang tekst. Lang tekst." in page
    assert not ReportText.objects.exists()


def test_only_the_coordinator_writes_it_and_a_district_lead_never_sees_it(client, known):
    from aksjon.reports.actions import publish_report_text, save_report_text

    coordinator = known.users["coordinator"]
    save_report_text(actor=coordinator, operation=known.operation, language="nb", text="Nasjonalt sammendrag.")
    publish_report_text(actor=coordinator, operation=known.operation, language="nb", figures={})
    client.force_login(known.users["vest_lead"])
    assert client.get(reverse("report_summary", args=[known.operation.pk])).status_code == 403
    report = client.get(reverse("operation_report", args=[known.operation.pk])).content.decode()
    assert "Nasjonalt sammendrag." not in report
