# SPDX-License-Identifier: MPL-2.0
"""Errors of the account services. The message is Vietnamese and can be shown as is."""

from __future__ import annotations

from django.utils.translation import gettext as _


class AccountError(Exception):
    """A rule of the account services refused the request; ``message`` explains it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class IdentifierTaken(AccountError):
    """The phone number or e-mail address belongs to another account.

    The message says no more than that: not whose account, not whether it is locked or a
    staff account.
    """

    def __init__(self) -> None:
        super().__init__(
            _(
                "Số điện thoại hoặc thư điện tử này đã được dùng cho một tài khoản khác. "
                "Nếu đó là tài khoản của bạn, vui lòng đăng nhập; nếu không, hãy dùng "
                "số điện thoại hoặc thư điện tử khác."
            )
        )


class VerificationFailed(AccountError):
    """The code is wrong, expired, used up, or no longer the current one."""


class ResendTooSoon(AccountError):
    """A code went to this address less than ``RESEND_INTERVAL`` ago."""

    def __init__(self, wait_seconds: int) -> None:
        super().__init__(
            _("Mã xác nhận vừa được gửi. Vui lòng chờ %(seconds)d giây rồi yêu cầu gửi lại.")
            % {"seconds": wait_seconds}
        )
        self.wait_seconds = wait_seconds


class TooManyCodes(AccountError):
    """This address received the most codes allowed in an hour (protects the owner from
    message flooding and the code from guessing)."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Đã gửi quá nhiều mã xác nhận tới số điện thoại hoặc thư điện tử này. "
                "Vui lòng thử lại sau một giờ."
            )
        )
