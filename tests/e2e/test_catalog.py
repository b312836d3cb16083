"""Procedure catalogue in a real browser: a citizen on a 360 px phone finds a procedure
by typing without diacritics, with the keyboard only, and opens its page."""

from decimal import Decimal

import pytest

from motcua.catalog.models import Component, Fee, OnlineLevel, ProcedureCase
from motcua.testing.catalog_factories import FieldFactory, VersionFactory
from motcua.testing.personas import make_personas

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue(transactional_db):
    personas = make_personas()
    personas.agency_x.feedback_address = "Phòng Kiểm soát thủ tục hành chính, Văn phòng UBND tỉnh"
    personas.agency_x.save()
    ho_tich = FieldFactory(code="ho-tich", name="Hộ tịch")
    xay_dung = FieldFactory(code="hoat-dong-xay-dung", name="Hoạt động xây dựng")
    birth = VersionFactory(
        published=True,
        procedure__code="1.001193",
        name="Đăng ký khai sinh",
        field=ho_tich,
        level_province=False,
        level_commune=True,
        processing_agency=personas.agency_x,
        online_level=OnlineLevel.FULL,
        children=False,
    )
    case = ProcedureCase.objects.create(
        version=birth,
        name="Trường hợp chung",
        processing_amount=Decimal(1),
        processing_unit="working_days",
    )
    Component.objects.create(
        version=birth, group="Giấy tờ phải nộp", name="Tờ khai đăng ký khai sinh", originals=1
    )
    Component.objects.create(version=birth, name="Giấy chứng sinh", originals=1, copies=1)
    Fee.objects.create(version=birth, case=case, name="Lệ phí", amount_vnd=None)
    Fee.objects.create(version=birth, name="Phí cấp bản sao", amount_vnd=8_000)
    VersionFactory(
        published=True,
        procedure__code="1.001695",
        name="Đăng ký khai sinh có yếu tố nước ngoài",
        field=ho_tich,
    )
    VersionFactory(
        published=True,
        procedure__code="1.009974",
        name="Cấp giấy phép xây dựng mới đối với công trình cấp đặc biệt, cấp I, cấp II",
        field=xay_dung,
        processing_agency=personas.agency_y,
    )


def _no_horizontal_scroll(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_citizen_finds_birth_registration_on_a_phone_with_the_keyboard(
    live_server, page, catalogue, artifacts, axe_check
):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/")
    page.get_by_role("searchbox", name="Tên hoặc mã thủ tục").focus()
    page.keyboard.type("khai sinh")
    page.keyboard.press("Enter")
    page.wait_for_url("**/thu-tuc/?q=khai+sinh")

    status = page.get_by_role("status")
    assert "Tìm thấy 2 thủ tục cho “khai sinh”." in status.inner_text()
    link = page.get_by_role("link", name="Đăng ký khai sinh", exact=True)
    assert link.is_visible()
    _no_horizontal_scroll(page, 360)
    page.screenshot(path=str(artifacts / "catalog-list-360.png"), full_page=True)
    assert axe_check(page) == []

    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/thu-tuc/1.001193/")
    assert page.get_by_role("heading", level=1).inner_text() == "Đăng ký khai sinh"
    assert page.get_by_role("link", name="Nộp trực tuyến").is_visible()
    assert page.get_by_role("button", name="In trang").is_visible()  # shown by motcua.js
    body = page.locator("main").inner_text()
    assert "8.000 ₫" in body and "Theo quy định của HĐND tỉnh" in body
    assert "Phòng Kiểm soát thủ tục hành chính, Văn phòng UBND tỉnh" in body
    _no_horizontal_scroll(page, 360)
    page.screenshot(path=str(artifacts / "catalog-detail-360.png"), full_page=True)
    assert axe_check(page) == []


def test_htmx_updates_the_results_in_place_and_the_address(
    live_server, page, catalogue, artifacts, axe_check
):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/thu-tuc/")
    assert "Tra cứu theo lĩnh vực" in page.locator("main").inner_text()
    assert axe_check(page) == []
    page.screenshot(path=str(artifacts / "catalog-browse-1280.png"), full_page=True)
    page.evaluate("window.__samePage = true")
    search = page.get_by_role("searchbox", name="Tìm thủ tục")
    search.fill("giay phep xay dung")
    search.press("Enter")
    page.wait_for_url(lambda url: "/thu-tuc/?q=giay" in url)  # hx-push-url
    status = page.get_by_role("status")
    status.filter(has_text="Tìm thấy 1 thủ tục").wait_for()
    assert page.evaluate("window.__samePage === true"), "no full reload"
    assert "Tra cứu theo lĩnh vực" not in page.locator("main").inner_text()
    assert page.get_by_role("link", name="Cấp giấy phép xây dựng mới", exact=False).is_visible()
    assert axe_check(page) == []
