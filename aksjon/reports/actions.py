"""Every state change of the report: the coordinator's summary (saved as a draft, then
published with the figures it was written from) and reference figures from outside.
One function each, with a keyword-only `actor`, one transaction and its audit row."""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from aksjon.accounts.access import ADD, CHANGE, PUBLISH, VIEW, get_for, restrict
from aksjon.audit.log import record_write, snapshot
from aksjon.core import vocabulary
from aksjon.core.errors import Conflict, InvalidInput
from aksjon.core.text import gettext_noop
from aksjon.operations.models import Operation
from aksjon.reports.models import LANGUAGES, ReferenceFigure, ReportText

TEXT_LIMIT = ReportText._meta.get_field("text").max_length


def save_report_text(*, actor, operation: Operation, language: str, text: str) -> ReportText:
    """Keep the coordinator's edited summary as the operation's draft in `language`."""
    restrict(ReportText.objects.all(), actor, CHANGE)
    operation = get_for(actor, VIEW, Operation, pk=operation.pk)
    text = _checked(language, text)
    with transaction.atomic():
        draft = ReportText.objects.select_for_update().filter(operation=operation, language=language,
                                                              status="draft").first()
        before = snapshot(draft)
        draft = draft or ReportText(operation=operation, language=language)
        draft.text, draft.updated_by = text, actor
        draft.save()
        record_write(actor, "save_report_text", draft, before=before, after=snapshot(draft))
    return draft


def publish_report_text(*, actor, operation: Operation, language: str, figures: dict) -> ReportText:
    """Publish the draft in `language` with the figures it was written from; the draft stays
    for the next edit, the published row never changes."""
    restrict(ReportText.objects.all(), actor, PUBLISH)
    operation = get_for(actor, VIEW, Operation, pk=operation.pk)
    with transaction.atomic():
        draft = ReportText.objects.filter(operation=operation, language=language, status="draft").first()
        if draft is None or not draft.text.strip():
            raise Conflict(gettext_noop("Save a summary before publishing it."))
        published = ReportText.objects.create(
            operation=operation, language=language, text=draft.text, status="published", figures=figures,
            updated_by=actor, published_at=timezone.now())
        record_write(actor, "publish_report_text", published, before=None, after=snapshot(published))
    return published


def add_reference_figure(*, actor, measure: str, value: float, label: str, source: str,
                         year: int | None = None) -> ReferenceFigure:
    """A figure from outside the records (a share, 0–1) with its source, to compare trends with."""
    restrict(ReferenceFigure.objects.all(), actor, ADD)
    if measure not in vocabulary.codes("trend_measures"):
        raise InvalidInput(gettext_noop("Unknown measure."), field="measure")
    if not 0 <= value <= 1:
        raise InvalidInput(gettext_noop("A share lies between 0 and 1."), field="value")
    if not label.strip() or not source.strip():
        raise InvalidInput(gettext_noop("Name the figure and its source."), field="source")
    if year is not None and not 1900 <= year <= 2100:
        raise InvalidInput(gettext_noop("Give a year between 1900 and 2100."), field="year")
    with transaction.atomic():
        figure = ReferenceFigure.objects.create(measure=measure, value=value, label=label.strip()[:200],
                                                source=source.strip()[:500], year=year, created_by=actor)
        record_write(actor, "add_reference_figure", figure, before=None, after=snapshot(figure))
    return figure


def _checked(language: str, text: str) -> str:
    if language not in LANGUAGES:
        raise InvalidInput(gettext_noop("Unknown language."), field="language")
    text = text.strip()
    if not text:
        raise InvalidInput(gettext_noop("Write the summary first."), field="text")
    if len(text) > TEXT_LIMIT:
        raise InvalidInput(gettext_noop("The summary is longer than %(limit)s characters."), field="text",
                           limit=TEXT_LIMIT)
    return text
