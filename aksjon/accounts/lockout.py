"""How django-axes tells addresses apart, and the page it shows a locked-out login."""
from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.shortcuts import render


def client_address(request) -> str:
    """REMOTE_ADDR, or behind the HTTPS proxy (AKSJON_HTTPS) the address it saw.

    The proxy appends the address it was reached from to X-Forwarded-For, so the right-most
    entry is the one no client can forge; without it every user would share the proxy's address.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.HTTPS and forwarded.strip():
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def username_digest(request, credentials=None) -> str | None:
    """What django-axes stores and counts instead of the name typed: a keyed digest of it.

    People type their password into the name field; the lockout table must not keep it
    (the audit trail does not either). The same name still gives the same digest.
    """
    name = (credentials or {}).get("username", request.POST.get("username"))
    if not isinstance(name, str) or not name:
        return None
    digest = hmac.new(settings.SECRET_KEY.encode(), name.encode(), hashlib.sha256).hexdigest()
    return f"hmac:{digest[:40]}"


def lockout_page(request, original_response=None, credentials=None):
    """A page in the user's language (429), not django-axes' plain English text."""
    return render(request, "registration/locked_out.html", {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }, status=429)
