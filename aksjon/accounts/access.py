"""The one access primitive: `restrict(user, action)` on every queryset.

A role decides *what* a user may do with a kind of record (the POLICY table);
the user's district or agency decides *which* records (each model's
`scope_paths`). A role that may never do the action raises AccessDenied (403);
a record outside the scope is simply not in the queryset, so it answers 404 —
the same as a record that does not exist, which tells an outsider nothing.
Views and templates ask the same table through `allows(user, action, obj)`
(the `{% allows %}` tag of the `aksjon` template library): no role is named
anywhere else.
"""
from __future__ import annotations

from django.contrib.auth.models import UserManager
from django.db import models

from aksjon.core.errors import AccessDenied, NotFound
from aksjon.core.text import gettext_noop

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
# Named actions beyond the four above: each is a role rule, kept in POLICY like the rest.
APPROVE = "approve"  # target: approve a proposed target (a target such a role adds is approved at once)
OWN = "own"  # followup: may be named as a follow-up's owner
ASSIGN = "assign"  # followup: may give a follow-up to an owner (the owner is told by e-mail)
PUBLISH = "publish"  # reporttext: may publish an operation report's summary
DISCLOSE = "disclose"  # person: may give a person the subject-access report of everything held on them
BLOCK = "block"  # person: may block and unblock a person's record, and run retention by hand

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
# Every role rule lives here, the named ones too: only the national coordinator
# approves targets; the persons who may own a follow-up are police in a district
# or the coordinator (a partner liaison works a referral but does not own it); the
# coordinator and the district lead hand follow-ups out.
_REFERENCE = {"district": "view", "agency": "view", "town": "view", "catalogueversion": "view"}
POLICY: dict[str, dict[str, str]] = {
    "coordinator": _REFERENCE | {
        "operation": "view add change", "team": "view add change", "target": "view add change approve",
        "venue": "view add change", "registeredunit": "view", "person": "view block change disclose", "phone": "view",
        "control": "view", "personmet": "view", "finding": "view", "vulnerability": "view",
        "followup": "view add change own assign", "followupnote": "view add", "user": "view", "report": "view",
        "screening": "view", "catalogueversion": "view add",
        "role": "view", "importbatch": "view", "tip": "view", "inspection": "view", "ad": "view",
        "linkagerun": "view", "candidatepair": "view", "judgement": "view", "job": "view",
        "adtemplate": "view", "adtemplatemember": "view", "persona": "view", "stint": "view", "network": "view",
        "networknode": "view", "networktie": "view", "signal": "view", "venuescore": "view",
        "targetproposal": "view add change", "reporttext": "view add change publish",
        "referencefigure": "view add change",
    },
    "analyst": _REFERENCE | {
        "operation": "view", "target": "view add", "team": "view",
        "venue": "view add change", "registeredunit": "view", "person": "view", "phone": "view",
        "control": "view", "personmet": "view", "finding": "view", "vulnerability": "view",
        "followup": "view", "followupnote": "view", "report": "view", "screening": "view",
        "role": "view", "importbatch": "view add", "tip": "view", "inspection": "view", "ad": "view",
        "linkagerun": "view add", "candidatepair": "view", "judgement": "view add change", "job": "view change",
        "adtemplate": "view add", "adtemplatemember": "view", "persona": "view add", "stint": "view",
        "network": "view add", "networknode": "view", "networktie": "view", "signal": "view",
        "venuescore": "view add", "targetproposal": "view add", "reporttext": "view",
        "referencefigure": "view add",
    },
    "district_lead": _REFERENCE | {
        "operation": "view", "team": "view add change", "target": "view add change",
        "venue": "view add", "registeredunit": "view", "person": "view change", "phone": "view",
        "control": "view add change", "personmet": "view add", "finding": "view add",
        "vulnerability": "view add", "followup": "view add change own assign", "followupnote": "view add",
        "user": "view", "report": "view", "screening": "view add change", "role": "view",
        "network": "view", "networknode": "view", "networktie": "view", "signal": "view", "venuescore": "view",
        "targetproposal": "view", "referencefigure": "view",
    },
    "field_officer": _REFERENCE | {
        "operation": "view", "team": "view", "target": "view",
        "venue": "view", "person": "view", "phone": "view",
        "control": "view add", "personmet": "view add", "finding": "view add",
        "vulnerability": "view add", "followup": "view add change own", "followupnote": "view add",
        "user": "view", "report": "view", "screening": "view add change",
    },
    "partner_liaison": {"district": "view", "agency": "view", "followup": "view change", "followupnote": "view add"},
    "auditor": {"district": "view", "agency": "view", "auditentry": "view", "user": "view"},
}


