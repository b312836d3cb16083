"""Staff two-factor sign-in with TOTP, required on production settings."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_factor(settings):
    settings.STAFF_REQUIRE_2FA = True


def _token(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _password_step(client, user):
    return client.post(
        reverse("desk:login"), {"username": user.username, "password": TEST_PASSWORD}
    )


def test_first_sign_in_enrols_a_totp_device_before_the_desk_opens(client, personas, two_factor):
    response = _password_step(client, personas.officer_x)
    assert response.status_code == 302 and "dang-ky-xac-thuc" in response["Location"]
    # The password alone does not open the desk.
    assert "xac-thuc" in client.get(reverse("desk:dashboard"))["Location"]
    page = client.get(reverse("desk:otp_enrol"))
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=personas.officer_x, confirmed=False)
    response = client.post(reverse("desk:otp_enrol"), {"token": _token(device), "next": "/desk/"})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("desk:dashboard")).status_code == 200


def test_a_wrong_code_is_refused_with_a_clear_message(client, personas, two_factor):
    TOTPDevice.objects.create(user=personas.officer_x, name="app", confirmed=True)
    response = _password_step(client, personas.officer_x)
    assert "xac-thuc" in response["Location"]
    response = client.post(reverse("desk:otp_verify"), {"token": "000000"})
    assert "Mã xác thực không đúng hoặc đã hết hạn" in response.content.decode()
    response = client.post(reverse("desk:otp_verify"), {"token": "12ab"})
    assert "gồm đúng 6 chữ số" in response.content.decode()
    assert client.get(reverse("desk:dashboard")).status_code == 302


def test_an_enrolled_officer_signs_in_with_a_current_code(client, personas, two_factor):
    device = TOTPDevice.objects.create(user=personas.officer_x, name="app", confirmed=True)
    _password_step(client, personas.officer_x)
    response = client.post(reverse("desk:otp_verify"), {"token": _token(device), "next": "/desk/"})
    assert response.status_code == 302 and response["Location"] == "/desk/"
    assert client.get(reverse("desk:dashboard")).status_code == 200


def test_the_admin_needs_the_second_factor_too(client, personas, two_factor):
    _password_step(client, personas.admin_x)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("desk:otp_enrol"))
    assert "Bật xác thực hai lớp" in response.content.decode()


def test_an_open_redirect_is_not_followed_after_sign_in(client, personas):
    response = client.post(
        reverse("desk:login"),
        {
            "username": personas.officer_x.username,
            "password": TEST_PASSWORD,
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == "/desk/"
