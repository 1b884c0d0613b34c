from django import template

from aksjon.followup import disclosure

register = template.Library()


@register.simple_tag(takes_context=True)
def child_marked(context, item) -> bool:
    """{% child_marked f as child %}: may the reader see that the follow-up is about a child,
    and is it? The same rule as the follow-up's own page (aksjon/followup/disclosure.py)."""
    request = context.get("request")
    return disclosure.child_marked(getattr(request, "user", None) or context.get("user"), item)
