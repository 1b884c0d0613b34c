"""Session timeouts and no-store caching for logged-in users."""
from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, user_logged_in
from django.dispatch import receiver
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext

STARTED, SEEN = "aksjon_session_started", "aksjon_session_seen"
# The last-seen time is saved at most this often: a session write on every request is load for
# nothing, and an idle limit counted in minutes does not need it finer.
SEEN_RESOLUTION_SECONDS = 30


@receiver(user_logged_in, dispatch_uid="aksjon-session-started")
def _session_started(sender, request, user, **kwargs):
    # Logging in again in the same browser keeps the session's data: the clock restarts here.
    if request is not None:
        request.session[STARTED] = request.session[SEEN] = time.time()


class SessionTimeoutMiddleware:
    """Log out after SESSION_IDLE_SECONDS without a request, or SESSION_MAX_SECONDS after login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._check(request, time.time())
        return self.get_response(request)

    def _check(self, request, now: float) -> None:
        session = request.session
        started, seen = session.setdefault(STARTED, now), session.get(SEEN, now)
        if now - started > settings.SESSION_MAX_SECONDS:
            self._end(request, gettext("You were logged out: a session lasts at most %(hours)d hours.")
                      % {"hours": settings.SESSION_MAX_SECONDS // 3600})
        elif now - seen > settings.SESSION_IDLE_SECONDS:
            self._end(request, gettext("You were logged out after %(minutes)d minutes without activity.")
                      % {"minutes": settings.SESSION_IDLE_SECONDS // 60})
        elif SEEN not in session or now - seen >= SEEN_RESOLUTION_SECONDS:
            session[SEEN] = now

    @staticmethod
    def _end(request, why: str) -> None:
        logout(request)  # flushes the session and writes the logout audit row
        messages.info(request, why)


class NoStoreForUsersMiddleware:
    """Nothing served to a logged-in user is kept by the browser or a proxy.

    Pages, exports and API answers carry names of possible victims; on a shared machine the
    browser's cache (and its back button after logout) would show them to the next user.
    Static files never get here: WhiteNoise answers them earlier.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        return response
