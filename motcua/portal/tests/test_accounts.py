"""Portal accounts over HTTP: registration with a code, the profile, change of contact,
organisations, and sign-in through the fake national sign-on (VNeID)."""

from datetime import timedelta
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from motcua.accounts.models import Organisation, User
from motcua.accounts.tests.codes import email_code, sms_code
from motcua.testing.factories import CitizenFactory, StaffFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Hoa-sen-Hung-Yen-2026"


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to("2026-11-25 09:00 +07:00", tick=False)
    return time_machine


def _register(client, identifier, **overrides):
    data = {
        "full_name": "Nguyễn Thị Hoa",
        "identifier": identifier,
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **overrides,
    }
    return client.post(reverse("portal:register"), data)


def _confirm(client, code):
    return client.post(reverse("portal:register_confirm"), {"code": code})


def _signed_in_user(client):
    return User.objects.filter(pk=client.session.get("_auth_user_id")).first()


def _wrong(code):
    return f"{(int(code) + 1) % 1_000_000:06d}"


# --- Registration ----------------------------------------------------------------------
def test_a_citizen_registers_with_a_phone_number_and_is_signed_in(client, capsys):
    assert "Đăng ký tài khoản" in client.get(reverse("portal:register")).content.decode()
    response = _register(client, "0912 000 300")
    assert response["Location"] == reverse("portal:register_confirm")
    page = client.get(reverse("portal:register_confirm")).content.decode()
    assert "số điện thoại <strong>0912000300</strong>" in page
    assert _signed_in_user(client) is None
    response = _confirm(client, sms_code(capsys))
    assert response["Location"] == reverse("portal:account")
    user = _signed_in_user(client)
    assert user.username == "0912000300" and user.is_active and user.kind == "citizen"
    body = client.get(reverse("portal:account")).content.decode()
    assert "Tài khoản của bạn đã được kích hoạt." in body and "Nguyễn Thị Hoa" in body


def test_a_citizen_registers_with_an_email_address_and_can_then_sign_in(client):
    _register(client, "Hoa.Nguyen@Example.vn")
    _confirm(client, email_code())
    assert mail.outbox[-1].to == ["hoa.nguyen@example.vn"]
    assert _signed_in_user(client).email == "hoa.nguyen@example.vn"
    client.post(reverse("portal:logout"))
    client.post(
        reverse("portal:login"), {"username": "hoa.nguyen@example.vn", "password": NEW_PASSWORD}
    )
    assert _signed_in_user(client).username == "hoa.nguyen@example.vn"


def test_a_wrong_code_says_how_many_tries_are_left(client, capsys):
    _register(client, "0912000301")
    code = sms_code(capsys)
    body = _confirm(client, _wrong(code)).content.decode()
    assert "Mã xác nhận không đúng. Bạn còn 4 lần nhập." in body
    assert _signed_in_user(client) is None
    assert _confirm(client, code).status_code == 302


def test_an_expired_code_is_refused(client, capsys, frozen):
    _register(client, "0912000302")
    code = sms_code(capsys)
    frozen.shift(timedelta(minutes=10, seconds=1))
    body = _confirm(client, code).content.decode()
    assert "Mã xác nhận đã hết hạn. Vui lòng yêu cầu gửi mã mới." in body
    assert _signed_in_user(client) is None


def test_after_five_wrong_codes_even_the_right_one_is_refused(client, capsys):
    _register(client, "0912000303")
    code = sms_code(capsys)
    for _ in range(5):
        _confirm(client, _wrong(code))
    body = _confirm(client, code).content.decode()
    assert "Bạn đã nhập sai mã quá 5 lần" in body
    assert not User.objects.get(username="0912000303").is_active


def test_resending_waits_sixty_seconds_then_sends_a_new_code(client, capsys, frozen):
    _register(client, "0912000304")
    old = sms_code(capsys)
    response = client.post(reverse("portal:register_resend"), follow=True)
    assert "Vui lòng chờ 60 giây" in response.content.decode()
    frozen.shift(timedelta(seconds=61))
    response = client.post(reverse("portal:register_resend"), follow=True)
    assert "Đã gửi mã xác nhận mới" in response.content.decode()
    new = sms_code(capsys)
    if old != new:  # one chance in a million that they are the same
        assert "Mã xác nhận không đúng" in _confirm(client, old).content.decode()
    assert _confirm(client, new)["Location"] == reverse("portal:account")


def test_an_identifier_already_in_use_is_refused_in_vietnamese(client):
    CitizenFactory(username="0912000305", phone="0912000305", full_name="Bí Mật")
    response = _register(client, "+84912000305")
    body = response.content.decode()
    assert response.status_code == 200
    assert "đã được dùng cho một tài khoản khác" in body
    assert "Bí Mật" not in body
    assert User.objects.filter(phone="0912000305").count() == 1


