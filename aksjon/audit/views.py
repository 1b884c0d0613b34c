from django.core.paginator import Paginator
from django.shortcuts import render

from aksjon.audit.models import AuditEntry
from aksjon.web.views import page


@page
def audit_list(request):
    entries = AuditEntry.objects.restrict(request.user)
    for key in ("kind", "username", "object_type"):
        if request.GET.get(key):
            entries = entries.filter(**{key: request.GET[key]})
    page_obj = Paginator(entries, 100).get_page(request.GET.get("page"))
    return render(request, "audit/list.html", {"page": page_obj, "filters": request.GET})
