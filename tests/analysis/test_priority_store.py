"""The priority on the database: signals from the sources, scores written back, the venue page
and the priority list showing every reason, the export, and nationality never an input."""
from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from aksjon.analysis.models import Signal, VenueScore
from aksjon.analysis.run_priority import run_priority
from aksjon.exports.actions import export_records
from aksjon.intel.models import Inspection
from aksjon.registry.models import Ad, Person
from tests.conftest import login

SUGGESTIVE = "NYE JENTER! Body to body og ekstra avslapning. Diskret inngang bak. Åpent 12-02. Kun kontant."


def _quiet(*_args):
    return None


def add_intelligence(world):
    """An earlier inspection of the Oslo venue (by its orgnr), and ads placed at both venues."""
    oslo, vest = world.venue["oslo"], world.venue["vest"]
    Inspection.objects.create(inspection_id="AT-2023-0001", agency="Arbeidstilsynet", date=date(2023, 10, 5),
                              orgnr="923456783", findings=["no_written_contract", "living_on_premises"],
                              notes="Madrasser på bakrommet.")
    seen = timezone.now() - timedelta(days=3)
    Ad.objects.create(ad_source="guide", ad_id="1", category="massage", observed_at=seen, title="Ny salong",
                      text=SUGGESTIVE, price_text="60 min 400 kr", venue=oslo)
    Ad.objects.create(ad_source="forum", ad_id="2", category="review", observed_at=seen, title="Besøk",
                      text="Fikk HE for 800, full service mulig.", venue=oslo)
    Ad.objects.create(ad_source="guide", ad_id="3", category="massage", observed_at=seen, title="Massasje",
                      text="Tradisjonell massasje. Åpent 10-20.", price_text="60 min 900 kr", venue=vest)


@pytest.fixture
def scored(world):
    add_intelligence(world)
    run_priority(actor=world.users["analyst"], progress=_quiet)
    return world


def test_signals_from_every_source_with_evidence_and_date(scored):
    oslo = scored.venue["oslo"]
    codes = set(Signal.objects.filter(venue=oslo).values_list("code", flat=True))
    assert {"inspection_living_on_premises", "inspection_no_written_contract", "suggestive_wording",
            "review_sexual_services", "late_hours", "cash_only", "hidden_entrance"} <= codes
    # The world's controls found sexual services at both venues: an earlier control is a signal too.
    assert "control_sexual_services_offered" in codes
    inspection = Signal.objects.get(venue=oslo, code="inspection_living_on_premises")
    assert inspection.observed_on == date(2023, 10, 5) and "AT-2023-0001" in inspection.evidence
    # The record references, and the evidence's message (rendered in the reader's language on a page).
    assert inspection.refs == [f"inspection:{Inspection.objects.get().pk}"]
    assert inspection.message["params"]["finding"] == "living_on_premises"


def test_scores_add_the_reasons_and_rank_the_venues(scored):
    oslo, vest = (VenueScore.objects.get(venue=scored.venue[k]) for k in ("oslo", "vest"))
    assert oslo.rank == 1 and vest.rank == 2 and oslo.score > vest.score
    assert oslo.score == pytest.approx(sum(r["points"] for r in oslo.reasons), abs=0.05)
    assert oslo.weights_version == "1"


def test_a_new_run_replaces_the_last(scored):
    before = Signal.objects.count()
    run_priority(actor=scored.users["analyst"], progress=_quiet)
    assert Signal.objects.count() == before and VenueScore.objects.count() == 2


def test_venue_page_shows_the_score_and_every_reason(client, scored):
    oslo = scored.venue["oslo"]
    score = VenueScore.objects.get(venue=oslo)
    page = login(client, scored.users["coordinator"]).get(reverse("venue_detail", args=[oslo.pk])).content.decode()
    assert 'id="venue-score"' in page and "data-never-evidence" in page
    for reason in score.reasons:
        assert f'data-code="{reason["code"]}"' in page
    assert page.count("data-code=") == len(score.reasons)


def test_a_field_officer_sees_no_score(client, scored):
    oslo = scored.venue["oslo"]
    page = login(client, scored.users["field_officer"]).get(reverse("venue_detail", args=[oslo.pk])).content.decode()
    assert 'id="venue-score"' not in page


