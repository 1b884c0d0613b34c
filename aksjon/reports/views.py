from django.http import JsonResponse
from django.shortcuts import render

from aksjon.accounts.access import allows, get_for
from aksjon.core.errors import AccessDenied
from aksjon.core.text import gettext_noop
from aksjon.operations.models import Operation
from aksjon.operations.views import progress_by_district
from aksjon.reports.figures import operation_figures
from aksjon.web.views import page


def _report_for(user, pk):
    if not allows(user, "view", "report"):
        raise AccessDenied(gettext_noop("Your role may not do this."))
    operation = get_for(user, "view", Operation, pk=pk)
    return operation, operation_figures(user, operation)


@page
def operation_report(request, pk):
    operation, figures = _report_for(request.user, pk)
    return render(request, "reports/operation.html", {
        "operation": operation, "figures": figures, "progress": progress_by_district(request.user, operation)})


def operation_report_json(request, pk):
    """GET /api/operations/<id>/report: the same figures as JSON."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": {"code": "unauthenticated", "message": "Log in first."}}, status=401)
    operation, figures = _report_for(request.user, pk)
    return JsonResponse({"operation": {"id": operation.pk, "name": operation.name}, "figures": figures.as_dict()})
