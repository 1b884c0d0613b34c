"""The one access primitive: `restrict(user, action)` on every queryset.

A role decides *what* a user may do with a kind of record (the POLICY table);
the user's district or agency decides *which* records (each model's
`scope_paths`). A role that may never do the action raises AccessDenied (403);
a record outside the scope is simply not in the queryset, so it answers 404 —
the same as a record that does not exist, which tells an outsider nothing.
"""
from __future__ import annotations

from django.contrib.auth.models import UserManager
from django.db import models

from aksjon.core.errors import AccessDenied, NotFound
from aksjon.core.text import gettext_noop

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"

# Which users see everything and which are bounded by their district or agency.
NATIONAL, DISTRICT, AGENCY = "national", "district", "agency"
ROLE_SCOPE = {
    "coordinator": NATIONAL,
    "analyst": NATIONAL,
    "auditor": NATIONAL,
    "district_lead": DISTRICT,
    "field_officer": DISTRICT,
    "partner_liaison": AGENCY,
}

# What each role may do with each kind of record (model name -> actions).
# Need-to-know: the auditor reads the audit log, not the people in the cases;
# a partner liaison sees what is addressed to the agency and nothing else.
_REFERENCE = {"district": "view", "agency": "view", "town": "view", "catalogueversion": "view"}
POLICY: dict[str, dict[str, str]] = {
    "coordinator": _REFERENCE | {
        "operation": "view add change", "team": "view add change", "target": "view add change",
        "venue": "view add change", "registeredunit": "view", "person": "view", "phone": "view",
        "control": "view", "personmet": "view", "finding": "view", "vulnerability": "view",
        "followup": "view add change", "user": "view", "report": "view",
        "screening": "view", "catalogueversion": "view add",
        "role": "view", "importbatch": "view", "tip": "view", "inspection": "view", "ad": "view",
        "linkagerun": "view", "candidatepair": "view", "judgement": "view",
    },
    "analyst": _REFERENCE | {
        "operation": "view", "target": "view add", "team": "view",
        "venue": "view add change", "registeredunit": "view", "person": "view", "phone": "view",
        "control": "view", "personmet": "view", "finding": "view", "vulnerability": "view",
        "followup": "view", "report": "view", "screening": "view",
        "role": "view", "importbatch": "view add", "tip": "view", "inspection": "view", "ad": "view",
        "linkagerun": "view add", "candidatepair": "view", "judgement": "view add change",
    },
    "district_lead": _REFERENCE | {
        "operation": "view", "team": "view add change", "target": "view add change",
        "venue": "view add", "registeredunit": "view", "person": "view", "phone": "view",
        "control": "view add change", "personmet": "view add", "finding": "view add",
        "vulnerability": "view add", "followup": "view add change", "user": "view", "report": "view",
        "screening": "view add change", "role": "view",
    },
    "field_officer": _REFERENCE | {
        "operation": "view", "team": "view", "target": "view",
        "venue": "view", "person": "view", "phone": "view",
        "control": "view add", "personmet": "view add", "finding": "view add",
        "vulnerability": "view add", "followup": "view add change", "user": "view", "report": "view",
        "screening": "view add change",
    },
    "partner_liaison": {"district": "view", "agency": "view", "followup": "view change"},
    "auditor": {"district": "view", "agency": "view", "auditentry": "view", "user": "view"},
}


def allows(user, action: str, model_name: str) -> bool:
    """May this user's role ever do `action` on records of `model_name`?"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return action in POLICY.get(user.role, {}).get(model_name, "").split()


def restrict(queryset: models.QuerySet, user, action: str = VIEW) -> models.QuerySet:
    """The records of `queryset` that `user` may do `action` on.

    Raises AccessDenied when the role may not do the action at all.
    """
    model = queryset.model
    if not allows(user, action, model._meta.model_name):
        raise AccessDenied(gettext_noop("Your role may not do this."), action=action)
    scope = ROLE_SCOPE[user.role]
    if scope == NATIONAL or getattr(model, "public", False):
        return queryset
    path = getattr(model, "scope_paths", {}).get(scope)
    value = user.district_id if scope == DISTRICT else user.agency_id
    if path is None or value is None:
        return queryset.none()
    # Filter through a subquery: a path across a to-many relation (an operation's
    # districts, a person's encounters) would otherwise repeat rows.
    inner = model._default_manager.filter(**{path: value}).values("pk")
    return queryset.filter(pk__in=inner)


def get_for(user, action: str, model: type[models.Model], **lookup) -> models.Model:
    """One record by `lookup`, or NotFound when it is missing or out of scope."""
    try:
        return restrict(model._default_manager.all(), user, action).get(**lookup)
    except model.DoesNotExist:
        raise NotFound(gettext_noop("Not found.")) from None


def ensure_in_scope(user, action: str, obj: models.Model) -> None:
    """After a write, inside its transaction: the record must still be the user's.

    Stops anyone from creating or moving a record into another district.
    """
    if not restrict(type(obj)._default_manager.filter(pk=obj.pk), user, action).exists():
        raise NotFound(gettext_noop("Not found."))


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user, action: str = VIEW) -> models.QuerySet:
        return restrict(self, user, action)


class RestrictedUserManager(UserManager.from_queryset(RestrictedQuerySet)):
    pass
