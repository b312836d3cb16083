"""Acceptance of issue #6 "One-stop desk" in a real browser (Chromium, 1280×900).

A walk-in applicant's dossier goes the whole way through the desk, every step by a real
click or key press, each officer signing in at the desk login page:

1. the counter officer of the service center finds the procedure by typing its name without
   diacritics (keyboard only), picks the case, ticks the required component with a PDF,
   fills in the applicant, ticks the fee collected and receives the dossier ("Được tiếp
   nhận"); prints form 01 (a PDF whose text says "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
   and the dossier code), and forwards the dossier to the leader of Sở Tư pháp;
2. the leader completes step 2 (Phân công thụ lý) handing it to the specialist, who
   completes step 3 handing it to the unit head, who completes step 4 (keyboard only)
   handing it back to the leader;
3. the leader issues the result with its signed PDF and the confirmation box (step 5);
4. the counter officer returns the result at the counter: recipient, 12-digit identity
   number, confirmation → "Đã trả kết quả".

axe-core (WCAG 2.1 A/AA) finds nothing on the intake sheet, the dossier page, two action
pages and the inbox. Screenshots: test-artifacts/desk/.
An officer of another agency who opens the dossier's address (or its form 01) gets 404.

The clock is the real one (no time travel in a browser test): nothing below depends on
the weekday or the hour — the due date is read from the page, the date of issue is the
form's own default (today).
"""

from __future__ import annotations

import re
import subprocess
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from motcua.catalog.models import ProcedureCase
from motcua.catalog.services import search_text_for
from motcua.dossiers.models import Dossier
from motcua.testing.dossier_world import MINIMAL_PDF, World, build_world, receive_walk_in
from motcua.workcal.services import holidays_seed

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Tiep-nhan-2026!"
PROCEDURE = "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam"
APPLICANT = "Nguyễn Thị Bình"
IDENTITY = "034190004321"
DESKTOP = {"width": 1280, "height": 900}
DOSSIER_URL = re.compile(r".*/desk/ho-so/(?P<code>[^/]+)/$")


# --------------------------------------------------------------------------- data


@pytest.fixture
def world(transactional_db) -> World:
    """build_world() with a realistic procedure name, a second case (so that the officer
    picks one), the seeded holidays and known passwords for the staff."""
    holidays_seed(actor=None, years=range(2026, max(2028, timezone.localdate().year + 2)))
    world = build_world()
    world.version.name = PROCEDURE
    world.version.search_text = search_text_for(world.version)
    world.version.save(update_fields=["name", "search_text"])
    ProcedureCase.objects.create(
        version=world.version,
        order=2,
        name="Trường hợp người nộp đề nghị cấp Phiếu số 2",
        processing_amount=Decimal(10),
        processing_unit="working_days",
    )
    staff = (world.counter_officer, world.leader, world.unit_head, world.specialist)
    for user in (*staff, world.sxd_specialist):
        user.set_password(PASSWORD)
        user.save()
    return world


@pytest.fixture
def shots(artifacts) -> Path:
    folder = artifacts / "desk"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture
def desk(page, live_server):
    page.set_viewport_size(DESKTOP)
    return Desk(page, live_server.url)


# --------------------------------------------------------------------------- helpers


