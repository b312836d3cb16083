"""Dossiers in the admin: read-only, and only those of the staff member's agencies."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from motcua.org.models import Role
from motcua.testing.dossier_world import build_world, receive_walk_in
from motcua.testing.factories import PositionFactory, StaffFactory
from motcua.workcal.services import holidays_seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def received(time_machine):
    time_machine.move_to("2026-03-02 08:30 +07:00", tick=False)
    holidays_seed(actor=None, years=range(2026, 2027))
    world = build_world()
    return world, receive_walk_in(world)


def _admin_of(agency):
    user = PositionFactory(agency=agency, role=Role.PROCEDURE_CONTROLLER, user__is_staff=True).user
    user.user_permissions.set(Permission.objects.filter(codename="view_dossier"))
    return user


def test_an_admin_of_the_lead_agency_reads_the_dossier_with_its_control_sheet(client, received):
    world, dossier = received
    client.force_login(_admin_of(world.stp))
    listing = client.get(reverse("admin:dossiers_dossier_changelist"))
    assert dossier.code in listing.content.decode()
    detail = client.get(reverse("admin:dossiers_dossier_change", args=[dossier.pk]))
    assert detail.status_code == 200
    assert "Tờ khai theo mẫu" in detail.content.decode()


def test_an_admin_of_another_agency_neither_lists_nor_opens_it(client, received):
    world, dossier = received
    client.force_login(_admin_of(world.sxd))
    listing = client.get(reverse("admin:dossiers_dossier_changelist"))
    assert listing.context["cl"].result_count == 0
    detail = client.get(reverse("admin:dossiers_dossier_change", args=[dossier.pk]))
    assert detail.status_code == 302  # the admin's "does not exist" redirect, no data shown
    assert dossier.applicant_name not in client.get(detail.url).content.decode()


def test_nobody_edits_or_deletes_a_dossier_in_the_admin(client, received):
    _, dossier = received
    client.force_login(StaffFactory(is_staff=True, is_superuser=True))
    change = reverse("admin:dossiers_dossier_change", args=[dossier.pk])
    assert client.post(change, {"applicant_name": "Đã sửa"}).status_code == 403
    assert (
        client.get(reverse("admin:dossiers_dossier_delete", args=[dossier.pk])).status_code == 403
    )
    dossier.refresh_from_db()
    assert dossier.applicant_name == "Nguyễn Văn An"