def test_registration_checks_the_password_and_the_identifier(client):
    response = _register(client, "12345", password1="abc", password2="xyz")
    body = response.content.decode()
    assert "Có 2 lỗi cần sửa" in body
    assert "Số điện thoại phải gồm 10 chữ số" in body
    assert "Hai lần nhập mật khẩu không giống nhau." in body
    response = _register(client, "0912000306", password1="0912000306", password2="0912000306")
    assert response.status_code == 200 and not User.objects.exists()


def test_the_confirm_page_without_a_registration_goes_back_to_the_form(client):
    assert client.get(reverse("portal:register_confirm"))["Location"] == reverse("portal:register")


# --- Profile ---------------------------------------------------------------------------
def test_the_profile_always_shows_the_signed_in_user(client, personas):
    client.force_login(personas.citizen_a)
    other = personas.citizen_b
    for url in [
        reverse("portal:account"),
        f"{reverse('portal:account')}?user={other.pk}&id={other.pk}",
    ]:
        response = client.get(url)
        assert response.context["account"] == personas.citizen_a
        body = response.content.decode()
        assert "Nguyễn Văn An" in body and "Trần Thị Bình" not in body
    client.post(
        reverse("portal:account"),
        {"full_name": "Đổi Tên", "identity_number": "", "address": "", "user": other.pk},
    )
    other.refresh_from_db()
    assert other.full_name == "Trần Thị Bình"
    assert User.objects.get(pk=personas.citizen_a.pk).full_name == "Đổi Tên"


