"""The auditor's pages: the log with filters, the chain's state, and verifying it now."""
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from aksjon.audit.models import AuditEntry
from aksjon.audit.state import chain_state
from aksjon.audit.statistics import access_statistics
from aksjon.audit.verify import verify_and_checkpoint
from aksjon.core.errors import InvalidInput
from aksjon.core.text import gettext_noop
from aksjon.web.params import DATE, NUMBER, TEXT, reads
from aksjon.web.views import page, requires

# Each filter of the log: the query-string name and the lookup it narrows by.
FILTERS = {"kind": "kind", "username": "username", "verb": "verb", "object_type": "object_type",
           "object_id": "object_id", "since": "at__date__gte", "until": "at__date__lte"}


@page
@reads(kind=TEXT, username=TEXT, verb=TEXT, object_type=TEXT, object_id=TEXT, since=DATE, until=DATE, page=NUMBER)
def audit_list(request, page, **filters):
    """The log, newest first, narrowed by user, date, action and record; the pages keep the filters."""
    chosen = {key: value for key, value in filters.items() if value}
    entries = AuditEntry.objects.restrict(request.user).filter(
        **{FILTERS[key]: value for key, value in chosen.items()}).order_by("-seq")
    page_obj = Paginator(entries, 100).get_page(page)
    return render(request, "audit/list.html", {
        "page": page_obj, "filters": chosen, "query": urlencode({k: str(v) for k, v in chosen.items()}),
        "chain": chain_state(), "verbs": _verbs(request.user)})


def _verbs(user) -> list[str]:
    return list(AuditEntry.objects.restrict(user).order_by("verb").values_list("verb", flat=True).distinct())


@page
@requires("view auditentry")
@reads(since=DATE, until=DATE)
def audit_statistics(request, since, until):
    """Per user: how much personal data they looked at, wrote and were refused, in a period —
    so an auditor sees who reads far more than their work needs."""
    since = since or timezone.localdate() - timedelta(days=30)
    until = until or timezone.localdate()
    if since > until:
        raise InvalidInput(gettext_noop("The period ends before it starts."), field="until")
    return render(request, "audit/statistics.html", {
        "rows": access_statistics(request.user, since, until), "since": since, "until": until,
        "chain": chain_state()})


@page
@require_POST
@requires("view auditentry")
def audit_verify(request):
    """Walk the whole chain now; when intact, a signed checkpoint is appended outside the database."""
    report, _checkpoint = verify_and_checkpoint()
    if report.intact:
        messages.success(request, gettext("The audit chain is intact: %(rows)s rows checked, and a checkpoint "
                                          "was written.") % {"rows": report.rows})
    else:
        messages.error(request, gettext("The audit chain is broken at row %(seq)s: %(reason)s. The rows are in "
                                        "order up to row %(upto)s.") % {
            "seq": report.broken_seq or "—", "reason": report.reason(gettext), "upto": report.verified_upto})
    return redirect("audit_list")
