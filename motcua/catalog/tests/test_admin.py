"""Catalogue admin: scoped like org.admin; published versions read-only; drafts editable."""

import pytest
from django.contrib.auth.models import Permission
from django.db.models.fields.files import FieldFile
from django.urls import reverse

from motcua.catalog.models import VersionStatus
from motcua.testing.catalog_factories import VersionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_x(personas):
    user = personas.admin_x
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="catalog"))
    return user


def _resubmit(response, **changes):
    """The POST data of an admin change form as rendered, with ``changes`` applied."""
    data = {}

    def add(form):
        for field in form:
            value = field.value()
            if value is None or value is False or (isinstance(value, FieldFile) and not value):
                continue  # unchecked, empty, or a file field without a file
            data[field.html_name] = "on" if value is True else value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return {**data, **changes}


def test_the_version_list_shows_only_versions_in_scope(client, personas, admin_x):
    mine = VersionFactory(processing_agency=personas.agency_x)
    received = VersionFactory(receiving_agency=personas.division_x)
    other = VersionFactory(processing_agency=personas.agency_y)
    client.force_login(admin_x)
    listing = client.get(reverse("admin:catalog_procedureversion_changelist"))
    assert set(listing.context["cl"].queryset) == {mine, received}
    response = client.get(reverse("admin:catalog_procedureversion_change", args=[other.pk]))
    assert response.status_code == 302  # "does not exist", as for a missing row
    procedures = client.get(reverse("admin:catalog_procedure_changelist"))
    assert set(procedures.context["cl"].queryset) == {mine.procedure, received.procedure}


def test_a_published_version_is_read_only_in_the_admin(client, personas, admin_x):
    published = VersionFactory(published=True, processing_agency=personas.agency_x)
    client.force_login(admin_x)
    change = reverse("admin:catalog_procedureversion_change", args=[published.pk])
    response = client.get(change)
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert not any(
        inline.has_change_permission for inline in response.context["inline_admin_formsets"]
    )
    client.post(change, {"name": "Đã bị sửa"})
    published.refresh_from_db()
    assert published.name != "Đã bị sửa" and published.status == VersionStatus.PUBLISHED


def test_a_draft_is_edited_through_the_service(client, personas, admin_x):
    draft = VersionFactory(processing_agency=personas.agency_x)
    client.force_login(admin_x)
    change = reverse("admin:catalog_procedureversion_change", args=[draft.pk])
    data = _resubmit(client.get(change), name="Chứng thực bản sao điện tử từ bản chính")
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.name == "Chứng thực bản sao điện tử từ bản chính"
    assert "chung thuc ban sao dien tu" in draft.search_text


def test_versions_cannot_be_added_or_bulk_deleted_in_the_admin(client, personas, admin_x):
    VersionFactory(published=True, processing_agency=personas.agency_x)
    client.force_login(admin_x)
    assert client.get(reverse("admin:catalog_procedureversion_add")).status_code == 403
    action_form = client.get(reverse("admin:catalog_procedureversion_changelist")).context[
        "action_form"
    ]
    choices = [value for value, _ in action_form.fields["action"].choices] if action_form else []
    assert "delete_selected" not in choices


def test_agency_choices_are_limited_to_scope(client, personas, admin_x):
    draft = VersionFactory(processing_agency=personas.agency_x)
    client.force_login(admin_x)
    response = client.get(reverse("admin:catalog_procedureversion_change", args=[draft.pk]))
    choices = response.context["adminform"].form.fields["processing_agency"].queryset
    assert set(choices) == {personas.agency_x, personas.division_x}
