"""No silent overwrite: every editable record carries a version, raised by each change.

Actions lock the row and compare the version the caller's page showed (`locked`); a
change from a stale page is refused with `Stale` and writes nothing. The pages answer
it with one conflict page (`conflict`): what was posted beside what is saved now, and
the officer decides — keep what is saved, or apply the change again on the current
version, which is then a change of its own with its own audit row.
"""
from __future__ import annotations

from django.db import models
from django.shortcuts import render
from django.utils.translation import gettext

from aksjon.audit.log import snapshot
from aksjon.core.errors import Stale
from aksjon.core.text import gettext_noop


def check_version(record: models.Model, expected: int | None) -> None:
    """Refuse when the caller saw another version; None is a caller with no page (a script)."""
    if expected is not None and expected != record.version:
        raise Stale(gettext_noop("Someone changed this since your page showed it (you saw version %(yours)s, "
                                 "version %(saved)s is saved). Nothing was changed."),
                    current=snapshot(record), yours=expected, saved=record.version)


def locked(record: models.Model, version: int | None) -> models.Model:
    """Inside the change's transaction: the record as it is now, its row locked until the
    transaction ends (so two officers cannot both pass the check), and checked against
    `version`. The caller raises the version with `bump` when it writes."""
    current = type(record)._default_manager.select_for_update().get(pk=record.pk)
    check_version(current, version)
    return current


def bump(record: models.Model) -> None:
    record.version += 1


def conflict(request, error: Stale, *, title: str, back: str, action: str, posted: dict, yours: list, saved: list,
             log=()):
    """The 409 page (or, for htmx, the same fragment in place of the form's result): "Your change"
    beside "Now saved", a link to keep what is saved and a form re-posting `posted` with the
    current version. `yours` and `saved` are (label, value) rows."""
    context = {"error": error, "message": error.localized(gettext), "title": title, "back": back,
               "action": action, "yours": yours, "saved": saved, "log": list(log),
               "posted": _fields(posted), "current_version": error.current.get("version")}
    if getattr(request, "htmx", False):
        # htmx keeps an error answer out of the page by default: the element the form swaps
        # into lets a 409 in (its hx-on::before-swap), so the refusal shows where the result would.
        return render(request, "_conflict.html", context, status=409)
    return render(request, "conflict.html", context, status=409)


def _fields(posted) -> list[tuple[str, str]]:
    """The posted values as (name, value) pairs, without the version and the CSRF token,
    which the form writes itself."""
    pairs = posted.lists() if hasattr(posted, "lists") else ((k, v if isinstance(v, list) else [v])
                                                            for k, v in posted.items())
    return [(name, value) for name, values in pairs if name not in {"version", "csrfmiddlewaretoken"}
            for value in values]

