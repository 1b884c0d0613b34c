"""The analyses' words in the reader's language: signal codes and families by their vocabulary
labels, a weight's reason in bokmål or English, evidence rendered from its message, ISO dates
in the local format. Pages show these, never codes (the exports keep the stable codes).

    {% load analysis_words %}
    {{ r.code|signal_label }} ({{ r.family|vocab:"signal_families" }})
    {{ r|reason_why }} — {{ r|reason_evidence }} — {{ r.observed_on|isodate }}
"""
from __future__ import annotations

import re
from datetime import date
from functools import cache

from django import template
from django.utils import formats
from django.utils.translation import get_language, gettext, gettext_noop

from aksjon.analysis.signals import render
from aksjon.core import vocabulary

register = template.Library()

FAMILY_DEFAULT = gettext_noop("family default (code not in the weights)")


def _language() -> str:
    return (get_language() or vocabulary.FALLBACK_LANGUAGE)[:2]


def _label(kind: str, code: str) -> str:
    try:
        return vocabulary.label(kind, code, _language())
    except KeyError:
        return code


@register.filter
def signal_label(code: str) -> str:
    return _label("signal_codes", code) if code else ""


@register.filter
def tie_kind(code: str) -> str:
    return _label("tie_kinds", code) if code else ""


@cache
def _weights():
    from aksjon.analysis.run_priority import load_weights

    return load_weights()


@register.filter
def reason_why(reason: dict) -> str:
    """Why the code gives points: the weights' reason in the reader's language."""
    code = _weights().codes.get(reason.get("code"))
    if code is not None:
        return code.reason_in(_language())
    return gettext(FAMILY_DEFAULT) if reason.get("why") else ""


@register.filter
def reason_evidence(reason: dict) -> str:
    """What was seen: the message in the reader's language, else the stored text."""
    message = reason.get("message")
    return render(message) if message else reason.get("evidence", "")


@register.filter
def isodate(value) -> str:
    """"2024-03-12" (as the JSON keeps a date) in the local short format: 12.03.2024 in bokmål."""
    if not value:
        return ""
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return formats.date_format(day, "SHORT_DATE_FORMAT")


# A network tie's reason is written in English by aksjon.analysis.core.networks.weigh in one of
# these four forms; the page says it again in the reader's language from its parts.
_ROLE = r"^(?P<role>[A-Z]{4}: )?(?P<kind>.+) "  # the register's role code, then the kind
_TIE_REASONS = (
    (re.compile(_ROLE + r"with (?P<count>\d+) clients: a service to unrelated businesses, damped$"),
     gettext_noop("%(kind)s with %(count)s clients: a service to unrelated businesses, damped")),
    (re.compile(_ROLE + r"with (?P<count>\d+) venues: a service to unrelated businesses, damped$"),
     gettext_noop("%(kind)s with %(count)s venues: a service to unrelated businesses, damped")),
    (re.compile(_ROLE + r"shared by (?P<count>\d+) operators: damped$"),
     gettext_noop("%(kind)s shared by %(count)s operators: damped")),
    (re.compile(_ROLE + r"in control of (?P<count>\d+) operators: a front, binds on its own$"),
     gettext_noop("%(kind)s in control of %(count)s operators: a front, binds on its own")),
    (re.compile(_ROLE + r"shared by (?P<count>\d+) (?:operators?|operator\(s\))$"),
     gettext_noop("%(kind)s shared by %(count)s operator(s)")),
)
_SERVICE_KINDS = {"ad template": "template"}


@register.filter
def tie_reason(reason: str) -> str:
    for pattern, text in _TIE_REASONS:
        found = pattern.match(reason or "")
        if found:
            kind = found["kind"]
            # A register role code before it (LEDE, INNH …) is the register's own, shown as it is.
            return (found["role"] or "") + gettext(text) % {
                "kind": _label("tie_kinds", _SERVICE_KINDS.get(kind, kind)), "count": found["count"]}
    return reason or ""
