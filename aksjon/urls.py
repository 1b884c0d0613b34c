from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from aksjon.accounts import views as accounts
from aksjon.audit.views import audit_list, audit_statistics, audit_verify
from aksjon.controls import views as controls
from aksjon.followup import views as followup
from aksjon.intel import review_views as review
from aksjon.operations import views as operations
from aksjon.registry import person_views
from aksjon.registry import views as registry
from aksjon.reports import trend_views
from aksjon.reports import views as reports
from aksjon.screening import views as screening
from aksjon.web.params import RefConverter
from aksjon.web.views import home

register_converter(RefConverter, "ref")

urlpatterns = [
    path("", home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("login/code/", accounts.totp_verify, name="totp_verify"),
    path("login/enrol/", accounts.totp_enrol, name="totp_enrol"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("operations/", operations.operation_list, name="operation_list"),
    path("operations/new/", operations.operation_create, name="operation_create"),
    path("operations/<int:pk>/", operations.operation_detail, name="operation_detail"),
    path("operations/<int:pk>/status/", operations.operation_status, name="operation_status"),
    path("operations/<int:pk>/targets/", operations.target_list, name="target_list"),
    path("operations/<int:pk>/targets/new/", operations.target_create, name="target_create"),
    path("operations/<int:pk>/teams/new/", operations.team_create, name="team_create"),
    path("operations/<int:pk>/report/", reports.operation_report, name="operation_report"),
    path("operations/<int:pk>/report.pdf", reports.operation_report_pdf, name="operation_report_pdf"),
    path("operations/<int:pk>/report/summary/", reports.report_summary, name="report_summary"),
    path("reports/trends/", trend_views.report_trends, name="report_trends"),
    path("reports/trends.json", trend_views.api_report_trends, name="api_report_trends"),
    path("reports/references/new/", trend_views.reference_figure_create, name="reference_figure_create"),
    path("targets/<int:pk>/assign/", operations.target_assign, name="target_assign"),
    path("targets/<int:pk>/approve/", operations.target_approve, name="target_approve"),
    path("venues/", registry.venue_list, name="venue_list"),
    path("venues/new/", registry.venue_create, name="venue_create"),
    path("venues/<int:pk>/", registry.venue_detail, name="venue_detail"),
    path("persons/<int:pk>/", registry.person_detail, name="person_detail"),
    path("persons/<int:pk>/access-report/", person_views.subject_access, name="subject_access"),
    path("persons/<int:pk>/access-report.pdf", person_views.subject_access_pdf, name="subject_access_pdf"),
    path("persons/<int:pk>/correct/", person_views.person_correct, name="person_correct"),
    path("controls/new/", controls.control_create, name="control_create"),
    path("controls/<int:pk>/", controls.control_detail, name="control_detail"),
    path("followups/", followup.followup_list, name="followup_list"),
    path("followups/new/", followup.followup_create, name="followup_create"),
    path("followups/<int:pk>/", followup.followup_detail, name="followup_detail"),
    path("followups/<int:pk>/assign/", followup.followup_assign, name="followup_assign"),
    path("followups/<int:pk>/notes/", followup.followup_note, name="followup_note"),
    path("persons-met/<int:pk>/screening/", screening.screening_start, name="screening_start"),
    path("persons-met/<int:pk>/rights/", screening.rights_given, name="rights_given"),
    path("screenings/<int:pk>/", screening.screening_detail, name="screening_detail"),
    path("screenings/<int:pk>/confirm/", screening.screening_confirm, name="screening_confirm"),
    path("rights/<str:language>/", screening.rights_page, name="rights_page"),
    path("rights/<str:language>.pdf", screening.rights_leaflet, name="rights_leaflet"),
    path("catalogue/", screening.catalogue_page, name="catalogue"),
    path("", include("aksjon.intel.urls")),
    path("", include("aksjon.analysis.urls")),
    path("intel/review/", review.review_home, name="review_home"),
    path("intel/review/<str:kind>/", review.review_queue, name="review_queue"),
    path("intel/review/<str:kind>/judge/", review.judge, name="judge"),
    path("intel/review/<str:kind>/run/", review.start_linkage, name="start_linkage"),
    path("intel/pairs/<int:pk>/", review.pair_detail, name="pair_detail"),
    path("intel/judgements/", review.judgement_list, name="judgement_list"),
    path("intel/judgements/<int:pk>/undo/", review.undo, name="judgement_undo"),
    path("intel/entities/<str:kind>/<ref:ref>/", review.entity, name="entity"),
    path("audit/", audit_list, name="audit_list"),
    path("audit/verify/", audit_verify, name="audit_verify"),
    path("audit/statistics/", audit_statistics, name="audit_statistics"),
    path("", include("aksjon.jobs.urls")),
    path("", include("aksjon.exports.urls")),
    path("api/operations/<int:pk>/report", reports.operation_report_json, name="api_operation_report"),
]

handler404 = "aksjon.web.errors.not_found"
handler403 = "aksjon.web.errors.forbidden"
handler400 = "aksjon.web.errors.bad_request"
handler500 = "aksjon.web.errors.server_error"
