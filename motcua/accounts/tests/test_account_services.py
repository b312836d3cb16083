"""Registration, profile, change of contact and organisations: the service rules."""

from datetime import timedelta

import pytest

from motcua.accounts.errors import AccountError, IdentifierTaken, VerificationFailed
from motcua.accounts.models import (
    MembershipRole,
    Organisation,
    OrganisationKind,
    OrganisationMembership,
    User,
)
from motcua.accounts.services import (
    contact_change_confirm,
    contact_change_start,
    is_pending,
    organisation_link,
    profile_update,
    registration_confirm,
    registration_start,
)
from motcua.accounts.tests.codes import email_code, sms_code
from motcua.audit.models import AuditEntry
from motcua.testing.factories import TEST_PASSWORD, CitizenFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to("2026-11-25 09:00 +07:00", tick=False)
    return time_machine


def _start(identifier, full_name="Nguyễn Thị Hoa", password=TEST_PASSWORD):
    return registration_start(
        actor=None, full_name=full_name, identifier=identifier, password=password
    )


def test_registration_opens_a_pending_account_and_confirming_activates_it(capsys):
    verification = _start("+84 912 000 200")
    user = User.objects.get(username="0912000200")
    assert is_pending(user) and user.phone == "0912000200" and user.kind == "citizen"
    user = registration_confirm(actor=None, verification_id=verification.pk, code=sms_code(capsys))
    assert user.is_active and user.check_password(TEST_PASSWORD)
    assert user.full_name == "Nguyễn Thị Hoa"
    actions = list(AuditEntry.objects.values_list("action", flat=True).order_by("sequence"))
    assert actions == ["account.registration_start", "account.register"]


@pytest.mark.parametrize("identifier", ["0912000201", "CONGDAN@example.vn"])
def test_an_identifier_of_an_active_account_is_refused_without_saying_whose(identifier):
    CitizenFactory(username="0912000201", phone="0912000201", email="congdan@example.vn")
    with pytest.raises(IdentifierTaken) as refused:
        _start(identifier)
    assert "đã được dùng cho một tài khoản khác" in refused.value.message
    assert User.objects.count() == 1


def test_a_locked_or_staff_account_blocks_registration_as_well():
    CitizenFactory(username="0912000202", phone="0912000202", is_active=False)
    StaffFactory(username="canbo.x", email="canbo@example.vn")
    with pytest.raises(IdentifierTaken):
        _start("0912000202")
    with pytest.raises(IdentifierTaken):
        _start("canbo@example.vn")


def test_a_second_registration_reuses_the_pending_account_and_each_keeps_its_password(
    capsys, frozen
):
    """Someone else registering the same number cannot set the password of the person
    who proves the number: confirming applies the data sent with *that* code."""
    owner = _start("0912000203", full_name="Chủ Số Máy", password="Mat-khau-cua-chu-1")
    owner_code = sms_code(capsys)
    frozen.shift(timedelta(seconds=61))
    _start("0912000203", full_name="Kẻ Mạo Danh", password="Mat-khau-ke-gian-2")
    sms_code(capsys)
    assert User.objects.filter(username="0912000203").count() == 1
    user = registration_confirm(actor=None, verification_id=owner.pk, code=owner_code)
    assert user.full_name == "Chủ Số Máy" and user.check_password("Mat-khau-cua-chu-1")


def test_confirming_twice_is_refused(capsys):
    verification = _start("0912000204")
    code = sms_code(capsys)
    registration_confirm(actor=None, verification_id=verification.pk, code=code)
    with pytest.raises(VerificationFailed):
        registration_confirm(actor=None, verification_id=verification.pk, code=code)


def test_profile_update_refuses_an_invalid_identity_number_and_saves_nothing():
    citizen = CitizenFactory(full_name="Nguyễn Văn An", identity_number="")
    with pytest.raises(AccountError, match="phải gồm đúng 12 chữ số"):
        profile_update(actor=citizen, full_name="Tên Mới", identity_number="12345", address="X")
    citizen.refresh_from_db()
    assert citizen.full_name == "Nguyễn Văn An" and citizen.address == ""
    assert not AuditEntry.objects.exists()


def test_profile_update_saves_and_audits_the_changed_fields():
    citizen = CitizenFactory(identity_number="")
    profile_update(
        actor=citizen,
        full_name=citizen.full_name,
        identity_number="033090009999",
        address="Hưng Yên",
    )
    citizen.refresh_from_db()
    assert citizen.identity_number == "033090009999" and citizen.address == "Hưng Yên"
    assert AuditEntry.objects.get().data == {"fields": ["address", "identity_number"]}


