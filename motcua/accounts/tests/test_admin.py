"""Accounts in the admin: scoped to the officer's agencies, no privilege escalation."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_x(personas):
    personas.admin_x.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="accounts", codename__in=["view_user", "change_user"]
        )
    )
    return personas.admin_x


def test_a_scoped_officer_lists_only_staff_of_their_agencies(client, personas, admin_x):
    client.force_login(admin_x)
    listed = set(client.get(reverse("admin:accounts_user_changelist")).context["cl"].queryset)
    assert personas.officer_x in listed and personas.leader_x in listed
    assert personas.officer_y not in listed and personas.citizen_a not in listed


def test_a_scoped_officer_cannot_open_another_agencys_staff(client, personas, admin_x):
    client.force_login(admin_x)
    url = reverse("admin:accounts_user_change", args=[personas.officer_y.pk])
    assert client.get(url).status_code == 302


def test_a_scoped_officer_cannot_make_anyone_superuser(client, personas, admin_x):
    client.force_login(admin_x)
    url = reverse("admin:accounts_user_change", args=[personas.officer_x.pk])
    form = client.get(url).context["adminform"].form
    assert "is_superuser" not in form.fields and "is_staff" not in form.fields
    assert "user_permissions" not in form.fields and "groups" not in form.fields
