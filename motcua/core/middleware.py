# SPDX-License-Identifier: MPL-2.0
"""Vietnamese first: the language is Vietnamese unless the visitor chose another one."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class ChosenLanguageMiddleware:
    """Activate the language from the language cookie only, never from Accept-Language.

    Many phones in Vietnam run an English system language; their owners still expect the
    Vietnamese portal. English is one click away in the footer (Django's set_language view).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        with translation.override(language):  # restored afterwards: no leak between requests
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