def test_a_number_verified_by_vneid_cannot_be_edited():
    citizen = CitizenFactory(identity_number="033090001234")
    User.objects.filter(pk=citizen.pk).update(identity_verified_at="2026-01-01T00:00:00Z")
    citizen.refresh_from_db()
    with pytest.raises(AccountError, match="VNeID"):
        profile_update(actor=citizen, full_name="A", identity_number="033090005555", address="")


def test_a_new_email_is_saved_only_once_its_code_is_confirmed():
    citizen = CitizenFactory(username="0912000205", phone="0912000205", email=None)
    verification = contact_change_start(actor=citizen, identifier="Moi@Example.vn")
    citizen.refresh_from_db()
    assert citizen.email is None
    contact_change_confirm(actor=citizen, verification_id=verification.pk, code=email_code())
    citizen.refresh_from_db()
    assert citizen.email == "moi@example.vn" and citizen.username == "0912000205"


def test_a_new_phone_becomes_the_user_name_when_the_old_one_was(capsys):
    citizen = CitizenFactory(username="0912000206", phone="0912000206")
    verification = contact_change_start(actor=citizen, identifier="0912000207")
    contact_change_confirm(actor=citizen, verification_id=verification.pk, code=sms_code(capsys))
    citizen.refresh_from_db()
    assert (citizen.phone, citizen.username) == ("0912000207", "0912000207")


def test_a_verified_change_of_contact_releases_it_from_a_pending_registration(capsys, frozen):
    _start("0912000208", full_name="Người Chưa Xác Nhận")
    sms_code(capsys)
    citizen = CitizenFactory()
    frozen.shift(timedelta(seconds=61))
    verification = contact_change_start(actor=citizen, identifier="0912000208")
    contact_change_confirm(actor=citizen, verification_id=verification.pk, code=sms_code(capsys))
    assert list(User.objects.filter(phone="0912000208")) == [citizen]


def test_a_change_of_contact_to_another_accounts_phone_is_refused():
    CitizenFactory(phone="0912000209", username="0912000209")
    citizen = CitizenFactory()
    with pytest.raises(IdentifierTaken):
        contact_change_start(actor=citizen, identifier="0912000209")


def test_a_user_cannot_confirm_another_users_change(capsys):
    citizen_a, citizen_b = CitizenFactory(), CitizenFactory()
    verification = contact_change_start(actor=citizen_a, identifier="0912000210")
    with pytest.raises(VerificationFailed, match="Không tìm thấy"):
        contact_change_confirm(
            actor=citizen_b, verification_id=verification.pk, code=sms_code(capsys)
        )


def test_organisation_link_creates_the_organisation_with_the_user_as_representative():
    citizen = CitizenFactory()
    organisation = organisation_link(
        actor=citizen, tax_code="0900123457", name="Công ty TNHH A", kind="business"
    )
    membership = OrganisationMembership.objects.get(user=citizen, organisation=organisation)
    assert membership.role == MembershipRole.LEGAL_REPRESENTATIVE
    assert AuditEntry.objects.get().action == "account.organisation_link"


def test_organisation_link_refuses_one_that_already_has_a_representative():
    owner, other = CitizenFactory(), CitizenFactory()
    organisation_link(actor=owner, tax_code="0900123458", name="Công ty B", kind="business")
    with pytest.raises(AccountError, match="đã có người đại diện"):
        organisation_link(actor=other, tax_code="0900123458", name="Công ty B", kind="business")
    with pytest.raises(AccountError, match="đã có trong danh sách"):
        organisation_link(actor=owner, tax_code="0900123458", name="Công ty B", kind="business")


def test_organisation_link_links_a_known_organisation_without_members():
    Organisation.objects.create(
        tax_code="0900123459", name="Hộ kinh doanh C", kind=OrganisationKind.HOUSEHOLD_BUSINESS
    )
    citizen = CitizenFactory()
    organisation_link(actor=citizen, tax_code="0900123459", name="khác", kind="household")
    assert Organisation.objects.get(tax_code="0900123459").name == "Hộ kinh doanh C"
    assert citizen.organisations.count() == 1


@pytest.mark.parametrize(
    ("tax_code", "kind"), [("123", "business"), ("0900123460", "state_agency")]
)
def test_organisation_link_refuses_a_bad_tax_code_or_a_state_agency(tax_code, kind):
    with pytest.raises(AccountError):
        organisation_link(actor=CitizenFactory(), tax_code=tax_code, name="X", kind=kind)
    assert not Organisation.objects.exists()
