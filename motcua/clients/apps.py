# SPDX-License-Identifier: MPL-2.0
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "motcua.clients"
    verbose_name = _("Hệ thống kết nối API")

    def ready(self) -> None:
        # Registers the outbox handlers: the dossier-event fan-out and webhook delivery.
        from motcua.clients import events, webhooks  # noqa: F401
