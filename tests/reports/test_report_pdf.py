"""The report as a PDF: rendered, its text read back with poppler's pdftotext (the figures
and Thai present), and its pages rasterised with pdftoppm without error."""
from __future__ import annotations

import subprocess

import pytest
from django.urls import reverse

from aksjon.audit.models import AuditEntry


@pytest.fixture
def pdf(client, known, tmp_path):
    client.force_login(known.users["coordinator"])
    answer = client.get(reverse("operation_report_pdf", args=[known.operation.pk]))
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    path = tmp_path / "report.pdf"
    path.write_bytes(answer.content)
    return path


def _text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def test_the_pdf_holds_the_figures_and_thai(pdf, known):
    text = _text(pdf)
    assert "Testuke" in text
    assert "Førde" in text and "Bergen" in text
    assert "ภาษาไทย" in text  # the rights information's languages by their own names
    assert "Side 1 av" in text
    assert "Mulige ofre" in text
    # The draft summary (nothing is published yet) is written from the figures.
    assert "kontrollerte politiet 5 personer på 3 steder" in " ".join(text.split())
    assert AuditEntry.objects.filter(verb="download_report_pdf").count() == 1


def test_the_pdf_pages_rasterise(pdf, tmp_path):
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(tmp_path / "page")], check=True,
                   capture_output=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 2 and all(p.stat().st_size > 5000 for p in pages)


def test_a_district_lead_gets_the_district_pdf(client, known):
    client.force_login(known.users["vest_lead"])
    answer = client.get(reverse("operation_report_pdf", args=[known.operation.pk]))
    assert answer.status_code == 200


def test_the_auditor_may_not(client, known):
    client.force_login(known.users["auditor"])
    assert client.get(reverse("operation_report_pdf", args=[known.operation.pk])).status_code == 403
