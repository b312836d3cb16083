# SPDX-License-Identifier: MPL-2.0
"""The OpenAPI schema and its two readers, Swagger UI and Redoc, served by the app.

Their scripts and styles come from ``drf-spectacular-sidecar``'s static files (no CDN).
Our templates load no inline script: Swagger UI's start-up script is a second request
(``SpectacularSwaggerSplitView``) and Redoc reads the ``<redoc spec-url>`` element, so the
site-wide ``script-src 'self' 'nonce-…'`` holds. Both libraries insert ``<style>``
elements at run time (React inline styles, styled-components), so these two pages, and
only they, add ``'unsafe-inline'`` to ``style-src``; scripts stay as strict as elsewhere.
"""

from __future__ import annotations

from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.permissions import AllowAny

DOCS_CSP = {"style-src": ["'unsafe-inline'"]}


class SchemaApi(SpectacularAPIView):
    """GET /api/schema/: the OpenAPI 3 document (YAML, or JSON with ?format=json)."""

    permission_classes = [AllowAny]


@method_decorator(csp_update(DOCS_CSP), name="dispatch")
class SwaggerDocsApi(SpectacularSwaggerSplitView):
    permission_classes = [AllowAny]
    template_name = "api/swagger_ui.html"
    url_name = "api:schema"


@method_decorator(csp_update(DOCS_CSP), name="dispatch")
class RedocDocsApi(SpectacularRedocView):
    permission_classes = [AllowAny]
    template_name = "api/redoc.html"
    url_name = "api:schema"
