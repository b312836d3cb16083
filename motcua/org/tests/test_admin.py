"""Admin screens for reference data are scoped to the officer's agencies."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from motcua.org.models import Role, StaffPosition
from motcua.testing.factories import CounterFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_x(personas):
    perms = Permission.objects.filter(content_type__app_label="org")
    personas.admin_x.user_permissions.set(perms)
    return personas.admin_x


def test_officer_of_agency_x_opens_x_in_the_admin(client, personas, admin_x):
    client.force_login(admin_x)
    response = client.get(reverse("admin:org_agency_change", args=[personas.agency_x.pk]))
    assert response.status_code == 200


def test_officer_of_agency_x_cannot_open_agency_y_in_the_admin(client, personas, admin_x):
    client.force_login(admin_x)
    url = reverse("admin:org_agency_change", args=[personas.agency_y.pk])
    response = client.get(url, follow=True)
    assert response.redirect_chain and response.redirect_chain[-1][0] == reverse("admin:index")
    assert "Sở Xây dựng" not in response.content.decode()
    # Nor change it.
    response = client.post(url, {"name": "Đã bị sửa"})
    personas.agency_y.refresh_from_db()
    assert personas.agency_y.name == "Sở Xây dựng"


def test_the_agency_list_shows_only_agencies_in_scope(client, personas, admin_x):
    client.force_login(admin_x)
    body = client.get(reverse("admin:org_agency_changelist")).content.decode()
    assert "Sở Tư pháp" in body and "Phòng Hành chính tư pháp" in body
    assert "Sở Xây dựng" not in body


def test_counters_and_positions_of_agency_y_are_hidden(client, personas, admin_x):
    counter_y = CounterFactory(service_center=personas.agency_y)
    position_y = StaffPosition.objects.get(user=personas.officer_y)
    client.force_login(admin_x)
    for name, obj in (("counter", counter_y), ("staffposition", position_y)):
        response = client.get(reverse(f"admin:org_{name}_change", args=[obj.pk]))
        assert response.status_code == 302, name
        listing = client.get(reverse(f"admin:org_{name}_changelist"))
        assert obj not in listing.context["cl"].queryset


def test_a_scoped_officer_cannot_grant_a_province_wide_role(client, personas, admin_x):
    client.force_login(admin_x)
    response = client.get(reverse("admin:org_staffposition_add"))
    roles = [value for value, _ in response.context["adminform"].form.fields["role"].choices]
    assert Role.SPECIALIST in roles
    assert Role.PROVINCIAL_SUPERVISOR not in roles and Role.SYSTEM_ADMIN not in roles


def test_agency_choices_in_the_admin_are_limited_to_scope(client, personas, admin_x):
    client.force_login(admin_x)
    response = client.get(reverse("admin:org_staffposition_add"))
    choices = response.context["adminform"].form.fields["agency"].queryset
    assert set(choices) == {personas.agency_x, personas.division_x}


def test_the_supervisor_with_rights_sees_every_agency(client, personas):
    supervisor = personas.supervisor
    supervisor.is_staff = True
    supervisor.save()
    supervisor.user_permissions.set(Permission.objects.filter(codename="view_agency"))
    client.force_login(supervisor)
    body = client.get(reverse("admin:org_agency_changelist")).content.decode()
    assert "Sở Xây dựng" in body and "Sở Tư pháp" in body


def test_a_citizen_never_reaches_the_admin(client, personas):
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("desk:login"))
    client.force_login(personas.citizen_a)
    assert client.get(reverse("admin:index"), follow=True).status_code == 403


def test_a_staff_member_without_admin_flag_is_kept_out(client, personas):
    position = PositionFactory(agency=personas.agency_x)
    client.force_login(position.user)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403
