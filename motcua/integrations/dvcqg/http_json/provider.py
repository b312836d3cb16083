# SPDX-License-Identifier: MPL-2.0
"""The national portal's dossier-sync service: one JSON POST per record.

The body follows the portal's "DongBoHoSoMC" service as provincial systems call it through
the LGSP/NDXP (``{"service": "DongBoHoSoMC", "isUpdating": …, "data": [record]}``), with a
bearer token (``DVCQG_TOKEN``); the answer carries ``error_code`` (0 = accepted). [B] The
exact envelope and the token exchange differ between integration platforms: confirm them
with the province's LGSP before going live, and adapt this module only.

Outcomes: 2xx with ``error_code`` 0 (or no JSON body) is delivered; another
``error_code``, a redirect, or a 4xx other than 408/429 is permanent (the record or the
credentials must be fixed, then support resends from the desk); 5xx, 408, 429, timeouts and
connection errors are temporary (the outbox retries with backoff). Every call has
``DVCQG_TIMEOUT_SECONDS`` (below the outbox lease); redirects are never followed.
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from motcua.integrations.dvcqg.base import DvcqgError

SERVICE = "DongBoHoSoMC"
MAX_ANSWER_BYTES = 64 * 1024
#: Answers meaning "try again later" although they are 4xx.
RETRYABLE_4XX = frozenset({408, 429})


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A signed or authorised request must not be replayed to wherever a 3xx points."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def permanent_status(status: int) -> bool:
    """Whether an HTTP answer ``status`` means that resending the same request is useless."""
    return status < 500 and status not in RETRYABLE_4XX


class HttpDvcqgProvider:
    name: ClassVar[str] = "http"

    def __init__(self) -> None:
        self.url = settings.DVCQG_URL
        self.token = settings.DVCQG_TOKEN
        self.timeout = settings.DVCQG_TIMEOUT_SECONDS
        if not self.url or not self.token:
            raise ImproperlyConfigured("DVCQG_PROVIDER=http needs DVCQG_URL and DVCQG_TOKEN")

    def sync_dossier(
        self, record: Mapping[str, Any], *, idempotency_key: str, updating: bool
    ) -> None:
        body = {"service": SERVICE, "isUpdating": updating, "data": [dict(record)]}
        request = urllib.request.Request(  # noqa: S310 - the URL is the configured https endpoint
            self.url,
            data=json.dumps(body, ensure_ascii=False).encode(),
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Accept": "application/json",
                "Authorization": f"Bearer {self.token}",
                "Idempotency-Key": idempotency_key,
            },
        )
        check_answer(self._post(request))

    def _post(self, request: urllib.request.Request) -> bytes:
        try:
            with _opener.open(request, timeout=self.timeout) as response:
                return response.read(MAX_ANSWER_BYTES)  # type: ignore[no-any-return]
        except urllib.error.HTTPError as exc:
            exc.close()
            raise DvcqgError(
                f"DVCQG trả lời HTTP {exc.code}", permanent=permanent_status(exc.code)
            ) from None
        except (OSError, http.client.HTTPException) as exc:  # timeout, refused, reset
            raise DvcqgError(f"DVCQG không kết nối được: {type(exc).__name__}") from None


def check_answer(answer: bytes) -> None:
    """Raise unless a 2xx answer body says the record was accepted."""
    try:
        data = json.loads(answer) if answer.strip() else {}
    except ValueError:
        raise DvcqgError("DVCQG trả lời không phải JSON") from None
    code = data.get("error_code", 0) if isinstance(data, dict) else 0
    if str(code) != "0":
        message = str(data.get("message") or data.get("error_message") or "")[:200]
        raise DvcqgError(f"DVCQG từ chối hồ sơ (error_code {code}): {message}", permanent=True)
