# SPDX-License-Identifier: MPL-2.0
"""Fan-out of dossier events (topic ``dossier.event``; docs/outbox.md).

The dossier engine writes one ``dossier.event`` message per timeline event and knows
nothing of API clients (an import-linter contract). This handler, which needs both, turns
the event into the messages that carry it outwards, all enqueued in one transaction:

- the engine's own deliveries (``dossiers.notify.engine_deliveries``): the applicant's
  e-mail and the national-portal sync;
- ``webhook.deliver``: one per active subscription that wants the event, of an active client
  holding ``dossiers.read`` whose agency is the dossier's receiving, lead or current agency
  or above one of them (an agency sees its divisions' dossiers).

Each key extends the event's key (``…:email``, ``…:dvcqg``, ``…:webhook:<subscription>``),
so a fan-out that crashed half-way, or runs twice, creates every message exactly once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from motcua.clients.models import Scope, WebhookSubscription
from motcua.clients.webhooks import WEBHOOK_TOPIC
from motcua.domain.workflow import Status
from motcua.dossiers.models import Dossier
from motcua.dossiers.notify import EVENT_TOPIC, Outgoing, engine_deliveries
from motcua.org.models import Agency
from motcua.outbox.handlers import register
from motcua.outbox.models import OutboxMessage
from motcua.outbox.services import enqueue


def event_name(action: str) -> str:
    """The webhook event name of a dossier action, e.g. ``dossier.receive``."""
    return f"dossier.{action}"


def with_ancestors(agency_ids: Iterable[int]) -> set[int]:
    """The agencies and every agency above them (the tree is a few levels deep)."""
    found = set(agency_ids)
    frontier = set(found)
    while frontier:
        parents = Agency.objects.filter(pk__in=frontier, parent__isnull=False)
        frontier = set(parents.values_list("parent_id", flat=True)) - found
        found |= frontier
    return found


def subscriptions_for(event: dict[str, Any]) -> list[WebhookSubscription]:
    """The active subscriptions that should receive ``event``, in a fixed order."""
    name = event_name(event["action"])
    candidates = (
        WebhookSubscription.objects.filter(
            is_active=True,
            client__is_active=True,
            client__agency_id__in=with_ancestors(event["agencies"]),
        )
        .select_related("client")
        .order_by("pk")
    )
    return [s for s in candidates if s.wants(name) and s.client.allows(Scope.DOSSIERS_READ)]


def webhook_body(event: dict[str, Any], key: str) -> dict[str, Any]:
    """What subscribers receive: identifiers and the new state, no personal data (a client
    reads more through the API, within its own scope)."""
    procedure, agency = (
        Dossier.objects.filter(pk=event["dossier"])
        .values_list("procedure_version__procedure__code", "receiving_agency__identifier_code")
        .get()
    )
    status = Status(event["status"])
    return {
        "id": key,
        "event": event_name(event["action"]),
        "occurred_at": event["at"],
        "dossier": {
            "code": event["code"],
            "procedure": procedure,
            "receiving_agency": agency,
            "action": event["action"],
            "previous_status": event["from_status"],
            "status": status.value,
            "status_text": status.dvcqg,
            "status_label": status.label_vi,
            "due_at": event["due"],
        },
    }


def webhook_deliveries(message: OutboxMessage) -> list[Outgoing]:
    event = message.payload
    subscriptions = subscriptions_for(event)
    if not subscriptions:
        return []
    key = message.idempotency_key
    body = webhook_body(event, key)
    return [
        Outgoing(
            WEBHOOK_TOPIC,
            f"{key}:webhook:{subscription.pk}",
            {"subscription": subscription.pk, "event": body["event"], "body": body},
        )
        for subscription in subscriptions
    ]


@register(EVENT_TOPIC)
def fan_out(message: OutboxMessage) -> None:
    """Enqueue every delivery of one dossier event, atomically and idempotently."""
    outgoing = engine_deliveries(message) + webhook_deliveries(message)
    with transaction.atomic():
        for item in outgoing:
            enqueue(topic=item.topic, idempotency_key=item.idempotency_key, payload=item.payload)
