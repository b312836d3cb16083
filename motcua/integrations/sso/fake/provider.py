# SPDX-License-Identifier: MPL-2.0
"""The fake national sign-on: a local page lists demo identities, picking one "signs in".

The authorisation code is a signed, short-lived token naming the identity and the nonce
(``django.core.signing``), redeemable once per process (the cache remembers used codes).
Never for production: settings refuse ``SSO_PROVIDER=fake`` when ``DEBUG`` is off.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import ClassVar

from django.core import signing
from django.core.cache import cache
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from motcua.integrations.sso.base import SsoError, SsoIdentity

#: Where the fake identity provider's page is served (portal/urls.py routes it).
AUTHORIZE_PATH = "/sso/fake/"
CODE_MAX_AGE = 300  # seconds, like a real authorisation code
_SALT = "motcua.integrations.sso.fake"


@dataclass(frozen=True)
class DemoIdentity:
    key: str
    identity: SsoIdentity
    note: str


DEMO_IDENTITIES: tuple[DemoIdentity, ...] = (
    DemoIdentity(
        "an",
        SsoIdentity(
            subject="fake-vneid-0001",
            full_name="Nguyễn Văn An",
            identity_number="033090001234",
            phone="0912345678",
            email="an.nguyen@example.vn",
            verified_level=2,
        ),
        _("Cùng số định danh và số điện thoại với công dân A của dữ liệu mẫu: vào tài khoản đó."),
    ),
    DemoIdentity(
        "chau",
        SsoIdentity(
            subject="fake-vneid-0002",
            full_name="Lê Minh Châu",
            identity_number="035200009876",
            phone="0903456789",
            verified_level=2,
        ),
        _("Chưa có tài khoản: hệ thống tạo tài khoản mới."),
    ),
    DemoIdentity(
        "dung",
        SsoIdentity(
            subject="fake-vneid-0003",
            full_name="Phạm Thị Dung",
            identity_number="036195004321",
            email="dung.pham@example.vn",
            verified_level=1,
        ),
        _("Tài khoản định danh mức 1, chỉ có thư điện tử."),
    ),
)


def demo_identity(key: str) -> DemoIdentity | None:
    return next((item for item in DEMO_IDENTITIES if item.key == key), None)


def issue_code(*, key: str, nonce: str) -> str:
    """The code the fake page hands back for the chosen identity (the provider's side)."""
    return signing.dumps({"key": key, "nonce": nonce}, salt=_SALT)


class FakeSsoProvider:
    name: ClassVar[str] = "fake"
    button_label: ClassVar[str] = _("Đăng nhập bằng VNeID (thử nghiệm)")

    def __init__(self, *, redirect_uri: str) -> None:
        self.redirect_uri = redirect_uri

    def authorization_url(self, state: str, nonce: str) -> str:
        query = {"state": state, "nonce": nonce, "redirect_uri": self.redirect_uri}
        return f"{AUTHORIZE_PATH}?{urlencode(query)}"

    def exchange(self, code: str, *, nonce: str) -> SsoIdentity:
        try:
            claims = signing.loads(code, salt=_SALT, max_age=CODE_MAX_AGE)
        except signing.BadSignature as exc:  # includes SignatureExpired
            raise SsoError(f"fake SSO: bad or expired code ({exc})") from None
        if claims.get("nonce") != nonce:
            raise SsoError("fake SSO: the code was not issued for this sign-in (nonce)")
        digest = hashlib.sha256(code.encode()).hexdigest()
        if not cache.add(f"sso-fake-code:{digest}", 1, timeout=CODE_MAX_AGE + 1):
            raise SsoError("fake SSO: the code was already used")
        demo = demo_identity(claims.get("key", ""))
        if demo is None:
            raise SsoError("fake SSO: unknown identity")
        return demo.identity
