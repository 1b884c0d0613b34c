"""{% once_key %}: the one-time key of a form that creates something (aksjon/web/once.py)."""
from django import template
from django.utils.html import format_html

from aksjon.web.once import KEY_FIELD, KEY_PATTERN, new_key

register = template.Library()


@register.simple_tag(takes_context=True)
def once_key(context) -> str:
    """A hidden input with a fresh key; a form re-rendered with its errors keeps the key it
    was sent with (not spent), so correcting it and a double tap after that still count once."""
    request = context.get("request")
    sent = request.POST.get(KEY_FIELD, "") if request is not None and request.method == "POST" else ""
    key = sent if KEY_PATTERN.fullmatch(sent) else new_key()
    return format_html('<input type="hidden" name="{}" value="{}">', KEY_FIELD, key)
