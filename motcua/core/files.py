# SPDX-License-Identifier: MPL-2.0
"""Serving a stored file to the browser, the same way for the desk and the portal."""

from __future__ import annotations

from django.core.files import File
from django.http import FileResponse


def inline_file_response(file: File, content_type: str, name: str) -> FileResponse:
    """A stored, content-checked file shown inline, with no sniffing and no active content.

    The type is the one sniffed at upload (never the browser's guess); the CSP forbids
    scripts, so even a file that slipped through cannot run in the site's origin.
    """
    response = FileResponse(file.open("rb"), content_type=content_type, filename=name)
    response["Content-Disposition"] = response["Content-Disposition"].replace(
        "attachment", "inline"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    )
    return response
