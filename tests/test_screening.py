"""Screening in the app: answers saved as the officer goes, the result stored with
the catalogue version it used, proposals confirmed into follow-ups, rights information."""
from __future__ import annotations

import subprocess
import tomllib
from copy import deepcopy
from importlib import resources

import pytest
from django.urls import reverse

from aksjon.audit.models import AuditEntry
from aksjon.core.errors import AccessDenied, Conflict, InvalidInput
from aksjon.followup.models import FollowUp
from aksjon.screening import actions
from aksjon.screening.models import CatalogueVersion, Screening

VICTIM = {"d1_deceived_nature_of_job": "disclosed", "d1_deceived_wages": "disclosed",
          "d4_excessive_hours": "observed", "d4_bad_living_conditions": "observed",
          "d5_debt_bondage": "disclosed", "d5_confiscation_of_documents": "observed"}


def _shipped() -> dict:
    return tomllib.loads(resources.files("aksjon.data").joinpath("indicators", "ilo-ec-2009.toml").read_text("utf-8"))


@pytest.fixture
def screening(world):
    return actions.start_screening(actor=world.users["field_officer"], person_met=world.person_met["oslo"])


def _post_answers(client, screening, answers, minor=False, **headers):
    data = {f"answer-{code}": answer for code, answer in answers.items()}
    if minor:
        data["minor"] = "on"
    return client.post(reverse("screening_detail", args=[screening.pk]), data, **headers)


def test_start_uses_the_newest_catalogue(screening):
    assert screening.catalogue.version == 1
    assert (screening.outcome, screening.status, screening.incomplete) == ("no_indications", "draft", True)


