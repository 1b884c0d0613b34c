"""The exports page and the download URL. Every download is one `export_records` action."""
from __future__ import annotations

from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from aksjon.exports.actions import export_records
from aksjon.exports.registry import kinds_for, refuse_reserved
from aksjon.exports.writers import FORMATS
from aksjon.web.views import page


@page
def export_list(request):
    return render(request, "exports/list.html", {"kinds": kinds_for(request.user), "formats": list(FORMATS)})


@page
@require_GET
def export_download(request, kind, fmt):
    """exports/<kind>.<fmt>?<filters>: bad kind 404, bad format or filter 400, role without view 403."""
    filters = request.GET.dict()
    refuse_reserved(filters)
    result = export_records(actor=request.user, kind=kind, fmt=fmt, **filters)
    response = StreamingHttpResponse(result.chunks(), content_type=result.content_type)
    response["Content-Disposition"] = content_disposition_header(True, result.filename)
    response["Cache-Control"] = "no-store"  # personal data: no copies in caches
    response["X-Export-Rows"] = str(result.rows)
    return response
