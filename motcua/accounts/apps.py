# SPDX-License-Identifier: MPL-2.0
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "motcua.accounts"
    verbose_name = _("Tài khoản")

    def ready(self) -> None:
        from motcua.accounts import notify  # noqa: F401 - registers the outbox handler