def test_answers_update_the_outcome_through_htmx(client, world, screening):
    client.force_login(world.users["field_officer"])
    response = _post_answers(client, screening, {"d4_excessive_hours": "observed"}, HTTP_HX_REQUEST="true")
    assert 'data-outcome="some_indications"' in response.content.decode()
    response = _post_answers(client, screening, VICTIM, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert 'data-outcome="possible_victim"' in page
    assert "Offerregelen er oppfylt" in page
    assert 'id="proposals" hx-swap-oob="true"' in page and 'value="rosa"' in page
    screening.refresh_from_db()
    assert screening.answers == VICTIM and screening.outcome == "possible_victim"


def test_not_asked_answers_are_not_stored(client, world, screening):
    client.force_login(world.users["field_officer"])
    _post_answers(client, screening, {"d5_violence": "not_asked", "d5_debt_bondage": "not_present"})
    screening.refresh_from_db()
    assert screening.answers == {"d5_debt_bondage": "not_present"}


def test_confirming_creates_the_chosen_follow_ups(world, screening):
    officer = world.users["field_officer"]
    screening = actions.update_screening(actor=officer, screening=screening, answers=VICTIM, notes={}, minor=False)
    offered = [p.key for p in actions.proposals_for(screening)]
    assert offered == ["rosa", "reflection_period", "victim_lawyer", "district_follow_up",
                       "vulnerability_follow_up", "arbeidstilsynet"]
    before = FollowUp.objects.count()
    actions.confirm_screening(actor=officer, screening=screening, chosen=["rosa", "reflection_period"])
    created = FollowUp.objects.order_by("id")[before:]
    assert [(f.kind, f.agency.code if f.agency else None) for f in created] == [("referral", "rosa"), ("task", None)]
    assert all(f.district == world.venue["oslo"].district and f.person_met == world.person_met["oslo"]
               for f in created)
    with pytest.raises(Conflict):
        actions.update_screening(actor=officer, screening=screening, answers={}, notes={}, minor=False)


def test_confirmed_follow_up_appears_in_the_districts_list(client, world, screening):
    officer = world.users["field_officer"]
    screening = actions.update_screening(actor=officer, screening=screening, answers=VICTIM, notes={}, minor=False)
    client.force_login(officer)
    client.post(reverse("screening_confirm", args=[screening.pk]), {"chosen": ["rosa"]})
    client.force_login(world.users["district_lead"])
    page = client.get(reverse("followup_list")).content.decode()
    assert "Henvisning til ROSA" in page


def test_unknown_answers_and_proposals_are_refused(world, screening):
    officer = world.users["field_officer"]
    with pytest.raises(InvalidInput):
        actions.update_screening(actor=officer, screening=screening, answers={"d9_x": "observed"}, notes={},
                                 minor=False)
    with pytest.raises(InvalidInput):
        actions.confirm_screening(actor=officer, screening=screening, chosen=["rosa"])  # not offered here


def test_a_new_catalogue_version_changes_no_earlier_result(world, screening):
    officer = world.users["field_officer"]
    screening = actions.update_screening(actor=officer, screening=screening, answers=VICTIM, notes={}, minor=False)
    actions.confirm_screening(actor=officer, screening=screening, chosen=[])
    stored = Screening.objects.values("outcome", "reasons", "catalogue_id").get(pk=screening.pk)
    corrected = deepcopy(_shipped())
    for item in corrected["indicator"]:  # grade everything weak: no dimension can be positive any more
        for name in ("labour", "sexual"):
            if name in item:
                item[name] = "weak"
    version = actions.publish_catalogue(actor=world.users["coordinator"], data=corrected, note="Test")
    assert version.version == 2
    assert Screening.objects.values("outcome", "reasons", "catalogue_id").get(pk=screening.pk) == stored
    newer = actions.start_screening(actor=officer, person_met=world.person_met["oslo"])
    newer = actions.update_screening(actor=officer, screening=newer, answers=VICTIM, notes={}, minor=False)
    assert newer.catalogue == version and newer.outcome == "some_indications"


def test_only_the_coordinator_publishes_and_bad_catalogues_are_refused(world):
    with pytest.raises(AccessDenied):
        actions.publish_catalogue(actor=world.users["analyst"], data=_shipped())
    broken = deepcopy(_shipped())
    broken["indicator"][0]["labour"] = "very strong"
    del broken["indicator"][1]["question_th"]
    with pytest.raises(InvalidInput) as error:
        actions.publish_catalogue(actor=world.users["coordinator"], data=broken)
    assert "very strong" not in error.value.message and "labour strength" in error.value.message
    assert "missing question_th" in error.value.message
    assert CatalogueVersion.objects.count() == 1


def test_catalogue_upload_form_reports_problems(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.users["coordinator"])
    response = client.post(reverse("catalogue"), {
        "file": SimpleUploadedFile("c.toml", b"[catalogue\nid = 1"), "note": "x"})
    assert response.status_code == 200
    assert "TOML" in response.content.decode()
    assert CatalogueVersion.objects.count() == 1


def test_each_screening_write_has_one_audit_row_and_each_view_an_access_row(client, world, screening):
    officer = world.users["field_officer"]
    writes = AuditEntry.objects.filter(kind="write").count()
    actions.update_screening(actor=officer, screening=screening, answers={"d5_violence": "observed"}, notes={},
                             minor=False)
    assert AuditEntry.objects.filter(kind="write").count() == writes + 1
    client.force_login(officer)
    reads = AuditEntry.objects.filter(kind="read", verb="view_screening").count()
    client.get(reverse("screening_detail", args=[screening.pk]))
    assert AuditEntry.objects.filter(kind="read", verb="view_screening").count() == reads + 1


def test_rights_information_is_recorded(client, world):
    client.force_login(world.users["field_officer"])
    met = world.person_met["oslo"]
    client.post(reverse("rights_given", args=[met.pk]), {"language": "en", "next": "https://evil.example/"})
    met.refresh_from_db()
    assert met.rights_information_language == "en"


@pytest.mark.parametrize("language,phrase", [("nb", "refleksjonsperiode"), ("en", "reflection period"),
                                             ("th", "ตำรวจ")])
def test_rights_pages(client, world, language, phrase):
    client.force_login(world.users["field_officer"])
    page = client.get(reverse("rights_page", args=[language])).content.decode()
    assert phrase in page.lower() and "22 33 11 60" in page


def test_unknown_rights_language_is_404(client, world):
    client.force_login(world.users["field_officer"])
    assert client.get(reverse("rights_page", args=["xx"])).status_code == 404


def test_thai_leaflet_pdf_embeds_a_thai_font_and_its_text(client, world, tmp_path):
    client.force_login(world.users["field_officer"])
    response = client.get(reverse("rights_leaflet", args=["th"]))
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "th.pdf"
    pdf.write_bytes(response.content)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert any(name in fonts for name in ("Loma", "Garuda", "Norasi", "Kinnari", "Waree", "Sawasdee")), fonts
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    # Extraction maps some TLWG glyphs back imperfectly (sara aa); words without them come back whole.
    assert "ROSA · 22 33 11 60" in text and "สิทธิของคุณ" in text
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "Pages:           1" in pages