def _model_name(obj) -> str:
    """The model name of a name ("target"), a model class (Target) or a record."""
    if isinstance(obj, str):
        return obj
    return obj._meta.model_name


def role_allows(role: str, action: str, obj) -> bool:
    """The role rule alone: may a user with `role` ever do `action` on this kind of record?"""
    return action in POLICY.get(role, {}).get(_model_name(obj), "").split()


def allows(user, action: str, obj) -> bool:
    """May `user` do `action` on `obj` — a model name ("target"), a model class or a record?

    For a name or a class this is the role rule; for a record also its scope: a
    record outside the user's district or agency is not allowed, as restrict() would hide it.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if not role_allows(user.role, action, obj):
        return False
    if isinstance(obj, models.Model):
        return obj.pk is not None and restrict(type(obj)._default_manager.filter(pk=obj.pk), user, action).exists()
    return True


def roles_allowed(action: str, obj) -> list[str]:
    """The roles that may do `action` on this kind of record, e.g. the roles a follow-up owner may have."""
    return [role for role in POLICY if role_allows(role, action, obj)]


def restrict(queryset: models.QuerySet, user, action: str = VIEW) -> models.QuerySet:
    """The records of `queryset` that `user` may do `action` on.

    Raises AccessDenied when the role may not do the action at all.
    """
    model = queryset.model
    if not allows(user, action, model._meta.model_name):
        raise AccessDenied(gettext_noop("Your role may not do this."), action=action)
    # A record kept but hidden from every role (a blocked person: its references hold, nobody sees it).
    if hidden := getattr(model, "hidden_when", None):
        queryset = queryset.exclude(**hidden)
    scope = ROLE_SCOPE[user.role]
    if scope == NATIONAL or getattr(model, "public", False):
        return queryset
    paths = scope_paths(model, scope)
    value = user.district_id if scope == DISTRICT else user.agency_id
    if not paths or value is None:
        return queryset.none()
    # One subquery per path, OR-ed: a path across a to-many relation (an operation's
    # districts, a person's encounters) would otherwise repeat rows, and two paths
    # joined in one query would multiply each other's rows.
    reachable = models.Q()
    for path in paths:
        reachable |= models.Q(pk__in=model._default_manager.filter(**{path: value}).values("pk"))
    return queryset.filter(reachable)


def scope_paths(model: type[models.Model], scope: str) -> tuple[str, ...]:
    """The paths from `model` to the scope's district or agency; a record reachable by any of them is in scope.

    A model's `scope_paths` maps a scope to one path or to a tuple of paths.
    """
    paths = getattr(model, "scope_paths", {}).get(scope) or ()
    return (paths,) if isinstance(paths, str) else tuple(paths)


def prefetch_visible(user, lookup: str, model: type[models.Model]) -> models.Prefetch:
    """Prefetch a related list through restrict(): a page lists only the related records the user may see.

    `{% for f in control.findings.all %}` would list them all, whoever looks.
    """
    queryset = model._default_manager.all()
    return models.Prefetch(lookup, queryset=restrict(queryset, user) if allows(user, VIEW, model) else queryset.none())


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
