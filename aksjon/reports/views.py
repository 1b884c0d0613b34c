from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from aksjon.accounts.access import allows, get_for
from aksjon.audit.log import record_read
from aksjon.core import disclosure, vocabulary
from aksjon.core.errors import AccessDenied, DomainError, InvalidInput
from aksjon.core.text import gettext_noop
from aksjon.operations.models import Operation
from aksjon.operations.views import progress_by_district
from aksjon.registry.models import Town
from aksjon.reports import actions, summary
from aksjon.reports.figures import operation_figures
from aksjon.reports.models import LANGUAGES, ReportText
from aksjon.web.views import page, requires

HEADLINE = ("persons_met", "venues", "controls", "persons_screened", "venues_with_sexual_services",
            "venues_with_labour_findings", "persons_with_vulnerability", "rights_information_given",
            "followups_open", "referrals")

# family -> (title, what is counted), in the order the page shows them
SECTIONS = {
    "outcomes": (gettext_lazy("Screening outcomes"), gettext_lazy("persons, by the most serious outcome")),
    "findings": (gettext_lazy("Findings"), gettext_lazy("venues where found")),
    "vulnerabilities": (gettext_lazy("Vulnerabilities"), gettext_lazy("persons")),
    "rights": (gettext_lazy("Rights information given"), gettext_lazy("persons, by language")),
    "followups": (gettext_lazy("Follow-up"), gettext_lazy("by status")),
    "referrals": (gettext_lazy("Referrals"), gettext_lazy("by agency")),
}


def _report_for(user, pk):
    if not allows(user, "view", "report"):
        raise AccessDenied(gettext_noop("Your role may not do this."))
    operation = get_for(user, "view", Operation, pk=pk)
    return operation, operation_figures(user, operation)


def _language() -> str:
    return (get_language() or "nb")[:2]


def _context(user, operation, figures) -> dict:
    towns = Town.objects.filter(name__in=list(figures.families["overview"].by_town.cells))
    published = None
    if allows(user, "view", "reporttext"):
        published = ReportText.objects.restrict(user).filter(
            operation=operation, status="published", language=_language()).first()
    return {
        "operation": operation, "figures": figures, "threshold": disclosure.THRESHOLD,
        "headline": [(code, getattr(figures, code)) for code in HEADLINE],
        "families": [{"family": figures.families[name], "title": title, "unit_label": unit}
                     for name, (title, unit) in SECTIONS.items()],
        "towns": {t.name: (t.lat, t.lon) for t in towns}, "published": published,
        "can_edit_summary": allows(user, "change", "reporttext"),
    }


@page
def operation_report(request, pk):
    operation, figures = _report_for(request.user, pk)
    context = _context(request.user, operation, figures) | {"progress": progress_by_district(request.user, operation)}
    return render(request, "reports/operation.html", context)


@page
def operation_report_pdf(request, pk):
    """The report as a document to hand over (WeasyPrint): the same figures and the same
    withholding as the page, the published summary (or the draft, marked so), page numbers,
    the date and a classification line. Each download is on the audit log."""
    from weasyprint import HTML

    operation, figures = _report_for(request.user, pk)
    context = _context(request.user, operation, figures)
    if context["published"] is None and not figures.withheld:  # the summary speaks for the whole operation
        context["draft_text"] = summary.draft(figures.as_dict(), operation.name, operation.starts_on,
                                              operation.ends_on, _language())
    context |= {"printed_at": timezone.localtime(), "reader": request.user, "classification": _CLASSIFICATION}
    html = render_to_string("reports/operation_pdf.html", context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    record_read(request.user, "download_report_pdf", operation, shown={"withheld": figures.withheld,
                                                                      "bytes": len(pdf)})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="rapport-{operation.pk}.pdf"'
    return response


_CLASSIFICATION = gettext_lazy("Restricted – for official use. Counts from the records as printed.")


@page
@requires("change reporttext")
def report_summary(request, pk):
    """The coordinator writes the summary from a draft made of the figures, saves it and
    publishes it; the published text is kept with the figures of that moment."""
    operation, figures = _report_for(request.user, pk)
    if request.method == "POST":
        return _summary_post(request, operation, figures)
    drafts = {t.language: t for t in ReportText.objects.restrict(request.user).filter(
        operation=operation, status="draft")}
    texts = {language: drafts[language].text if language in drafts else summary.draft(
        figures.as_dict(), operation.name, operation.starts_on, operation.ends_on, language)
        for language in LANGUAGES}
    return _summary_page(request, operation, texts, drafts)


def _summary_page(request, operation, texts: dict, drafts: dict, errors: dict | None = None):
    published = ReportText.objects.restrict(request.user).filter(operation=operation, status="published")
    editors = [{"language": language, "label": vocabulary.label("languages", language, _language()),
                "text": texts[language], "saved": drafts.get(language), "error": (errors or {}).get(language)}
               for language in LANGUAGES]
    return render(request, "reports/summary.html", {
        "operation": operation, "editors": editors, "published": published[:10],
        "limit": actions.TEXT_LIMIT, "can_publish": allows(request.user, "publish", "reporttext")})


def _summary_post(request, operation, figures):
    language = request.POST.get("language", "")
    text = request.POST.get("text", "")
    if language not in LANGUAGES:  # not one of the page's own forms: the error page
        raise InvalidInput(gettext_noop("Unknown language."), field="language")
    try:
        actions.save_report_text(actor=request.user, operation=operation, language=language, text=text)
        if request.POST.get("publish"):
            actions.publish_report_text(actor=request.user, operation=operation, language=language,
                                        figures=figures.as_dict())
            messages.success(request, _("The summary is published with the figures of this moment."))
        else:
            messages.success(request, _("The draft is saved."))
    except DomainError as error:
        drafts = {t.language: t for t in ReportText.objects.restrict(request.user).filter(
            operation=operation, status="draft")}
        texts = {lang: drafts[lang].text if lang in drafts else "" for lang in LANGUAGES} | {language: text}
        return _summary_page(request, operation, texts, drafts, errors={language: error.localized(_)})
    return redirect("report_summary", pk=operation.pk)


def operation_report_json(request, pk):
    """GET /api/operations/<id>/report: the same figures as JSON."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": {"code": "unauthenticated", "message": "Log in first."}}, status=401)
    operation, figures = _report_for(request.user, pk)
    return JsonResponse({"operation": {"id": operation.pk, "name": operation.name}, "figures": figures.as_dict()})
