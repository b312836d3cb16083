"""Sign-in by user name, e-mail or phone; the two doors; throttling."""

import pytest
from django.urls import reverse

from motcua.accounts.backends import LoginIdentifierBackend
from motcua.testing.factories import TEST_PASSWORD, CitizenFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "identifier", ["0912000001", "+84 912 000 001", "AN@EXAMPLE.VN", "0912000001"]
)
def test_a_citizen_signs_in_with_phone_in_any_format_or_email(identifier):
    user = CitizenFactory(username="0912000001", phone="0912000001", email="an@example.vn")
    assert LoginIdentifierBackend().authenticate(None, identifier, TEST_PASSWORD) == user


def test_a_wrong_password_or_unknown_identifier_is_refused():
    CitizenFactory(username="0912000002", phone="0912000002")
    backend = LoginIdentifierBackend()
    assert backend.authenticate(None, "0912000002", "sai-mat-khau") is None
    assert backend.authenticate(None, "0999999999", TEST_PASSWORD) is None


def test_an_inactive_account_cannot_sign_in():
    CitizenFactory(username="0912000003", phone="0912000003", is_active=False)
    assert LoginIdentifierBackend().authenticate(None, "0912000003", TEST_PASSWORD) is None


def test_citizen_signs_in_at_the_portal(client):
    CitizenFactory(username="0912000004", phone="0912000004")
    response = client.post(
        reverse("portal:login"), {"username": "0912000004", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("portal:home")).context["user"].is_authenticated


def test_staff_are_sent_to_the_desk_door_from_the_portal(client):
    StaffFactory(username="canbo.test")
    response = client.post(
        reverse("portal:login"), {"username": "canbo.test", "password": TEST_PASSWORD}
    )
    assert response.status_code == 200
    assert "trang Một cửa điện tử dành cho cán bộ" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_citizens_are_sent_to_the_portal_door_from_the_desk(client):
    CitizenFactory(username="0912000005", phone="0912000005")
    response = client.post(
        reverse("desk:login"), {"username": "0912000005", "password": TEST_PASSWORD}
    )
    assert response.status_code == 200
    assert "Công dân vui lòng đăng nhập tại Cổng dịch vụ công" in response.content.decode()


def test_a_failed_sign_in_shows_an_error_summary_in_vietnamese(client):
    response = client.post(reverse("portal:login"), {"username": "0912", "password": "x"})
    body = response.content.decode()
    assert "Có 1 lỗi cần sửa" in body
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in body


def test_sign_in_is_throttled_after_five_failures(client, settings):
    CitizenFactory(username="0912000006", phone="0912000006")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("portal:login"), {"username": "0912000006", "password": "sai"})
    response = client.post(
        reverse("portal:login"), {"username": "0912000006", "password": TEST_PASSWORD}
    )
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_behind_our_proxy_an_attacker_cannot_lock_out_the_real_user(client, settings):
    """The lock-out counts by the client's address, not the proxy's (127.0.0.1 for all)."""
    settings.AXES_IPWARE_PROXY_COUNT = 1
    CitizenFactory(username="0912000007", phone="0912000007")
    attacker = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.9"}
    owner = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    url = reverse("portal:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "0912000007", "password": "sai"}, **attacker)
    locked = client.post(url, {"username": "0912000007", "password": TEST_PASSWORD}, **attacker)
    assert locked.status_code == 429
    response = client.post(url, {"username": "0912000007", "password": TEST_PASSWORD}, **owner)
    assert response.status_code == 302 and "_auth_user_id" in client.session
