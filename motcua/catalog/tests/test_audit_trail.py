"""Catalogue changes leave a verifiable audit trail, in the same transaction."""

from datetime import date

import pytest

from motcua.audit.models import AuditEntry
from motcua.audit.selectors import verify_chain
from motcua.catalog.services import (
    CatalogError,
    Publication,
    version_abolish,
    version_publish,
)
from motcua.testing.catalog_factories import VersionFactory

pytestmark = pytest.mark.django_db


def test_publishing_and_abolishing_are_recorded_with_actor_and_decision(personas):
    draft = VersionFactory()
    version_publish(
        actor=personas.admin_x,
        version=draft,
        publication=Publication("12/QĐ-UBND", date(2026, 3, 1), date(2026, 3, 5)),
    )
    version_abolish(
        actor=personas.admin_x,
        version=draft,
        decision_number="99/QĐ-UBND",
        last_day=date(2026, 12, 31),
    )
    entries = list(
        AuditEntry.objects.filter(object_id=f"{draft.procedure.code}/v1").order_by("sequence")
    )
    assert [e.action for e in entries] == ["catalog.publish", "catalog.abolish"]
    assert entries[0].actor == personas.admin_x
    assert entries[0].data["decision_number"] == "12/QĐ-UBND"
    assert verify_chain().ok


def test_a_refused_publication_leaves_no_audit_entry():
    draft = VersionFactory(children=False)  # no cases, no components: incomplete
    before = AuditEntry.objects.count()
    with pytest.raises(CatalogError):
        version_publish(
            actor=None,
            version=draft,
            publication=Publication("1/QĐ", date(2026, 1, 1), date(2026, 1, 1)),
        )
    assert AuditEntry.objects.count() == before
