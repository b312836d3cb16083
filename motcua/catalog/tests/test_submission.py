"""The version a new dossier pins to: only a published one, and it never changes afterwards.

The dossier side of this rule (a Dossier row keeping its version after a new publication)
is tested with the dossier engine; here the catalogue's half: what can be pinned, and that
a pinned version is frozen and cannot be deleted.
"""

from datetime import date

import pytest
from django.db.models import ProtectedError

from motcua.catalog.models import ProcedureVersion, VersionStatus
from motcua.catalog.selectors import NotSubmittable, version_for_submission
from motcua.catalog.services import (
    CatalogError,
    Publication,
    version_create_draft,
    version_publish,
    version_update,
)
from motcua.testing.catalog_factories import VersionFactory

pytestmark = pytest.mark.django_db


def test_a_procedure_with_only_a_draft_cannot_take_dossiers():
    draft = VersionFactory()
    with pytest.raises(NotSubmittable):
        version_for_submission(code=draft.procedure.code)


def test_online_submission_needs_an_online_channel():
    version = VersionFactory(published=True, channel_online=False, online_level="none")
    assert version_for_submission(code=version.procedure.code) == version
    with pytest.raises(NotSubmittable):
        version_for_submission(code=version.procedure.code, online=True)


def test_new_dossiers_take_the_new_version_and_the_old_one_stays_frozen():
    v1 = VersionFactory(published=True, name="Tên cũ")
    pinned = version_for_submission(code=v1.procedure.code)
    draft = version_create_draft(actor=None, procedure=v1.procedure)
    version_update(actor=None, version=draft, name="Tên mới")
    version_publish(
        actor=None,
        version=draft,
        publication=Publication("200/QĐ-UBND", date(2026, 3, 1), date(2026, 3, 5)),
    )

    assert version_for_submission(code=v1.procedure.code).name == "Tên mới"
    pinned.refresh_from_db()
    assert (pinned.name, pinned.status) == ("Tên cũ", VersionStatus.SUPERSEDED)
    assert pinned.cases.count() == 1 and pinned.components.count() == 1
    with pytest.raises(CatalogError):
        version_update(actor=None, version=pinned, name="Sửa lén")


def test_a_procedure_with_versions_cannot_be_deleted():
    version = VersionFactory(published=True)
    with pytest.raises(ProtectedError):
        version.procedure.delete()
    assert ProcedureVersion.objects.filter(pk=version.pk).exists()
