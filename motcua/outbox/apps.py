# SPDX-License-Identifier: MPL-2.0
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "motcua.outbox"
    verbose_name = _("Hàng đợi gửi đi")

    def ready(self) -> None:
        # Registers the built-in "log" handler. Apps that own a channel register theirs
        # the same way, from their own ready().
        from motcua.outbox import handlers  # noqa: F401
