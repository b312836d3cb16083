"""Portal pages show real data, in Vietnamese, with English available."""

import pytest
from django.urls import reverse

from motcua.testing.factories import AgencyFactory, CounterFactory

pytestmark = pytest.mark.django_db


def test_home_shows_the_agencies_and_figures_from_the_database(client, personas):
    CounterFactory(service_center=personas.agency_x)
    response = client.get(reverse("portal:home"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Dịch vụ công trực tuyến" in body
    assert "Sở Tư pháp" in body and "Sở Xây dựng" in body
    assert response.context["summary"].counters == 1


def test_home_hides_inactive_agencies(client, personas):
    AgencyFactory(name="Sở Đã Giải Thể", is_active=False)
    assert "Sở Đã Giải Thể" not in client.get(reverse("portal:home")).content.decode()


def test_an_agency_page_shows_where_to_send_feedback(client, personas):
    personas.agency_x.feedback_address = "Phòng Kiểm soát thủ tục hành chính"
    personas.agency_x.save()
    body = client.get(reverse("portal:agency_detail", args=["so-tu-phap"])).content.decode()
    assert "Tiếp nhận phản ánh, kiến nghị" in body
    assert "Phòng Kiểm soát thủ tục hành chính" in body


def test_an_inactive_or_unknown_agency_page_is_404(client, personas):
    AgencyFactory(code="so-cu", is_active=False)
    assert client.get(reverse("portal:agency_detail", args=["so-cu"])).status_code == 404
    assert client.get(reverse("portal:agency_detail", args=["khong-co"])).status_code == 404


def test_pages_carry_a_skip_link_and_the_language(client, personas):
    body = client.get(reverse("portal:home")).content.decode()
    assert '<html lang="vi">' in body
    assert 'href="#main"' in body and 'id="main"' in body


def test_english_is_available_through_the_language_switch(client, personas):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "Online public services" in body
    assert "Dịch vụ công trực tuyến" not in body


def test_the_content_security_policy_allows_only_our_own_assets(client, personas):
    response = client.get(reverse("portal:home"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self' 'nonce-" in policy
    body = response.content.decode()
    assert "https://" not in body.split("<body")[0]  # no CDN in <head>


def test_the_portal_stays_vietnamese_for_an_english_browser(client, personas):
    response = client.get(reverse("portal:home"), headers={"accept-language": "en-US,en;q=0.9"})
    body = response.content.decode()
    assert '<html lang="vi">' in body and "Dịch vụ công trực tuyến" in body
    assert response["Content-Language"] == "vi"


def test_an_unknown_language_cookie_falls_back_to_vietnamese(client, personas):
    client.cookies["django_language"] = "fr"
    assert '<html lang="vi">' in client.get(reverse("portal:home")).content.decode()


def test_the_language_choice_does_not_leak_past_the_request(client, personas):
    from django.utils import translation

    client.cookies["django_language"] = "en"
    client.get(reverse("portal:home"))
    assert translation.get_language() == "vi"
