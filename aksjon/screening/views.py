"""Screening pages, rights information pages and the printable leaflet."""
from __future__ import annotations

import tomllib

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from aksjon.accounts.access import ADD, CHANGE, allows, get_for
from aksjon.audit.log import record_read
from aksjon.controls.models import PersonMet
from aksjon.core.errors import DomainError, InvalidInput, NotFound
from aksjon.core.text import gettext_noop
from aksjon.screening import actions
from aksjon.screening.catalogue import newest_version
from aksjon.screening.forms import CatalogueUploadForm, ScreeningForm, initial_from
from aksjon.screening.models import CatalogueVersion, Screening
from aksjon.screening.rights import languages, rights
from aksjon.web.params import ID, reads
from aksjon.web.views import add_domain_error, page, requires


@page
@require_POST
@requires("add screening")
def screening_start(request, pk):
    met = get_for(request.user, "view", PersonMet, pk=pk)
    draft = Screening.objects.restrict(request.user).filter(person_met=met, status="draft").first()
    screening = draft or actions.start_screening(actor=request.user, person_met=met)
    return redirect("screening_detail", pk=screening.pk)


def _dimensions(data: dict, language: str) -> list[dict]:
    """The catalogue's indicators grouped by dimension, for the interview guide."""
    lang = "en" if language.startswith("en") else "nb"
    return [{"number": int(number), "name": d[lang],
             "indicators": [i for i in data["indicator"] if str(i["dimension"]) == number]}
            for number, d in sorted(data["dimensions"].items())]


@page
def screening_detail(request, pk):
    screening = get_for(request.user, "view", Screening, pk=pk)
    data = screening.catalogue.data
    editable = screening.status == "draft" and allows(request.user, CHANGE, "screening")
    form = ScreeningForm(request.POST or None, catalogue_data=data, initial=initial_from(screening))
    if request.method == "POST":
        get_for(request.user, CHANGE, Screening, pk=pk)
        if form.is_valid():
            screening = actions.update_screening(actor=request.user, screening=screening, answers=form.answers(),
                                                 notes=form.notes(), minor=form.cleaned_data["minor"])
        if request.htmx:
            # The outcome panel, and the proposals below the form out of band.
            return render(request, "screening/_assessment.html", _context(request, screening) | {"oob": True})
        return redirect("screening_detail", pk=screening.pk)
    record_read(request.user, "view_screening", screening, shown={"person": screening.person_met.person_id})
    return render(request, "screening/detail.html", _context(request, screening) | {
        "form": form, "editable": editable, "dimensions": _dimensions(data, get_language() or "nb")})


def _context(request, screening) -> dict:
    lang = "en" if (get_language() or "nb").startswith("en") else "nb"
    return {"screening": screening, "reasons": screening.reasons.get(lang, []),
            "proposals": actions.proposals_for(screening) if screening.status == "draft" else [],
            "lang": lang, "can_confirm": screening.status == "draft" and allows(request.user, CHANGE, "screening"),
            "rights_languages": languages()}


@page
@require_POST
def screening_confirm(request, pk):
    screening = get_for(request.user, CHANGE, Screening, pk=pk)
    actions.confirm_screening(actor=request.user, screening=screening, chosen=request.POST.getlist("chosen"))
    return redirect("screening_detail", pk=screening.pk)


@page
@require_POST
def rights_given(request, pk):
    met = get_for(request.user, "view", PersonMet, pk=pk)
    actions.record_rights_information(actor=request.user, person_met=met, language=request.POST.get("language", ""))
    back = request.POST.get("next", "")
    # Only a path on this site: never an address elsewhere.
    return redirect(back if back.startswith("/") and not back.startswith("//") else met.control.get_absolute_url())


def _rights_or_404(language: str) -> dict:
    text = rights(language)
    if text is None:
        raise NotFound(gettext_noop("Not found."))
    return text


@page
def rights_page(request, language):
    return render(request, "screening/rights.html", {"text": _rights_or_404(language), "languages": languages()})


@page
def rights_leaflet(request, language):
    """The one-page leaflet as a PDF (WeasyPrint; Thai needs Debian's fonts-thai-tlwg)."""
    from weasyprint import HTML

    html = render_to_string("screening/leaflet.html", {"text": _rights_or_404(language)})
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="rettigheter-{language}.pdf"'
    return response


@page
@reads(version=ID)
def catalogue_page(request, version):
    versions = CatalogueVersion.objects.restrict(request.user)
    chosen = versions.filter(pk=version).first() if version else newest_version()
    form = CatalogueUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        CatalogueVersion.objects.restrict(request.user, ADD)
        if form.is_valid():
            try:
                version = actions.publish_catalogue(actor=request.user, data=_parse(form.cleaned_data["file"]),
                                                    note=form.cleaned_data["note"])
                return redirect(f"{request.path}?version={version.pk}")
            except DomainError as error:
                add_domain_error(form, error)
    return render(request, "screening/catalogue.html", {
        "versions": versions, "chosen": chosen, "form": form if allows(request.user, ADD, "catalogueversion") else None,
        "dimensions": _dimensions(chosen.data, get_language() or "nb") if chosen else []})


def _parse(upload) -> dict:
    try:
        return tomllib.loads(upload.read().decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise InvalidInput(gettext_noop("The file is not a readable TOML file: %(error)s"), field="file",
                           error=str(error)) from error
