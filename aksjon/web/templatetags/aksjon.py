from django import template
from django.utils.translation import get_language

from aksjon.core import vocabulary
from aksjon.core.phones import display

register = template.Library()


@register.filter
def vocab(code: str, kind: str) -> str:
    """{{ finding.code|vocab:"findings" }} -> the label in the reader's language."""
    if not code:
        return ""
    try:
        return vocabulary.label(kind, code, (get_language() or "nb")[:2])
    except KeyError:
        return code


@register.filter
def phone(e164: str) -> str:
    return display(e164) if e164 else ""


@register.filter
def percent(part, whole) -> int:
    return round(100 * part / whole) if whole else 0
