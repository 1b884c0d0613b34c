from django.urls import reverse

from aksjon.core.disclosure import Withheld
from aksjon.reports.figures import operation_figures
from tests.report_check import figures_subset, recount


def test_figures_equal_an_independent_recount(world):
    figures = operation_figures(world.users["coordinator"], world.operation)
    assert figures_subset(figures) == recount(world.operation.pk)
    assert figures.persons_met == 2 and figures.districts == 2
    assert figures.venues_by_finding == {"sexual_services_offered": 2, "no_written_contract": 2}
    assert figures.rights_information_by_language == {"th": 2}
    assert figures.referrals_by_agency == {"Arbeidstilsynet": 1, "Skatteetaten": 1}


def test_district_lead_sees_the_district_share(world):
    figures = operation_figures(world.users["district_lead"], world.operation)
    assert (figures.controls, figures.persons_met, figures.districts) == (Withheld.SMALL, Withheld.SMALL, 1)
    assert figures.referrals_by_agency == {"Arbeidstilsynet": Withheld.SMALL}


def test_report_page_and_api_show_the_figures(client, world):
    client.force_login(world.users["coordinator"])
    page = client.get(reverse("operation_report", args=[world.operation.pk])).content.decode()
    assert 'data-figure="persons_met"><strong>2</strong>' in page
    data = client.get(reverse("api_operation_report", args=[world.operation.pk])).json()
    assert data["figures"]["venues"] == 2
    assert data["figures"]["persons_by_vulnerability"] == {"poverty": 2, "migration": 2}


def test_progress_by_district_counts_controlled_and_remaining(client, world):
    from aksjon.operations.actions import add_target
    from aksjon.registry.actions import create_venue
    from aksjon.registry.models import Town

    venue = create_venue(actor=world.users["coordinator"], name="Ny", town=Town.objects.get(name="Oslo"), street="X 1")
    add_target(actor=world.users["coordinator"], operation=world.operation, venue=venue, reason="Tips")
    client.force_login(world.users["coordinator"])
    progress = client.get(reverse("operation_detail", args=[world.operation.pk])).context["progress"]
    assert progress == [{"district": "Oslo", "total": 2, "controlled": 1, "remaining": 1},
                        {"district": "Vest", "total": 1, "controlled": 1, "remaining": 0}]
