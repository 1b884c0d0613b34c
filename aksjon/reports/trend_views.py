"""The trends page: each measure across the operations the reader may view, as a table and a
line chart with the reference figures from outside as dashed lines; and the small form that
adds a reference figure. The measures are defined in aksjon/reports/trends.py."""
from __future__ import annotations

from django import forms
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from aksjon.accounts.access import ADD, allows
from aksjon.core import vocabulary
from aksjon.core.errors import AccessDenied
from aksjon.core.text import gettext_noop
from aksjon.reports import actions, trends
from aksjon.web.views import page, requires, submitted


class ReferenceFigureForm(forms.Form):
    measure = forms.ChoiceField(label=_("Measure"))
    # Typed as a percentage, as the sources give it; the action keeps a share (0–1).
    value = forms.DecimalField(label=_("Value (%)"), min_value=0, max_value=100, decimal_places=2, localize=True,
                               widget=forms.TextInput(attrs={"inputmode": "decimal"}))  # 58,3 as well as 58.3
    label = forms.CharField(label=_("Label"), max_length=200)
    source = forms.CharField(label=_("Source"), max_length=500)
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = vocabulary.choices("trend_measures", _language())


def _language() -> str:
    return (get_language() or "nb")[:2]


def _may_view_report(user) -> None:
    if not allows(user, "view", "report"):
        raise AccessDenied(gettext_noop("Your role may not do this."))


@page
def report_trends(request):
    _may_view_report(request.user)
    return _render(request, ReferenceFigureForm())


@page
@require_POST
@requires("view report", "add referencefigure")
def reference_figure_create(request):
    form = ReferenceFigureForm(request.POST)
    if submitted(request, form, lambda data: actions.add_reference_figure(
            actor=request.user, measure=data["measure"], value=float(data["value"]) / 100, label=data["label"],
            source=data["source"], year=data["year"])):
        return redirect("report_trends")
    return _render(request, form)


def api_report_trends(request):
    """GET /reports/trends.json: the same measures, numerators and denominators, as JSON."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": {"code": "unauthenticated", "message": "Log in first."}}, status=401)
    _may_view_report(request.user)
    rows, references = trends.operation_trends(request.user), trends.reference_figures(request.user)
    return JsonResponse({"measures": [{
        "code": code,
        "operations": [{"id": row.operation.pk, "name": row.operation.name,
                        "starts_on": row.operation.starts_on.isoformat()} | row.measures[code].as_dict()
                       for row in rows],
        "references": [{"label": f.label, "source": f.source, "year": f.year, "value": f.value}
                       for f in references.get(code, [])],
    } for code in trends.measures()]})


def _render(request, form):
    rows, references = trends.operation_trends(request.user), trends.reference_figures(request.user)
    return render(request, "reports/trends.html", {
        "measures": [_measure(code, rows, references.get(code, [])) for code in trends.measures()],
        "form": form if allows(request.user, ADD, "referencefigure") else None,
        "operations": [row.operation for row in rows]})


def _measure(code: str, rows, references) -> dict:
    from aksjon.reports.charts import line_chart  # written alongside; imported where it is drawn

    title = vocabulary.label("trend_measures", code, _language())
    percent = code not in trends.RATES
    points = [(row.operation.name, row.measures[code].value) for row in rows]
    lines = [(f"{f.label} ({f.year})" if f.year else f.label, f.value) for f in references]
    return {
        "code": code, "title": title,
        "references": [{"figure": f, "shown": _shown(f.value, percent)} for f in references],
        "rows": [{"operation": row.operation, "share": row.measures[code],
                  "shown": _shown(row.measures[code].value, percent)} for row in rows],
        "chart": line_chart({title: points}, title=title, percent=percent, references=lines) if rows else "",
    }


def _shown(value: float | None, percent: bool) -> str:
    if value is None:
        return "–"
    return f"{number_format(100 * value, 0)} %" if percent else number_format(value, 2)
