from aksjon.audit.context import begin_request, end_request


class RequestIdMiddleware:
    """Give every request an id; audit rows written while serving it carry it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = begin_request()
        try:
            return self.get_response(request)
        finally:
            end_request(token)