class Desk:
    """The browser at the desk: sign in and out through the pages, open a dossier."""

    def __init__(self, page, base: str) -> None:
        self.page, self.base = page, base

    def login(self, user) -> None:
        page = self.page
        page.goto(f"{self.base}/desk/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(user.username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(f"{self.base}/desk/")
        assert user.full_name in page.get_by_role("heading", level=1).inner_text()

    def logout(self) -> None:
        page = self.page
        page.locator(".mc-desk__user summary").click()
        page.get_by_role("button", name="Đăng xuất").click()
        page.wait_for_url(f"{self.base}/desk/dang-nhap/")

    def menu(self, name: str):
        """A link of the desk's sidebar."""
        sidebar = self.page.get_by_role("navigation", name="Chức năng")
        return sidebar.get_by_role("link", name=name, exact=True)

    def actions(self):
        """The "Thao tác" panel of the dossier page."""
        return self.page.get_by_role("region", name="Thao tác", exact=True)

    def open_from_my_inbox(self, code: str) -> None:
        """Sidebar "Hộp hồ sơ" (the dossiers I hold), then the dossier's code."""
        page = self.page
        self.menu("Hộp hồ sơ").click()
        page.wait_for_url("**/desk/ho-so/hop/cua-toi/")
        page.get_by_role("link", name=code, exact=True).click()
        page.wait_for_url(f"**/desk/ho-so/{code}/")

    def action(self, name: str, code: str) -> None:
        """Follow an action link of the dossier page's "Thao tác" panel."""
        page = self.page
        self.actions().get_by_role("link", name=name).click()
        page.wait_for_url(re.compile(rf".*/desk/ho-so/{re.escape(code)}/thao-tac/[a-z-]+/$"))
        assert page.get_by_role("heading", level=1).inner_text() == name

    def done(self, code: str, action: str) -> None:
        """Back on the dossier page with the success message of `action`."""
        page = self.page
        page.wait_for_url(f"{self.base}/desk/ho-so/{code}/")
        message = page.locator(".mc-messages").get_by_role("status")
        assert f"Đã thực hiện “{action}” đối với hồ sơ {code}." in message.inner_text()

    def status(self) -> str:
        return self.page.locator(".mc-desk__header .mc-tag").first.inner_text()

    def holder(self) -> str:
        row = self.page.locator(".mc-summary__row", has_text="Đang ở")
        return row.locator(".mc-summary__value").inner_text()

    def shot(self, folder: Path, name: str) -> None:
        self.page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def tab_to(page, target, *, limit: int = 60) -> None:
    """Press Tab until `target` has the focus (as a keyboard user would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} not reached with {limit} presses of Tab")


def choose(select, user) -> None:
    """Pick `user` in a list of officers (an option reads "full name (username)")."""
    option = select.locator("option", has_text=user.full_name)
    select.select_option(label=option.inner_text().strip())


def track_htmx(page) -> None:
    """Count the htmx requests the page sends and completes (see `wait_for_htmx`)."""
    page.evaluate(
        """() => {
            window.__htmx = {sent: 0, done: 0};
            document.addEventListener("htmx:beforeRequest", () => window.__htmx.sent++);
            document.addEventListener("htmx:afterRequest", () => window.__htmx.done++);
        }"""
    )


def wait_for_htmx(page) -> None:
    """Until every htmx request sent so far has been answered and swapped in."""
    page.wait_for_function("() => __htmx.sent > 0 && __htmx.sent === __htmx.done")


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "form.pdf"
    path.write_bytes(data)
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
        timeout=30,
    )
    return done.stdout


# --------------------------------------------------------------------------- tests


def test_a_walk_in_dossier_from_the_counter_to_the_returned_result(
    desk, world, shots, tmp_path, axe_check
):
    page, w = desk.page, world
    scan = tmp_path / "to-khai-ly-lich-tu-phap.pdf"
    scan.write_bytes(MINIMAL_PDF)
    signed = tmp_path / "phieu-ly-lich-tu-phap-so-1.pdf"
    signed.write_bytes(MINIMAL_PDF)

    # 1. Counter: find the procedure with the keyboard, without diacritics -------------
    desk.login(w.counter_officer)
    desk.menu("Tiếp nhận hồ sơ").click()
    page.wait_for_url(f"{desk.base}/desk/tiep-nhan/")
    search = page.get_by_role("searchbox", name="Tên hoặc mã thủ tục")
    track_htmx(page)
    tab_to(page, search)
    page.keyboard.type("ly lich tu phap")  # results come as one types (htmx, 400 ms)
    wait_for_htmx(page)
    assert query_of(page.url).get("q") == ["ly lich tu phap"]  # hx-push-url
    assert page.get_by_role("status").inner_text() == "Tìm thấy 1 thủ tục."
    result = page.get_by_role("link", name=PROCEDURE, exact=True)
    desk.shot(shots, "01-intake-search")
    tab_to(page, result)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/desk/tiep-nhan/{w.stp.code}/{w.version.procedure.code}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Chọn trường hợp"
    desk.shot(shots, "02-intake-case")
    page.get_by_role("link", name="Trường hợp chung", exact=True).click()
    page.wait_for_url(f"**/desk/tiep-nhan/{w.stp.code}/{w.version.procedure.code}/{w.case.pk}/")

    # 2. The intake sheet: component with its PDF, applicant, fee; receive ------------
    assert page.get_by_role("heading", level=1).inner_text() == "Kiểm tra và tiếp nhận hồ sơ"
    assert "50.000" in page.get_by_role("table").inner_text()
    assert axe_check(page) == []
    row = page.locator(f"#tp-{w.form.pk}")
    assert "Tờ khai theo mẫu" in row.get_by_role("heading").inner_text()
    row.get_by_label("Đã nộp", exact=True).check()
    with page.expect_file_chooser() as chooser:
        row.get_by_label("Tệp đính kèm").click()
    chooser.value.set_files(str(scan))
    page.get_by_label("Họ tên người nộp hồ sơ hoặc tên tổ chức").fill(APPLICANT)
    page.get_by_label("Số định danh cá nhân (căn cước)").fill(IDENTITY)
    page.get_by_label("Số điện thoại").fill("0987654321")
    page.get_by_label("Địa chỉ", exact=True).fill("Số 12 phố Chùa Chuông, phường Phố Hiến")
    page.get_by_label("Đã thu phí, lệ phí khi tiếp nhận").check()
    desk.shot(shots, "03-intake-sheet")
    page.get_by_role("button", name="Tiếp nhận", exact=True).click()
    page.wait_for_url(DOSSIER_URL)
    code = DOSSIER_URL.match(page.url)["code"]
    dossier = Dossier.objects.get(code=code)
    assert page.get_by_role("heading", level=1).inner_text() == f"Hồ sơ {code}"
    assert desk.status() == "Được tiếp nhận"
    notice = page.locator(".mc-messages").get_by_role("status").inner_text()
    assert f"Đã tiếp nhận hồ sơ {code}, hẹn trả kết quả" in notice
    main = page.locator("main").inner_text()
    assert APPLICANT in main and IDENTITY in main and scan.name in main
    due = timezone.localtime(dossier.due_at).strftime("%H:%M %d/%m/%Y")
    assert due in main  # the appointment, whatever today is
    desk.shot(shots, "04-dossier-received")
    assert axe_check(page) == []

    # Form 01, the "In biểu mẫu" link: a real PDF with the title and the code
    form01 = page.get_by_role("link", name="Mẫu 01 – Giấy tiếp nhận và hẹn trả kết quả")
    href = form01.get_attribute("href")
    assert href == f"/desk/ho-so/{code}/mau/receipt.pdf"
    response = page.request.get(desk.base + href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    text = " ".join(pdf_text(response.body(), tmp_path).split())  # the title wraps
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert code in text

    # Forward to the leader of Sở Tư pháp (step 2)
    desk.action("Chuyển hồ sơ đến cơ quan giải quyết", code)
    choose(page.get_by_label("Cán bộ nhận hồ sơ"), w.leader)
    desk.shot(shots, "05-forward-form")
    page.get_by_role("button", name="Chuyển hồ sơ đến cơ quan giải quyết").click()
    desk.done(code, "Chuyển hồ sơ đến cơ quan giải quyết")
    assert desk.status() == "Đang xử lý"
    assert w.leader.full_name in desk.holder()
    desk.logout()

    # 3. Leader, step 2: hand it to the specialist ------------------------------------
    desk.login(w.leader)
    desk.open_from_my_inbox(code)
    desk.action("Hoàn thành bước xử lý", code)
    assert "Bước tiếp theo: 3. Thẩm định, dự thảo kết quả" in page.locator("main").inner_text()
    choose(page.get_by_label("Cán bộ nhận ở bước tiếp theo"), w.specialist)
    page.get_by_label("Ghi chú").fill("Giao chuyên viên thẩm định.")
    page.get_by_role("button", name="Hoàn thành bước xử lý").click()
    desk.done(code, "Hoàn thành bước xử lý")
    assert w.specialist.full_name in desk.holder()
    desk.logout()

    # Specialist, step 3: hand it to the unit head
    desk.login(w.specialist)
    desk.open_from_my_inbox(code)
    desk.action("Hoàn thành bước xử lý", code)
    choose(page.get_by_label("Cán bộ nhận ở bước tiếp theo"), w.unit_head)
    page.get_by_label("Ghi chú").fill("Đã thẩm định, dự thảo Phiếu lý lịch tư pháp.")
    page.get_by_role("button", name="Hoàn thành bước xử lý").click()
    desk.done(code, "Hoàn thành bước xử lý")
    assert w.unit_head.full_name in desk.holder()
    desk.logout()

    # Unit head, step 4, with the keyboard only: to the leader for signature
    desk.login(w.unit_head)
    desk.open_from_my_inbox(code)
    desk.action("Hoàn thành bước xử lý", code)
    assert axe_check(page) == []
    officer = page.get_by_label("Cán bộ nhận ở bước tiếp theo")
    tab_to(page, officer)
    page.keyboard.press("ArrowDown")  # "Không chỉ định" → the only leader of Sở Tư pháp
    assert officer.evaluate("e => e.selectedOptions[0].text").startswith(w.leader.full_name)
    page.keyboard.press("Tab")
    page.keyboard.type("Trình lãnh đạo ký.")
    submit = page.get_by_role("button", name="Hoàn thành bước xử lý")
    tab_to(page, submit)
    desk.shot(shots, "06-complete-step-keyboard")
    page.keyboard.press("Enter")
    desk.done(code, "Hoàn thành bước xử lý")
    assert w.leader.full_name in desk.holder()
    desk.logout()

    # 4. Leader, step 5: issue the result with its signed PDF -------------------------
    desk.login(w.leader)
    desk.open_from_my_inbox(code)
    assert desk.actions().get_by_role("link", name="Hoàn thành bước xử lý").count() == 0
    desk.action("Ban hành kết quả giải quyết", code)
    page.get_by_label("Loại văn bản kết quả").fill("Phiếu lý lịch tư pháp số 1")
    page.get_by_label("Số, ký hiệu").fill("125/PLLTP-STP")
    page.get_by_label("Người ký").fill(w.leader.full_name)
    assert page.get_by_label("Ngày ban hành").input_value() == f"{timezone.localdate():%d/%m/%Y}"
    page.get_by_label("Trích yếu").fill("Cấp Phiếu lý lịch tư pháp số 1 cho bà Nguyễn Thị Bình")
    assert page.get_by_label(re.compile("^Kết quả chấp thuận")).is_checked()
    with page.expect_file_chooser() as chooser:
        page.get_by_label("Tệp kết quả đã ký số (PDF)").click()
    chooser.value.set_files(str(signed))
    page.get_by_label("Tôi đã kiểm tra và xác nhận thực hiện thao tác này").check()
    desk.shot(shots, "07-issue-result")
    page.get_by_role("button", name="Ban hành kết quả giải quyết").click()
    desk.done(code, "Ban hành kết quả giải quyết")
    assert desk.status() == "Đã xử lý xong"
    assert "125/PLLTP-STP" in page.get_by_role("region", name="Kết quả giải quyết").inner_text()
    desk.logout()

    # 5. Counter: return the result to the applicant ----------------------------------
    desk.login(w.counter_officer)
    desk.menu("Hộp hồ sơ").click()
    page.wait_for_url("**/desk/ho-so/hop/cua-toi/")
    page.get_by_role("navigation", name="Hộp hồ sơ").get_by_role(
        "link", name=re.compile("^Chờ trả kết quả")
    ).click()
    page.wait_for_url("**/desk/ho-so/hop/tra-ket-qua/")
    page.get_by_role("link", name=code, exact=True).click()
    page.wait_for_url(f"**/desk/ho-so/{code}/")
    desk.action("Trả kết quả", code)
    assert axe_check(page) == []
    assert page.get_by_label("Nhận trực tiếp tại Bộ phận Một cửa").is_checked()
    # with the keyboard only: recipient, identity number, confirmation (Space), Enter
    tab_to(page, page.get_by_label("Họ tên người nhận kết quả"))
    page.keyboard.press("Control+A")
    page.keyboard.type(APPLICANT)
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type(IDENTITY)
    confirm = page.get_by_label("Tôi đã kiểm tra và xác nhận thực hiện thao tác này")
    tab_to(page, confirm)
    page.keyboard.press("Space")
    assert confirm.is_checked()
    assert page.get_by_label("Số định danh cá nhân của người nhận").input_value() == IDENTITY
    tab_to(page, page.get_by_role("button", name="Trả kết quả", exact=True))
    desk.shot(shots, "08-return-result")
    page.keyboard.press("Enter")
    desk.done(code, "Trả kết quả")
    assert desk.status() == "Đã trả kết quả"
    returned = page.locator(".mc-summary__row", has_text="Đã trả kết quả").inner_text()
    assert APPLICANT in returned
    desk.shot(shots, "09-dossier-returned")

    # The inbox of every dossier in scope, and the dossier in it
    page.goto(f"{desk.base}/desk/ho-so/hop/tat-ca/")
    assert page.get_by_role("heading", level=1).inner_text() == "Tất cả hồ sơ"
    listed = page.get_by_role("row").filter(has=page.get_by_role("link", name=code))
    assert "Đã trả kết quả" in listed.inner_text()
    desk.shot(shots, "10-inbox-all")
    assert axe_check(page) == []

    dossier.refresh_from_db()
    assert (dossier.status, dossier.recipient_identity) == (10, IDENTITY)
    assert [h.receiver_id for h in dossier.handovers.order_by("seq")][:4] == [
        w.leader.pk,
        w.specialist.pk,
        w.unit_head.pk,
        w.leader.pk,
    ]


def test_an_officer_of_another_agency_gets_the_404_page(desk, world, shots):
    dossier = receive_walk_in(world)
    desk.login(world.sxd_specialist)
    response = desk.page.goto(f"{desk.base}/desk/ho-so/{dossier.code}/")
    assert response.status == 404
    body = desk.page.locator("body").inner_text()
    assert dossier.code not in body and world.applicant.name not in body
    desk.shot(shots, "11-other-agency-404")
    form01 = desk.page.request.get(f"{desk.base}/desk/ho-so/{dossier.code}/mau/receipt.pdf")
    assert form01.status == 404
