"""Smoke test in a real browser: portal home on a phone, staff sign-in on a desktop."""

import pytest
from django.core.management import call_command

from motcua.demo.loader import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_portal_home_on_a_360px_phone(live_server, page, demo, artifacts, axe_check):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/")
    heading = page.get_by_role("heading", level=1)
    assert "Dịch vụ công trực tuyến" in heading.inner_text()
    assert page.get_by_text("Sở Tư pháp").first.is_visible()
    # Nothing wider than the phone: no horizontal scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # The font that renders is our self-hosted Noto Sans.
    loaded = page.evaluate(
        "async () => { await document.fonts.ready; return [...document.fonts]"
        ".filter(f => f.status === 'loaded').map(f => f.family); }"
    )
    assert any("Motcua Noto Sans" in family for family in loaded)
    page.screenshot(path=str(artifacts / "portal-home-360.png"), full_page=True)
    assert axe_check(page) == []


def test_keyboard_user_reaches_the_content_with_the_skip_link(live_server, page, demo):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Chuyển đến nội dung chính"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_staff_sign_in_and_dashboard(live_server, page, demo, artifacts, axe_check):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/desk/")
    assert "/desk/dang-nhap/" in page.url
    page.screenshot(path=str(artifacts / "desk-login.png"))
    assert axe_check(page) == []
    page.get_by_label("Tên đăng nhập").fill("lanhdao.stp")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/desk/")
    assert "Xin chào, Phạm Quốc Việt" in page.get_by_role("heading", level=1).inner_text()
    table = page.get_by_role("table").inner_text()
    assert "Sở Tư pháp" in table and "Sở Xây dựng" not in table
    page.screenshot(path=str(artifacts / "desk-dashboard.png"), full_page=True)
    assert axe_check(page) == []


def test_wrong_password_shows_the_error_summary(live_server, page, demo, axe_check):
    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_label("Số điện thoại hoặc thư điện tử").fill("0912345678")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    summary = page.get_by_role("alert").first
    assert "Có 1 lỗi cần sửa" in summary.inner_text()
    assert axe_check(page) == []
