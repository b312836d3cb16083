# SPDX-License-Identifier: MPL-2.0
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for the load balancer."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_GET
@never_cache
def livez(request: HttpRequest) -> HttpResponse:
    """Liveness only: the process answers. No database, no session, no template: what a
    supervisor polls, and the PING reference of the benchmarks (docs/benchmarks.md)."""
    return HttpResponse(b"ok", content_type="text/plain")
