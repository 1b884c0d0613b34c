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
    ("audit_list", "auditentry", _("Audit log")),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    return {"menu": [(name, label) for name, model, label in MENU if allows(user, "view", model)]}
