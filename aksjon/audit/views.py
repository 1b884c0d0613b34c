"""The auditor's pages: the log with filters, the chain's state, and verifying it now."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from aksjon.audit.models import AuditEntry
from aksjon.audit.state import chain_state
from aksjon.audit.verify import verify_and_checkpoint
from aksjon.web.params import NUMBER, TEXT, reads
from aksjon.web.views import page, requires


@page
@reads(kind=TEXT, username=TEXT, object_type=TEXT, page=NUMBER)
def audit_list(request, page, **filters):
    entries = AuditEntry.objects.restrict(request.user)
    chosen = {key: value for key, value in filters.items() if value}
    page_obj = Paginator(entries.filter(**chosen), 100).get_page(page)
    return render(request, "audit/list.html", {"page": page_obj, "filters": chosen, "chain": chain_state()})


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
