"""{% export_links "targets" operation=operation.pk status=status %}: "Last ned CSV / XLSX" links.

Shown only when the user's role may export the kind. Only the kind's own filters
are passed on (a list page's `page=2` is not), and empty ones are dropped.
"""
from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from aksjon.exports.registry import get_kind
from aksjon.exports.writers import FORMATS

register = template.Library()


@register.inclusion_tag("exports/_links.html", takes_context=True)
def export_links(context, kind: str, given=None, **filters):
    export_kind = get_kind(kind)
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or not export_kind.allowed(user):
        return {"links": []}
    chosen = {}
    for source in (given or {}, filters):
        for name in export_kind.filters:
            value = source.get(name) if hasattr(source, "get") else None
            if value not in (None, ""):
                chosen[name] = value
    query = f"?{urlencode(chosen)}" if chosen else ""
    return {"links": [(fmt.upper(), reverse("export_download", args=[kind, fmt]) + query) for fmt in FORMATS]}
