"""National sign-on: the matching rules of sso_sign_in, the fake provider and the registry."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from motcua.accounts.errors import AccountError
from motcua.accounts.models import User
from motcua.accounts.services_sso import sso_sign_in
from motcua.integrations.sso.base import SsoError, SsoIdentity
from motcua.integrations.sso.fake.provider import (
    AUTHORIZE_PATH,
    FakeSsoProvider,
    issue_code,
)
from motcua.integrations.sso.registry import get_provider, provider_class
from motcua.testing.factories import CitizenFactory, StaffFactory

pytestmark = pytest.mark.django_db

PERSON = SsoIdentity(
    subject="sub-1",
    full_name="Lê Minh Châu",
    identity_number="035200009876",
    phone="0903456789",
    email="chau@example.vn",
    verified_level=2,
)


def _sign_in(identity=PERSON):
    return sso_sign_in(actor=None, provider="fake", identity=identity)


def test_a_new_person_gets_an_active_verified_citizen_account():
    user = _sign_in()
    assert user.is_active and user.kind == "citizen" and user.identity_verified_at
    assert (user.username, user.phone, user.email) == (
        "vneid.035200009876",
        "0903456789",
        "chau@example.vn",
    )
    assert not user.has_usable_password()


def test_the_same_person_comes_back_to_the_same_account():
    first = _sign_in()
    assert _sign_in() == first
    assert User.objects.count() == 1


def test_an_account_with_the_number_and_the_same_phone_is_linked():
    citizen = CitizenFactory(identity_number="035200009876", phone="0903456789")
    user = _sign_in()
    assert user == citizen and user.identity_verified_at is not None


def test_a_number_merely_typed_into_a_profile_does_not_capture_the_sign_on():
    """Someone who typed a stranger's number must not receive the stranger's sign-on."""
    squatter = CitizenFactory(identity_number="035200009876", phone="0912999999")
    user = _sign_in()
    assert user != squatter
    assert user.identity_verified_at and squatter.identity_verified_at is None


def test_a_new_account_does_not_take_a_phone_another_account_uses():
    CitizenFactory(phone="0903456789", username="0903456789")
    user = _sign_in(SsoIdentity("sub-2", "Người Khác", "035200001111", phone="0903456789"))
    assert user.phone is None


def test_staff_accounts_are_never_signed_in_through_the_portal_sign_on():
    StaffFactory(identity_number="035200009876")
    assert _sign_in().kind == "citizen"


def test_a_locked_account_is_not_signed_in():
    CitizenFactory(identity_number="035200009876", phone="0903456789", is_active=False)
    with pytest.raises(AccountError, match="bị khóa"):
        _sign_in()


def test_an_identity_without_a_valid_number_is_refused():
    with pytest.raises(AccountError):
        _sign_in(SsoIdentity("sub-3", "X", "123"))
    assert not User.objects.exists()


def test_the_fake_code_is_bound_to_the_nonce_and_used_once():
    provider = FakeSsoProvider(redirect_uri="/cb/")
    code = issue_code(key="chau", nonce="n-1")
    with pytest.raises(SsoError, match="nonce"):
        provider.exchange(code, nonce="n-2")
    assert provider.exchange(code, nonce="n-1").identity_number == "035200009876"
    with pytest.raises(SsoError, match="already used"):
        provider.exchange(code, nonce="n-1")
    with pytest.raises(SsoError, match="bad or expired"):
        provider.exchange("forged", nonce="n-1")


def test_the_fake_authorization_url_points_at_the_fake_page(settings):
    from django.urls import reverse

    url = FakeSsoProvider(redirect_uri="/cb/").authorization_url("s", "n")
    assert url.startswith(AUTHORIZE_PATH + "?") and reverse("portal:sso_fake") == AUTHORIZE_PATH


def test_the_registry_follows_the_setting(settings):
    settings.SSO_PROVIDER = "fake"
    assert isinstance(get_provider(redirect_uri="/cb/"), FakeSsoProvider)
    settings.SSO_PROVIDER = ""
    assert provider_class() is None and get_provider(redirect_uri="/cb/") is None
    settings.SSO_PROVIDER = "nope"
    with pytest.raises(ImproperlyConfigured):
        provider_class()


def test_production_settings_refuse_the_fake_provider(monkeypatch):
    import importlib

    import motcua.settings

    monkeypatch.setenv("MOTCUA_ENV_FILE", "/dev/null")
    monkeypatch.setenv("DEBUG", "false")
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("SSO_PROVIDER", "fake")
    try:
        with pytest.raises(ImproperlyConfigured, match="SSO_PROVIDER=fake"):
            importlib.reload(motcua.settings)
        monkeypatch.delenv("SSO_PROVIDER")
        assert importlib.reload(motcua.settings).SSO_PROVIDER == ""
    finally:
        monkeypatch.undo()
        importlib.reload(motcua.settings)
