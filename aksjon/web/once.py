"""Exactly once: a form that creates something carries a one-time key (the hidden field
`once`, or the header `Idempotency-Key` for a script), and the first answer to it is kept.

A repeated request with the same key — a double tap, a retry after a lost answer, a page
sent again — gets that first answer and creates nothing. The key is written in the same
transaction as what the view creates, so it is spent with its result or not at all; when
two requests with one key race, the unique (user, key) lets one commit and rolls the other
back whole (its rows and its audit row), and the loser answers the winner's result.
A form re-rendered with its errors spends no key: the officer corrects it and sends it again.
A request without a key runs as before (scripts, pages older than the key).
"""
from __future__ import annotations

import json
import re
import uuid
from functools import wraps

from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect, JsonResponse

from aksjon.core.errors import Conflict, DomainError, InvalidInput
from aksjon.core.text import gettext_noop
from aksjon.web.models import OnceKey

KEY_FIELD = "once"
KEY_HEADER = "Idempotency-Key"
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{8,64}")
# What a key remembers must fit its columns; a longer address is answered but not remembered.
REMEMBERED_LENGTH = OnceKey._meta.get_field("result_url").max_length
REDIRECTS = (301, 302, 303)


def new_key() -> str:
    return uuid.uuid4().hex


def sent_key(request) -> str | None:
    """The request's one-time key, None when it sends none; a malformed one is a 400."""
    raw = request.POST.get(KEY_FIELD) or request.headers.get(KEY_HEADER)
    if not raw:
        return None
    if not KEY_PATTERN.fullmatch(raw):
        raise InvalidInput(gettext_noop("The form's one-time key is malformed: 8 to 64 letters, digits, - or _."),
                           field=KEY_FIELD)
    return raw


def exactly_once(view):
    """For a POST view that creates something. Put it under @page/@requires, so the login
    and the role are checked before a key is looked up."""
    @wraps(view)
    def once(request, *args, **kwargs):
        key = sent_key(request) if request.method == "POST" else None
        if key is None or not request.user.is_authenticated or len(request.path) > REMEMBERED_LENGTH:
            return view(request, *args, **kwargs)
        return _run_once(request, key, lambda: view(request, *args, **kwargs))
    return once


def _run_once(request, key: str, run):
    try:
        with transaction.atomic():
            answer = _first_answer(request, key)
            if answer is not None:
                return answer
            answer = run()
            if _spends(answer):
                _remember(request, key, answer)  # a twin that committed first: IntegrityError, all rolled back
                return answer
            # A form re-rendered (or refused) because a twin got there first answers the twin's result.
            return _first_answer(request, key) or answer
    except (IntegrityError, DomainError):
        twin = _first_answer(request, key)
        if twin is None:
            raise
        return twin


def _first_answer(request, key: str):
    """The answer the key's first request gave, None when the key is new."""
    earlier = OnceKey.objects.filter(user=request.user, key=key).first()
    if earlier is None:
        return None
    if earlier.path != request.path:
        raise Conflict(gettext_noop("This one-time key was used for another request."), field=KEY_FIELD)
    if earlier.result_url:
        answer = HttpResponseRedirect(earlier.result_url)
        answer.status_code = earlier.status_code
        return answer
    return JsonResponse(earlier.result, status=earlier.status_code, safe=False)


def _spends(answer) -> bool:
    """A redirect after the work (the pages) or a 2xx JSON answer (the API); never a page
    re-rendered with its errors."""
    if answer.status_code in REDIRECTS:
        return len(answer["Location"]) <= REMEMBERED_LENGTH
    return 200 <= answer.status_code < 300 and answer.get("Content-Type", "").startswith("application/json")


def _remember(request, key: str, answer) -> None:
    redirect_to = answer["Location"] if answer.status_code in REDIRECTS else ""
    OnceKey.objects.create(user=request.user, key=key, path=request.path, result_url=redirect_to,
                           result={} if redirect_to else json.loads(answer.content), status_code=answer.status_code)
