from django import template
from django.utils.translation import get_language

from aksjon.accounts import access
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


@register.simple_tag
def vocab_codes(kind: str) -> list[str]:
    """{% vocab_codes "followup_statuses" as statuses %}: a filter's options come from the vocabulary too."""
    return vocabulary.codes(kind)


@register.simple_tag(takes_context=True)
def allows(context, action: str, obj) -> bool:
    """{% allows "approve" "target" as can_approve %} or {% allows "change" target as can_change %}.

    The same question as access.allows() in a view, asked for the user of the
    request: `obj` is a model name or a record (a record also answers for scope).
    """
    request = context.get("request")
    return access.allows(getattr(request, "user", None) or context.get("user"), action, obj)


@register.filter
def phone(e164: str) -> str:
    return display(e164) if e164 else ""


@register.filter
def percent(part, whole) -> int:
    return round(100 * part / whole) if whole else 0
