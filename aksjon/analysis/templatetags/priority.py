"""`{% venue_score venue %}`: a venue's priority and every reason, on the venue page."""
from django import template

from aksjon.accounts.access import VIEW, allows
from aksjon.analysis.models import VenueScore

register = template.Library()


@register.inclusion_tag("analysis/_venue_score.html", takes_context=True)
def venue_score(context, venue):
    from aksjon.analysis.views import NEVER_EVIDENCE

    user = context["request"].user
    score = (VenueScore.objects.restrict(user).filter(venue=venue).first()
             if allows(user, VIEW, VenueScore) else None)
    return {"score": score, "never_evidence": NEVER_EVIDENCE}
