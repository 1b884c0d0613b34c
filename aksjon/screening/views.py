"""Screening pages, rights information pages and the printable leaflet."""
from __future__ import annotations

import tomllib

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_POST

from aksjon.accounts.access import ADD, CHANGE, allows, get_for
from aksjon.audit.log import record_read
from aksjon.controls.models import PersonMet
from aksjon.core import vocabulary
from aksjon.core.errors import DomainError, InvalidInput, NotFound, Stale
from aksjon.core.text import gettext_noop
from aksjon.screening import actions
from aksjon.screening.catalogue import newest_version
from aksjon.screening.forms import ANSWER_LABELS, CatalogueUploadForm, ScreeningForm, initial_from
from aksjon.screening.models import CatalogueVersion, Screening
from aksjon.screening.rights import languages, rights
from aksjon.web.once import exactly_once
from aksjon.web.params import ID, posted, reads
from aksjon.web.versions import conflict
from aksjon.web.views import add_domain_error, page, requires


@page
@require_POST
@requires("add screening")
@exactly_once
def screening_start(request, pk):
    met = get_for(request.user, "view", PersonMet, pk=pk)
    draft = Screening.objects.restrict(request.user).filter(person_met=met, status="draft").first()
    screening = draft or actions.start_screening(actor=request.user, person_met=met)
    return redirect("screening_detail", pk=screening.pk)


def _dimensions(data: dict, language: str, errors: dict | None = None) -> list[dict]:
    """The catalogue's indicators grouped by dimension, for the interview guide; with a
    screening form, each indicator carries what was refused in its answer or note."""
    lang = "en" if language.startswith("en") else "nb"
    errors = errors or {}
    return [{"number": int(number), "name": d[lang],
             "indicators": [i | {"errors": errors.get(i["code"], [])}
                            for i in data["indicator"] if str(i["dimension"]) == number]}
            for number, d in sorted(data["dimensions"].items())]


@page
@reads(version=posted(ID))
def screening_detail(request, pk, version):
    """`version`: the screening's version the page showed (sent by each save)."""
    screening = get_for(request.user, "view", Screening, pk=pk)
    data = screening.catalogue.data
    editable = screening.status == "draft" and allows(request.user, CHANGE, "screening")
    form = ScreeningForm(request.POST or None, catalogue_data=data, initial=initial_from(screening))
    if request.method == "POST":
        get_for(request.user, CHANGE, Screening, pk=pk)
        if form.is_valid():
            try:
                screening = actions.update_screening(actor=request.user, screening=screening, answers=form.answers(),
                                                     notes=form.notes(), minor=form.cleaned_data["minor"],
                                                     version=version)
            except Stale as error:
                return _screening_conflict(request, screening, error, form)
        if request.htmx:
            # The outcome panel, and out of band the proposals and each indicator's refusal (or none):
            # the typed answers and notes stay in the page untouched.
            return render(request, "screening/_assessment.html", _context(request, screening) | {
                "oob": True, "form": form, "indicator_errors": form.indicator_errors().items()})
        if not form.errors:
            return redirect("screening_detail", pk=screening.pk)
        # Refused without JavaScript: the page again, with what was typed and why, nothing saved.
    record_read(request.user, "view_screening", screening, shown={"person": screening.person_met.person_id})
    return render(request, "screening/detail.html", _context(request, screening) | {
        "form": form, "editable": editable,
        "dimensions": _dimensions(data, get_language() or "nb", form.indicator_errors())})


def _screening_conflict(request, screening, error, form):
    """The answers this page would change beside the ones saved now; in place of the outcome
    panel for an autosave, so the page and what was typed stay."""
    now = Screening.objects.get(pk=screening.pk)
    posted, saved = form.answers(), now.answers
    lang = "en" if (get_language() or "nb").startswith("en") else "nb"
    names = {i["code"]: i[lang] for i in now.catalogue.data["indicator"]}
    changed = sorted(code for code in set(posted) | set(saved)
                     if posted.get(code, "not_asked") != saved.get(code, "not_asked"))

    def rows(answers):
        return [(names.get(code, code), str(ANSWER_LABELS[answers.get(code, "not_asked")])) for code in changed]
    minor = gettext("Under 18 (assessed)")
    return conflict(request, error, title=str(now.person_met.person), back=reverse("screening_detail", args=[now.pk]),
                    action=reverse("screening_detail", args=[now.pk]), posted=request.POST,
                    yours=rows(posted) + [(minor, _yes_no(form.cleaned_data["minor"]))],
                    saved=rows(saved) + [(minor, _yes_no(now.minor))])


def _outcome(screening) -> str:
    return vocabulary.label("screening_outcomes", screening.outcome, (get_language() or "nb")[:2])


def _yes_no(value: bool) -> str:
    return gettext("Yes") if value else gettext("No")


def _context(request, screening) -> dict:
    lang = "en" if (get_language() or "nb").startswith("en") else "nb"
    return {"screening": screening, "reasons": screening.reasons.get(lang, []),
            "proposals": actions.proposals_for(screening) if screening.status == "draft" else [],
            "lang": lang, "can_confirm": screening.status == "draft" and allows(request.user, CHANGE, "screening"),
            "rights_languages": languages()}


@page
@require_POST
@exactly_once
@reads(version=posted(ID))
def screening_confirm(request, pk, version):
    screening = get_for(request.user, CHANGE, Screening, pk=pk)
    chosen = request.POST.getlist("chosen")
    try:
        actions.confirm_screening(actor=request.user, screening=screening, chosen=chosen, version=version)
    except Stale as error:
        now = Screening.objects.get(pk=screening.pk)
        outcome = gettext("Outcome")
        return conflict(request, error, title=str(now.person_met.person),
                        back=reverse("screening_detail", args=[now.pk]),
                        action=reverse("screening_confirm", args=[now.pk]), posted=request.POST,
                        yours=[(gettext("Confirmed"), _yes_no(True)), (outcome, _outcome(screening))],
                        saved=[(gettext("Confirmed"), _yes_no(now.status == "confirmed")), (outcome, _outcome(now))])
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