def test_priority_list_says_never_evidence_and_keeps_to_the_district(client, scored):
    page = login(client, scored.users["analyst"]).get(reverse("priority_list")).content.decode()
    assert "data-never-evidence" in page and scored.venue["oslo"].name in page
    lead = login(client, scored.users["district_lead"]).get(reverse("priority_list")).content.decode()
    assert scored.venue["oslo"].name in lead and scored.venue["vest"].name not in lead
    assert client.get(reverse("priority_list") + "?district=abc").status_code == 400


def test_the_export_has_its_columns_in_rank_order(scored):
    result = export_records(actor=scored.users["analyst"], kind="priorities", fmt="csv")
    reader = csv.DictReader(io.StringIO(b"".join(result.chunks()).decode("utf-8-sig"), newline=""))
    assert reader.fieldnames == ["rank", "orgnr", "venue_id", "venue_name", "town", "score", "reasons"]
    rows = list(reader)
    assert [row["rank"] for row in rows] == ["1", "2"]
    oslo = scored.venue["oslo"]
    assert rows[0]["venue_id"] == str(oslo.pk) and rows[0]["orgnr"] == oslo.unit.orgnr == "923456783"
    assert "inspection_living_on_premises (+" in rows[0]["reasons"]


def test_scores_are_the_same_whatever_the_persons_origin(scored):
    """Nothing about a person is read: rename everyone, change every language met and birth date,
    and put an origin into the venues' names: the scores and reasons stay the same."""
    before = list(VenueScore.objects.order_by("venue_id").values_list("venue_id", "score", "reasons"))
    Person.objects.update(given_name="Anna", family_name="Nordmann", birth_date=date(1980, 1, 1))
    from aksjon.controls.models import PersonMet
    PersonMet.objects.update(language="nb", documents_seen="national_id")
    for venue in scored.venue.values():
        venue.name = f"Thai {venue.name} Asian"
        venue.save()
    run_priority(actor=scored.users["analyst"], progress=_quiet)
    after = list(VenueScore.objects.order_by("venue_id").values_list("venue_id", "score", "reasons"))
    assert after == before


def test_hub_runs_the_analyses_as_a_job_and_shows_their_results(client, scored):
    from aksjon.jobs.models import Job

    login(client, scored.users["analyst"])
    page = client.get(reverse("analysis_hub")).content.decode()
    assert reverse("priority_list") in page and reverse("proposal_list", args=[scored.operation.pk]) in page
    assert 'action="/analysis/run/"' in page
    answer = client.post(reverse("analysis_run"), {"names": "priority"}, follow=True)
    job = Job.objects.get(kind="analysis")
    assert job.params == {"names": ["priority"]} and answer.status_code == 200
    assert f'id="job-{job.pk}"' in answer.content.decode()  # the job's progress, followed on the page
    assert client.post(reverse("analysis_run"), {"names": "astrology"}).status_code == 302
    assert Job.objects.filter(kind="analysis").count() == 1
    coordinator = login(client, scored.users["coordinator"]).get(reverse("analysis_hub")).content.decode()
    assert 'action="/analysis/run/"' not in coordinator and reverse("priority_list") in coordinator


def test_a_district_users_export_has_no_other_districts_rows(scored):
    result = export_records(actor=scored.users["district_lead"], kind="priorities", fmt="csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(result.chunks()).decode("utf-8-sig"), newline="")))
    assert [row["venue_id"] for row in rows] == [str(scored.venue["oslo"].pk)]


def test_an_escort_ad_with_the_venues_phone_is_tied_to_it(world):
    oslo = world.venue["oslo"]
    escort = Ad.objects.create(ad_source="escorts", ad_id="9", category="escort", title="Sweet Kwan",
                               observed_at=timezone.now(), text="In Oslo this week.")
    escort.phones.add(oslo.phones.get())
    run_priority(actor=world.users["analyst"], progress=_quiet)
    signal = Signal.objects.get(code="escort_ad_at_venue")
    assert signal.venue == oslo and signal.refs == ["ad:escorts/9"] and "+4791234567" in signal.evidence
