"""Every page × every role: allowed (200), not for this role (403), or another
district's / agency's object (404). The table is the specification; it is
written out by hand, not derived from the policy it checks."""
from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import ROLES

# Columns follow ROLES: coordinator, analyst, auditor, district_lead, field_officer, partner_liaison.
# The district personas work in Oslo; the partner liaison is Arbeidstilsynet's.
PAGES = {
    "operation_list": (lambda w: reverse("operation_list"), "200 200 403 200 200 403"),
    "operation_detail": (lambda w: reverse("operation_detail", args=[w.operation.pk]), "200 200 403 200 200 403"),
    "operation_detail_vest_only": (lambda w: reverse("operation_detail", args=[w.vest_only_operation.pk]),
                                   "200 200 403 404 404 403"),
    "target_list": (lambda w: reverse("target_list", args=[w.operation.pk]), "200 200 403 200 200 403"),
    "operation_report": (lambda w: reverse("operation_report", args=[w.operation.pk]), "200 200 403 200 200 403"),
    "api_report": (lambda w: reverse("api_operation_report", args=[w.operation.pk]), "200 200 403 200 200 403"),
    "venue_list": (lambda w: reverse("venue_list"), "200 200 403 200 200 403"),
    "venue_detail": (lambda w: reverse("venue_detail", args=[w.venue["oslo"].pk]), "200 200 403 200 200 403"),
    "venue_detail_vest": (lambda w: reverse("venue_detail", args=[w.venue["vest"].pk]), "200 200 403 404 404 403"),
    "person_detail": (lambda w: reverse("person_detail", args=[w.person["oslo"].pk]), "200 200 403 200 200 403"),
    "person_detail_vest": (lambda w: reverse("person_detail", args=[w.person["vest"].pk]), "200 200 403 404 404 403"),
    "control_detail": (lambda w: reverse("control_detail", args=[w.control["oslo"].pk]), "200 200 403 200 200 403"),
    "control_detail_vest": (lambda w: reverse("control_detail", args=[w.control["vest"].pk]),
                            "200 200 403 404 404 403"),
    "followup_list": (lambda w: reverse("followup_list"), "200 200 403 200 200 200"),
    "followup_task": (lambda w: reverse("followup_detail", args=[w.task["oslo"].pk]), "200 200 403 200 200 404"),
    "followup_task_vest": (lambda w: reverse("followup_detail", args=[w.task["vest"].pk]), "200 200 403 404 404 404"),
    "followup_referral": (lambda w: reverse("followup_detail", args=[w.referral.pk]), "200 200 403 200 200 200"),
    "followup_referral_other_agency": (lambda w: reverse("followup_detail", args=[w.other_referral.pk]),
                                       "200 200 403 404 404 404"),
    "audit_list": (lambda w: reverse("audit_list"), "403 403 200 403 403 403"),
    "import_list": (lambda w: reverse("import_list"), "200 200 403 403 403 403"),
    "review_queue": (lambda w: reverse("review_queue", args=["person"]), "200 200 403 403 403 403"),
    "judgement_list": (lambda w: reverse("judgement_list"), "200 200 403 403 403 403"),
    "entity": (lambda w: reverse("entity", args=["person", f"person:{w.person['oslo'].pk}"]),
               "200 200 403 403 403 403"),
    "screening": (lambda w: reverse("screening_detail", args=[w.screening["oslo"].pk]), "200 200 403 200 200 403"),
    "screening_vest": (lambda w: reverse("screening_detail", args=[w.screening["vest"].pk]),
                       "200 200 403 404 404 403"),
    "rights_page": (lambda w: reverse("rights_page", args=["th"]), "200 200 200 200 200 200"),
    "rights_leaflet": (lambda w: reverse("rights_leaflet", args=["nb"]), "200 200 200 200 200 200"),
    "catalogue": (lambda w: reverse("catalogue"), "200 200 403 200 200 403"),
    "operation_create": (lambda w: reverse("operation_create"), "200 403 403 403 403 403"),
    "venue_create": (lambda w: reverse("venue_create"), "200 200 403 200 403 403"),
    "control_create": (lambda w: reverse("control_create"), "403 403 403 200 200 403"),
    "control_create_for_vest_target": (lambda w: reverse("control_create") + f"?target={w.target['vest'].pk}",
                                       "403 403 403 404 404 403"),
    "followup_create": (lambda w: reverse("followup_create"), "200 403 403 200 200 403"),
    "target_create": (lambda w: reverse("target_create", args=[w.operation.pk]), "200 200 403 200 403 403"),
    "team_create": (lambda w: reverse("team_create", args=[w.operation.pk]), "200 403 403 200 403 403"),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_page_answers_by_role(client, world, page):
    url_of, codes = PAGES[page]
    expected = dict(zip(ROLES, map(int, codes.split()), strict=True))
    answered = {}
    for role in ROLES:
        client.force_login(world.users[role])
        answered[role] = client.get(url_of(world)).status_code
    assert answered == expected


@pytest.mark.parametrize("page", list(PAGES))
def test_anonymous_is_sent_to_login(client, world, page):
    response = client.get(PAGES[page][0](world))
    if page == "api_report":
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthenticated"
    else:
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
