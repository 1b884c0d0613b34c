"""A person's subject-access report (page and PDF) and the correction of a wrong record."""
from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aksjon.accounts.access import allows, get_for
from aksjon.audit.log import record_read
from aksjon.core.errors import DomainError
from aksjon.registry import actions
from aksjon.registry.models import Person
from aksjon.registry.subject_access import subject_access_report
from aksjon.web.views import add_domain_error, page, requires


def _report(request, pk, verb: str):
    report = subject_access_report(request.user, pk)
    record_read(request.user, verb, report.person, shown={"encounters": [e.pk for e in report.encounters],
                                                          "access_rows": len(report.access)})
    return report


@page
@requires("disclose person")
def subject_access(request, pk):
    report = _report(request, pk, "subject_access_report")
    return render(request, "registry/subject_access.html", {
        "report": report, "printed_at": timezone.localtime(),
        "can_correct": allows(request.user, "change", report.person)})


@page
@requires("disclose person")
def subject_access_pdf(request, pk):
    """The same report as a document to hand to the person (WeasyPrint)."""
    from weasyprint import HTML

    report = _report(request, pk, "subject_access_report_pdf")
    html = render_to_string("registry/subject_access_pdf.html", {"report": report, "printed_at": timezone.localtime(),
                                                              "document": True}, request=request)
    response = HttpResponse(HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="innsyn-{report.person.pk}.pdf"'
    return response


class CorrectionForm(forms.Form):
    given_name = forms.CharField(label=gettext_lazy("Given name"), max_length=120, required=False)
    family_name = forms.CharField(label=gettext_lazy("Family name"), max_length=120, required=False)
    birth_date = forms.DateField(label=gettext_lazy("Birth date"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=gettext_lazy("Why"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


@page
@requires("change person")
def person_correct(request, pk):
    person = get_for(request.user, "change", Person, pk=pk)
    if request.method != "POST":
        record_read(request.user, "view_person_for_correction", person)
    form = CorrectionForm(request.POST or None, initial={
        "given_name": person.given_name, "family_name": person.family_name, "birth_date": person.birth_date})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {name: data[name] for name in actions.CORRECTABLE if data[name] != getattr(person, name)
                   and not (data[name] in ("", None) and getattr(person, name) in ("", None))}
        try:
            actions.correct_person(actor=request.user, person=person, reason=data["reason"], **changes)
            messages.success(request, _("The record is corrected; the audit log keeps what it was and why."))
            return redirect("person_detail", pk=person.pk)
        except DomainError as error:
            add_domain_error(form, error)
    return render(request, "registry/person_correct.html", {"person": person, "form": form})
