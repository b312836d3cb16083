"""The audit trail in the admin: read-only, and only for province-wide roles."""

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction
from django.urls import reverse

from motcua.audit.services import record
from motcua.testing.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    with transaction.atomic():
        return record(
            actor=None,
            action="catalog.publish",
            object_type="procedure",
            object_id="1.001234",
            summary="Công bố thủ tục hành chính",
        )


@pytest.fixture
def supervisor(personas):
    personas.supervisor.is_staff = True
    personas.supervisor.save()
    return personas.supervisor


def test_the_supervisor_reads_the_trail(client, supervisor, entry):
    client.force_login(supervisor)
    listing = client.get(reverse("admin:audit_auditentry_changelist"))
    assert listing.status_code == 200
    assert "1.001234" in listing.content.decode()
    detail = client.get(reverse("admin:audit_auditentry_change", args=[entry.pk]))
    assert detail.status_code == 200
    assert entry.hash in detail.content.decode()


def test_the_trail_is_searchable_and_filterable(client, supervisor, entry):
    client.force_login(supervisor)
    url = reverse("admin:audit_auditentry_changelist")
    assert client.get(url, {"q": "1.001234"}).context["cl"].result_count == 1
    assert client.get(url, {"q": "không-có"}).context["cl"].result_count == 0
    assert client.get(url, {"action": "catalog.publish"}).context["cl"].result_count == 1


def test_nobody_adds_changes_or_deletes_an_entry(client, supervisor, entry):
    client.force_login(supervisor)
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    assert client.get(reverse("admin:audit_auditentry_delete", args=[entry.pk])).status_code == 403
    response = client.post(
        reverse("admin:audit_auditentry_change", args=[entry.pk]), {"summary": "Đã sửa"}
    )
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.summary == "Công bố thủ tục hành chính"


def test_a_superuser_reads_the_trail_read_only(client, entry):
    root = StaffFactory(is_staff=True, is_superuser=True)
    client.force_login(root)
    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403


def test_an_agency_officer_does_not_see_the_trail(client, personas, entry):
    officer = personas.admin_x  # staff with admin access, scoped to agency X
    officer.user_permissions.set(Permission.objects.filter(content_type__app_label="audit"))
    client.force_login(officer)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert "audit" not in {app["app_label"] for app in index.context["app_list"]}
    listing = client.get(reverse("admin:audit_auditentry_changelist"))
    assert listing.status_code == 403
    detail = client.get(reverse("admin:audit_auditentry_change", args=[entry.pk]))
    assert detail.status_code == 403
