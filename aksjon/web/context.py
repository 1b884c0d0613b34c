"""What every page needs to draw its menu: which sections this user may open."""
from django.utils.translation import gettext_lazy as _

from aksjon.accounts.access import allows

MENU = [
    # (url name, the model the section lists, label)
    ("operation_list", "operation", _("Operations")),
    ("venue_list", "venue", _("Venues")),
    ("followup_list", "followup", _("Follow-up")),
    ("catalogue", "catalogueversion", _("Indicators")),
    ("import_list", "importbatch", _("Imports")),
    ("review_home", "candidatepair", _("Cross-referencing")),
    ("analysis_hub", "venuescore", _("Analysis")),
    ("report_trends", "report", _("Trends")),
    ("audit_list", "auditentry", _("Audit log")),
    ("export_list", None, _("Exports")),  # shown when the role may export any kind
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    return {"menu": [(name, label) for name, model, label in MENU
                     if (allows(user, "view", model) if model else _may_export(user))]}


def _may_export(user) -> bool:
    from aksjon.exports.registry import kinds_for

    return bool(kinds_for(user))
