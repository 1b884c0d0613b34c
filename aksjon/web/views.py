"""Pieces every view uses: the login-required wrapper, a form error helper, home."""
from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext

from aksjon.accounts.access import allows
from aksjon.core.errors import AccessDenied, DomainError
from aksjon.core.text import gettext_noop


def page(view):
    """Every page needs a logged-in user; DomainErrors become 403/404 in the middleware."""
    return login_required(wraps(view)(view))


def requires(*needs: str):
    """The permissions a page needs ("add target", …), asked before any record is looked
    up: a role that may never do this gets 403 whichever record it names, not a 404 that
    depends on the record."""
    pairs = [need.split() for need in needs]

    def wrap(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            for action, model in pairs:
                if not allows(request.user, action, model):
                    raise AccessDenied(gettext_noop("Your role may not do this."), action=action)
            return view(request, *args, **kwargs)
        return checked
    return wrap


def add_domain_error(form, error: DomainError) -> None:
    """Show an action's error on the field it names (or on the form), in the reader's language."""
    field = error.field if error.field in getattr(form, "fields", {}) else None
    form.add_error(field, error.localized(gettext))


def submitted(request, form, act):
    """For a valid POSTed form: run `act(cleaned_data)` and return its result; an action's
    DomainError lands on the form (which keeps what was typed) and None is returned."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return act(form.cleaned_data)
    except DomainError as error:
        add_domain_error(form, error)
        return None


@page
def home(request):
    user = request.user
    for name, model in [("operation_list", "operation"), ("followup_list", "followup"), ("audit_list", "auditentry")]:
        if allows(user, "view", model):
            return redirect(name)
    return redirect("venue_list")
