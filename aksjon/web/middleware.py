"""Turn a DomainError raised anywhere below a view into its HTTP answer, once."""
from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext

from aksjon.audit.log import record_denied
from aksjon.core.errors import AccessDenied, DomainError, NotFound


def wants_json(request) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def error_response(request, error: DomainError):
    if wants_json(request):
        return JsonResponse(error.as_dict(gettext), status=error.status)
    return render(request, "error.html", {"error": error, "message": error.localized(gettext)}, status=error.status)


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DomainError):
            if isinstance(exception, AccessDenied | NotFound) and request.user.is_authenticated:
                record_denied(request.user, path=request.path, code=exception.code)
            return error_response(request, exception)
        return None


class NorwegianFirstLocaleMiddleware:
    """Bokmål unless the user chose English with the language switch.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language:
    a police unit's shared machines should open in the unit's language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
