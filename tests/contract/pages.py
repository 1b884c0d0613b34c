"""What every URL name of the project needs, declared once: the contract tests are
generated from this table (tests/contract/test_pages.py), and a URL name without
an entry fails the suite.

An entry says how to build the URL for an object of the user's own district
("own") and, where the object belongs to a district or an agency, of another one
("other"); which permissions (action, kind of record) a role needs; the method
and the form data; and the status an allowed user gets. The expected answer for
each role follows from the policy table: a role without a needed permission gets
403, a district or agency user asking for another district's object 404.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from tests.conftest import World

OWN, OTHER = "own", "other"


@dataclass(frozen=True)
class Page:
    url: Callable[[World, str], str]
    needs: tuple[str, ...] = ()  # "action model" pairs; empty: any logged-in user
    method: str = "GET"
    data: Callable[[World, str], dict] | None = None
    ok: int = 200
    sided: bool = True  # False: the URL names no district's object
    public: bool = False  # answers anonymous users too
    notes: str = ""


def url_name(key: str) -> str:
    """An entry's URL name: the key up to a space, so one URL can have several entries
    ("export_download followups")."""
    return key.split(" ", 1)[0]


def side(world: World, which: str, name: str):
    """The world's object `name` of the user's own district (Oslo) or of the other one (Vest)."""
    return getattr(world, name)["oslo" if which == OWN else "vest"]


def _url(name: str, *build) -> Callable[[World, str], str]:
    """reverse(name) with args built from the world and the side."""
    return lambda w, s: reverse(name, args=[b(w, s) for b in build])


def _pk(attribute: str):
    return lambda w, s: side(w, s, attribute).pk


def _operation(w, s):
    return (w.operation if s == OWN else w.vest_only_operation).pk


def _referral(w, s):
    # Addressed to Arbeidstilsynet in Oslo (own for every persona), or to Skatteetaten in Vest.
    return (w.referral if s == OWN else w.other_referral).pk


def _fixed(name: str, *args) -> Callable[[World, str], str]:
    return lambda w, s: reverse(name, args=list(args))


def _with_query(name: str, key: str, attribute: str) -> Callable[[World, str], str]:
    return lambda w, s: f"{reverse(name)}?{key}={side(w, s, attribute).pk}"


PAGES: dict[str, Page] = {
    # Signing in and out, and the language switch
    "login": Page(_fixed("login"), sided=False, public=True),
    "logout": Page(_fixed("logout"), method="POST", ok=302, sided=False, public=True),
    # The second factor (tests/test_two_factor.py): with it off, as in these tests, both send the user home.
    "totp_verify": Page(_fixed("totp_verify"), ok=302, sided=False),
    "totp_enrol": Page(_fixed("totp_enrol"), ok=302, sided=False),
    "set_language": Page(_fixed("set_language"), method="POST", data=lambda w, s: {"language": "en", "next": "/"},
                         ok=302, sided=False, public=True),
    "home": Page(_fixed("home"), ok=302, sided=False),
    # Operations
    "operation_list": Page(_fixed("operation_list"), ("view operation",), sided=False),
    "operation_create": Page(_fixed("operation_create"), ("add operation",), sided=False),
    "operation_detail": Page(_url("operation_detail", _operation), ("view operation",)),
    "operation_status": Page(_url("operation_status", _operation), ("change operation",), method="POST",
                             data=lambda w, s: {"status": "active"}, ok=302),
    "target_list": Page(_url("target_list", _operation), ("view operation", "view target")),
    "target_create": Page(_url("target_create", _operation), ("view operation", "add target")),
    "team_create": Page(_url("team_create", _operation), ("view operation", "add team")),
    "operation_report": Page(_url("operation_report", _operation), ("view operation", "view report")),
    "operation_report_pdf": Page(_url("operation_report_pdf", _operation), ("view operation", "view report")),
    "report_summary": Page(_url("report_summary", _operation), ("view operation", "view report", "change reporttext")),
    "report_summary save": Page(_url("report_summary", _operation),
                                ("view operation", "view report", "change reporttext"), method="POST", ok=302,
                                data=lambda w, s: {"language": "nb", "text": "Under Testuke kontrollerte politiet"}),
    "api_operation_report": Page(_url("api_operation_report", _operation), ("view operation", "view report")),
    "report_trends": Page(_fixed("report_trends"), ("view report",), sided=False),
    "api_report_trends": Page(_fixed("api_report_trends"), ("view report",), sided=False),
    "reference_figure_create": Page(_fixed("reference_figure_create"), ("view report", "add referencefigure"),
                                    method="POST", sided=False, ok=302, data=lambda w, s: {
                                        "measure": "sexual_services_share", "value": "75", "label": "Bergen",
                                        "source": "NRK Brennpunkt", "year": "2022"}),
    "target_assign": Page(_url("target_assign", _pk("target")), ("change target",), method="POST",
                          data=lambda w, s: {"team": ""}, ok=302),
    "target_approve": Page(_url("target_approve", _pk("proposed_target")), ("approve target",), method="POST",
                           ok=302),
    # Venues and persons
    "venue_list": Page(_fixed("venue_list"), ("view venue",), sided=False),
    "venue_create": Page(_fixed("venue_create"), ("add venue",), sided=False),
    "venue_detail": Page(_url("venue_detail", _pk("venue")), ("view venue",)),
    "person_detail": Page(_url("person_detail", _pk("person")), ("view person",)),
    "subject_access": Page(_url("subject_access", _pk("person")), ("disclose person",)),
    "subject_access_pdf": Page(_url("subject_access_pdf", _pk("person")), ("disclose person",)),
    "person_correct": Page(_url("person_correct", _pk("person")), ("change person",)),
    "person_correct save": Page(_url("person_correct", _pk("person")), ("change person",), method="POST", ok=302,
                                data=lambda w, s: {"given_name": "Siri", "family_name": "Johansen",
                                                   "reason": "Skrevet feil ved kontrollen"}),
    # Controls
    "control_create": Page(_with_query("control_create", "target", "target"), ("add control", "view target")),
    "control_detail": Page(_url("control_detail", _pk("control")), ("view control",)),
    # Follow-up
    "followup_list": Page(_fixed("followup_list"), ("view followup",), sided=False),
    "followup_create": Page(_with_query("followup_create", "person_met", "person_met"),
                            ("add followup", "view personmet")),
    "followup_detail": Page(_url("followup_detail", _referral), ("view followup",)),
    "followup_assign": Page(_url("followup_assign", _referral), ("assign followup",), method="POST",
                            data=lambda w, s: {"owner": w.users["field_officer" if s == OWN else "vest_officer"].pk},
                            ok=302),
    "followup_note": Page(_url("followup_note", _referral), ("add followupnote", "view followup"), method="POST",
                          data=lambda w, s: {"text": "Tilsyn avtalt."}, ok=302),
    # Screening and rights information
    "screening_start": Page(_url("screening_start", _pk("person_met")), ("view personmet", "add screening"),
                            method="POST", ok=302),
    "screening_detail": Page(_url("screening_detail", _pk("screening")), ("view screening",)),
    "screening_confirm": Page(_url("screening_confirm", _pk("screening")), ("change screening",), method="POST",
                              data=lambda w, s: {"chosen": []}, ok=302),
    "rights_given": Page(_url("rights_given", _pk("person_met")), ("view personmet", "add personmet"),
                         method="POST", data=lambda w, s: {"language": "th"}, ok=302),
    "rights_page": Page(_fixed("rights_page", "th"), sided=False),
    "rights_leaflet": Page(_fixed("rights_leaflet", "th"), sided=False),
    "catalogue": Page(_fixed("catalogue"), ("view catalogueversion",), sided=False),
    # Intelligence
    "import_list": Page(_fixed("import_list"), ("view importbatch",), sided=False),
    "import_detail": Page(lambda w, s: reverse("import_detail", args=[w.intel["batch"].pk]), ("view importbatch",),
                          sided=False),
    "job_status": Page(lambda w, s: reverse("job_status", args=[w.intel["job"].pk]), ("view job", "view linkagerun"),
                       sided=False),
    "job_cancel": Page(lambda w, s: reverse("job_cancel", args=[w.intel["job"].pk]),
                       ("change job", "add linkagerun"), method="POST", sided=False, ok=302),
    "job_retry": Page(lambda w, s: reverse("job_retry", args=[w.intel["failed_job"].pk]),
                      ("change job", "add linkagerun"), method="POST", sided=False, ok=302),
    "review_home": Page(_fixed("review_home"), ("view candidatepair",), sided=False, ok=302),
    "review_queue": Page(_fixed("review_queue", "person"), ("view candidatepair",), sided=False),
    "judge": Page(_fixed("judge", "person"), ("add judgement",), method="POST", sided=False, ok=302,
                  data=lambda w, s: {"verdict": "unsure", "pair": [w.intel["pair_value"]]}),
    "start_linkage": Page(_fixed("start_linkage", "venue"), ("add linkagerun",), method="POST", sided=False, ok=302),
    "pair_detail": Page(lambda w, s: reverse("pair_detail", args=[w.intel["pair"].pk]), ("view candidatepair",),
                        sided=False),
    "judgement_list": Page(_fixed("judgement_list"), ("view judgement",), sided=False),
    "judgement_undo": Page(lambda w, s: reverse("judgement_undo", args=[w.intel["judgement"].pk]),
                           ("change judgement",), method="POST", sided=False, ok=302),
    "entity": Page(lambda w, s: reverse("entity", args=["person", f"person:{w.person['oslo'].pk}"]),
                   ("view candidatepair", "view person"), sided=False),
    # Analysis: the hub, the venue priority and target proposals (aksjon/analysis/views.py)
    "analysis_hub": Page(_fixed("analysis_hub"), ("view venuescore",), sided=False),
    "analysis_run": Page(_fixed("analysis_run"), ("add venuescore",), method="POST", sided=False, ok=302,
                         data=lambda w, s: {"names": "priority"}),
    "priority_list": Page(_fixed("priority_list"), ("view venuescore",), sided=False),
    "proposal_list": Page(_url("proposal_list", _operation), ("view operation", "view targetproposal")),
    "proposals_make": Page(_url("proposals_make", _operation), ("add targetproposal",), method="POST", ok=302,
                           data=lambda w, s: {"per_district": "3"}),
    "proposals_accept": Page(_url("proposals_accept", _operation), ("change targetproposal", "add target"),
                             method="POST", ok=302,
                             data=lambda w, s: {"proposals": [w.analysis["proposal"][s].pk]}),
    "proposal_reject": Page(lambda w, s: reverse("proposal_reject", args=[w.analysis["proposal"][s].pk]),
                            ("change targetproposal",), method="POST", ok=302, data=lambda w, s: {"reason": "Stengt"}),
    # Ad templates (aksjon/analysis/views_templates.py)
    "template_list": Page(_fixed("template_list"), ("view adtemplate",), sided=False),
    "template_detail": Page(lambda w, s: reverse("template_detail", args=[w.templates[s].key]),
                            ("view adtemplate",)),
    # Networks and rotation (aksjon/analysis/views_networks.py)
    "network_list": Page(_fixed("network_list"), ("view network",), sided=False),
    "network_detail": Page(lambda w, s: reverse("network_detail", args=[w.networks["network"][s].pk]),
                           ("view network",)),
    "persona_list": Page(_fixed("persona_list"), ("view persona",), sided=False),
    "persona_detail": Page(lambda w, s: reverse("persona_detail", args=[w.networks["persona"][s].pk]),
                           ("view persona",)),
    "venue_rotation": Page(_url("venue_rotation", _pk("venue")), ("view venue", "view stint")),
    "phone_rotation": Page(_url("phone_rotation", lambda w, s: side(w, s, "venue").phones.first().pk),
                           ("view phone", "view stint")),
    # The link chart (aksjon/analysis/views_chart.py): its page and its JSON
    "network_chart": Page(lambda w, s: reverse("network_chart", args=[w.networks["network"][s].pk]),
                          ("view network", "view networknode", "view networktie")),
    "api_network_chart": Page(lambda w, s: reverse("api_network_chart", args=[w.networks["network"][s].pk]),
                              ("view network", "view networknode", "view networktie")),
    "api_network_expand": Page(lambda w, s: reverse("api_network_expand", args=[w.networks["network"][s].pk])
                               + f"?ref=venue:{side(w, s, 'venue').pk}",
                               ("view network", "view networknode", "view networktie")),
    # Audit
    "audit_list": Page(_fixed("audit_list"), ("view auditentry",), sided=False),
    "audit_statistics": Page(_fixed("audit_statistics"), ("view auditentry",), sided=False),
    "audit_verify": Page(_fixed("audit_verify"), ("view auditentry",), method="POST", ok=302, sided=False),
    # Exports: the list shows the kinds a role may export; a download is the kind's rows in scope
    "export_list": Page(_fixed("export_list"), sided=False),
    "export_download": Page(_fixed("export_download", "targets", "csv"), ("view target",), sided=False),
    "export_download followups": Page(_fixed("export_download", "followups", "csv"), ("view followup",),
                                      sided=False),
    "export_download templates": Page(_fixed("export_download", "templates", "csv"), ("view adtemplatemember",),
                                      sided=False),
    "export_download venues": Page(_fixed("export_download", "venues", "xlsx"), ("view registeredunit",),
                                   sided=False),
}