def test_an_invalid_identity_number_shows_the_message_and_saves_nothing(client):
    citizen = CitizenFactory(full_name="Nguyễn Văn An", identity_number="033090001234")
    client.force_login(citizen)
    response = client.post(
        reverse("portal:account"),
        {"full_name": "Tên Khác", "identity_number": "0330-9000", "address": "Phố Hiến"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Số định danh cá nhân (căn cước) phải gồm đúng 12 chữ số." in body
    citizen.refresh_from_db()
    assert (citizen.full_name, citizen.identity_number, citizen.address) == (
        "Nguyễn Văn An",
        "033090001234",
        "",
    )


def test_the_profile_saves_name_number_and_address(client):
    citizen = CitizenFactory(identity_number="")
    client.force_login(citizen)
    response = client.post(
        reverse("portal:account"),
        {"full_name": "Trần Văn Mới", "identity_number": "033090004321", "address": "Phố Hiến"},
        follow=True,
    )
    assert "Đã lưu thông tin tài khoản." in response.content.decode()
    citizen.refresh_from_db()
    assert (citizen.full_name, citizen.identity_number, citizen.address) == (
        "Trần Văn Mới",
        "033090004321",
        "Phố Hiến",
    )


def test_a_new_phone_number_is_saved_after_its_code(client, capsys):
    citizen = CitizenFactory(username="0912000310", phone="0912000310")
    client.force_login(citizen)
    response = client.post(reverse("portal:contact_change"), {"contact-identifier": "0912000311"})
    assert response["Location"] == reverse("portal:contact_confirm")
    citizen.refresh_from_db()
    assert citizen.phone == "0912000310"
    response = client.post(reverse("portal:contact_confirm"), {"code": sms_code(capsys)})
    assert response["Location"] == reverse("portal:account")
    citizen.refresh_from_db()
    assert citizen.phone == "0912000311" and citizen.username == "0912000311"


def test_a_new_email_of_another_account_is_refused(client):
    CitizenFactory(email="da.co@example.vn")
    client.force_login(CitizenFactory())
    response = client.post(
        reverse("portal:contact_change"), {"contact-identifier": "da.co@example.vn"}
    )
    assert "đã được dùng cho một tài khoản khác" in response.content.decode()
    assert not mail.outbox


def test_a_citizen_adds_an_organisation_by_tax_code(client):
    citizen = CitizenFactory()
    client.force_login(citizen)
    data = {
        "org-tax_code": "0900123461",
        "org-name": "Công ty TNHH Phố Hiến",
        "org-kind": "business",
    }
    response = client.post(reverse("portal:organisation_add"), data, follow=True)
    body = response.content.decode()
    assert "Đã thêm Công ty TNHH Phố Hiến." in body
    assert "0900123461" in body and "Người đại diện theo pháp luật" in body
    assert list(citizen.organisations.all()) == [Organisation.objects.get()]


def test_a_bad_tax_code_is_explained(client):
    client.force_login(CitizenFactory())
    data = {"org-tax_code": "09001", "org-name": "Công ty X", "org-kind": "business"}
    response = client.post(reverse("portal:organisation_add"), data)
    assert "Mã số thuế gồm 10 chữ số" in response.content.decode()
    assert not Organisation.objects.exists()


def test_account_pages_need_a_signed_in_citizen(client):
    response = client.get(reverse("portal:account"))
    assert response.status_code == 302 and reverse("portal:login") in response["Location"]
    client.force_login(StaffFactory())
    assert client.get(reverse("portal:account")).status_code == 403


# --- Header and sign-in page -------------------------------------------------------------
def test_the_header_offers_registration_then_the_account_once_signed_in(client):
    home = client.get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("portal:register")}"' in home
    login_page = client.get(reverse("portal:login")).content.decode()
    assert f'href="{reverse("portal:register")}"' in login_page
    assert "Đăng nhập bằng VNeID (thử nghiệm)" in login_page
    client.force_login(CitizenFactory(full_name="Nguyễn Văn An"))
    home = client.get(reverse("portal:home")).content.decode()
    assert "Nguyễn Văn An" in home and f'href="{reverse("portal:account")}"' in home
    assert f'href="{reverse("portal:register")}"' not in home
    assert f'href="{reverse("portal:my_dossiers")}"' in home and "Hồ sơ của tôi" in home


# --- National sign-on (fake VNeID) --------------------------------------------------------
def _vneid(client, key="chau", next_url=""):
    """Start at the portal, pick ``key`` on the fake provider's page; the callback URL."""
    start = reverse("portal:vneid_start") + (f"?next={next_url}" if next_url else "")
    response = client.get(start)
    assert response.status_code == 302
    params = dict(parse_qsl(urlsplit(response["Location"]).query))
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Lê Minh Châu" in page.content.decode()
    response = client.post(reverse("portal:sso_fake"), {**params, "identity": key})
    assert response.status_code == 302
    return response["Location"]


def test_vneid_sign_in_creates_the_account_then_finds_it_again(client):
    response = client.get(_vneid(client, next_url="/tai-khoan/"))
    assert response["Location"] == "/tai-khoan/"
    user = _signed_in_user(client)
    assert user.identity_number == "035200009876" and user.identity_verified_at
    client.post(reverse("portal:logout"))
    response = client.get(_vneid(client))
    assert response["Location"] == reverse("portal:home")
    assert _signed_in_user(client) == user and User.objects.count() == 1


def test_vneid_sign_in_finds_the_demo_citizen_by_number_and_phone(client):
    citizen = CitizenFactory(identity_number="033090001234", phone="0912345678")
    client.get(_vneid(client, key="an"))
    assert _signed_in_user(client) == citizen


def test_the_callback_refuses_a_replayed_state(client):
    callback = _vneid(client)
    client.get(callback)
    client.post(reverse("portal:logout"))
    response = client.get(callback)
    assert response.status_code == 400
    assert "không hợp lệ hoặc đã được dùng" in response.content.decode()
    assert _signed_in_user(client) is None


def test_the_callback_refuses_a_wrong_or_missing_state(client):
    callback = _vneid(client)
    query = dict(parse_qsl(urlsplit(callback).query))
    url = reverse("portal:vneid_callback")
    assert client.get(url, {"code": query["code"], "state": "forged"}).status_code == 400
    # The state was used up by the failed attempt: the right one no longer works either.
    assert client.get(url, query).status_code == 400
    assert client.get(url, {"code": query["code"]}).status_code == 400
    assert _signed_in_user(client) is None


def test_a_callback_from_another_browser_is_refused(client, django_user_model):
    from django.test import Client

    callback = _vneid(client)
    response = Client().get(callback)  # the attacker's code in the victim's browser
    assert response.status_code == 400 and not django_user_model.objects.exists()


def test_cancelling_on_the_provider_page_signs_no_one_in(client):
    params = dict(parse_qsl(urlsplit(client.get(reverse("portal:vneid_start"))["Location"]).query))
    response = client.post(reverse("portal:sso_fake"), {**params, "cancel": "1"})
    response = client.get(response["Location"])
    assert response.status_code == 400 and "Bạn đã hủy đăng nhập" in response.content.decode()


def test_the_fake_provider_only_returns_to_this_site(client):
    data = {"state": "s", "nonce": "n", "redirect_uri": "https://evil.example/cb", "identity": "an"}
    assert client.post(reverse("portal:sso_fake"), data).status_code == 400


def test_with_sign_on_off_there_is_no_button_and_no_pages(client, settings):
    settings.SSO_PROVIDER = ""
    assert "VNeID" not in client.get(reverse("portal:login")).content.decode()
    assert client.get(reverse("portal:vneid_start")).status_code == 404
    assert client.get(reverse("portal:vneid_callback")).status_code == 404
    assert client.get(reverse("portal:sso_fake")).status_code == 404


@override_settings(REGISTRATION_RATE_LIMIT=2)
def test_registrations_from_one_address_are_limited_and_the_excess_sends_nothing(client):
    for n in range(2):
        assert _register(client, f"09123000{n:02d}").status_code == 302
    before = User.objects.count()
    response = _register(client, "0912300099")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "Đã có quá nhiều lượt đăng ký từ địa chỉ mạng này" in response.content.decode()
    assert User.objects.count() == before
