"""Django's own 400/403/404/500 answers in the same shape as a DomainError's."""
from aksjon.core.errors import AccessDenied, DomainError, InvalidInput, NotFound
from aksjon.core.text import gettext_noop
from aksjon.web.middleware import error_response


def not_found(request, exception=None):
    return error_response(request, NotFound(gettext_noop("Not found.")))


def forbidden(request, exception=None):
    return error_response(request, AccessDenied(gettext_noop("Your role may not do this.")))


def bad_request(request, exception=None):
    return error_response(request, InvalidInput(gettext_noop("The request could not be understood.")))


class ServerError(DomainError):
    code = "server_error"
    status = 500


def server_error(request):
    message = gettext_noop("Something went wrong on our side; nothing was saved half.")
    return error_response(request, ServerError(message))
