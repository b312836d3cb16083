# SPDX-License-Identifier: MPL-2.0
from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    return {"SITE_NAME": settings.SITE_NAME, "LANGUAGES": settings.LANGUAGES}
