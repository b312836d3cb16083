"""Acceptance of issue #7 "Online submission and Hồ sơ của tôi" on a phone (Chromium, 360×740).

A new citizen, every step in the browser except the officers' work:

1. registers at /dang-ky/ with an e-mail address; the code goes out through the outbox (the
   real worker runs one round in the test, Django's locmem backend keeps the e-mail) and is
   typed in: the citizen is signed in;
2. finds "Đăng ký khai sinh" by typing without diacritics in the portal search (htmx), opens
   the procedure and submits online: case → applicant and declaration (the version's
   form_schema) → a PDF for the declaration and a JPEG taken "with the camera" for the birth
   certificate → result delivered electronically → review → submit: the dossier code;
3. the desk works through the services (faster and deterministic): the counter officer
   receives and forwards, the leader assigns, the specialist asks for a supplement of the
   birth certificate (a published component; only the competent agency's handlers may ask,
   not the counter);
4. the citizen sees the request in "Hồ sơ của tôi" and uploads the new photo;
5. the leader issues the result with its PDF, the counter returns it electronically;
6. the citizen downloads the electronic result (the very PDF) and form 01 (a PDF with the
   title and the code), and looks the dossier up at /tra-cuu/.

Every portal page of the walk is checked with axe-core (WCAG 2.1 A/AA) and for horizontal
scrolling at 360 px; screenshots go to test-artifacts/portal/. Citizen B, signed in, gets
404 on citizen A's dossier and its result file. A second test weighs the first load of the
home, search and procedure pages: HTML + CSS + JS ≤ 150 KB (fonts excluded).

The clock is the real one: nothing below depends on the weekday or the hour.
"""

from __future__ import annotations

import io
import re
import subprocess
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from PIL import Image, ImageDraw

from motcua.accounts.tests.codes import email_code
from motcua.catalog.models import OnlineLevel, ProcedureCase, Requirement
from motcua.catalog.services import search_text_for
from motcua.documents.samples import MINIMAL_PDF
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import (
    RequestItem,
    ResultDocument,
    Upload,
    dossier_assign,
    dossier_forward,
    dossier_issue_result,
    dossier_receive,
    dossier_request_supplement,
    dossier_return_result,
)
from motcua.testing.catalog_factories import FieldFactory, VersionFactory
from motcua.testing.dossier_world import World, build_world
from motcua.testing.factories import CitizenFactory
from motcua.workcal.services import holidays_seed

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
PROCEDURE = "Đăng ký khai sinh"
CITIZEN = "Nguyễn Thị Hoa"
EMAIL = "nguyen.thi.hoa@example.vn"
PASSWORD = "Khai-sinh-cho-con-2026"
IDENTITY = "034190004321"
CHILD = "Trần Minh Khôi"
SCHEMA = [
    {"name": "ho_ten", "label": "Họ, chữ đệm, tên người được khai sinh", "required": True},
    {"name": "ngay_sinh", "label": "Ngày, tháng, năm sinh", "type": "date", "required": True},
    {
        "name": "gioi_tinh",
        "label": "Giới tính",
        "type": "choice",
        "choices": ["Nam", "Nữ"],
        "required": True,
    },
    {"name": "noi_sinh", "label": "Nơi sinh", "required": True},
]
WEIGHT_LIMIT = 150 * 1024
WEIGHED_TYPES = {"document", "stylesheet", "script"}


# --------------------------------------------------------------------------- data


@pytest.fixture
def world(transactional_db) -> World:
    """build_world() made into a realistic, online "Đăng ký khai sinh" received by Sở Tư
    pháp: two cases (so that the citizen picks one), a declaration, the birth certificate
    required; a second birth procedure and an unrelated one for the search to tell apart."""
    holidays_seed(actor=None, years=range(2026, max(2028, timezone.localdate().year + 2)))
    world = build_world()
    version = world.version
    version.name = PROCEDURE
    version.receiving_agency = world.stp
    version.channel_online = True
    version.online_level = OnlineLevel.FULL
    version.form_schema = SCHEMA
    version.result = "Giấy khai sinh"
    version.field = FieldFactory(code="ho-tich", name="Hộ tịch")
    version.search_text = search_text_for(version)
    version.save(
        update_fields=[
            "name",
            "receiving_agency",
            "channel_online",
            "online_level",
            "form_schema",
            "result",
            "field",
            "search_text",
        ]
    )
    world.case.name = "Đăng ký khai sinh đúng hạn"
    world.case.save(update_fields=["name"])
    ProcedureCase.objects.create(
        version=version,
        order=2,
        name="Đăng ký khai sinh cho trẻ em bị bỏ rơi",
        processing_amount=Decimal(5),
        processing_unit="working_days",
    )
    world.form.name = "Tờ khai đăng ký khai sinh theo mẫu"
    world.form.save(update_fields=["name"])
    world.proof.name = "Giấy chứng sinh"
    world.proof.requirement = Requirement.REQUIRED
    world.proof.save(update_fields=["name", "requirement"])
    VersionFactory(
        published=True, name="Đăng ký khai sinh có yếu tố nước ngoài", field=version.field
    )
    VersionFactory(published=True, name="Đăng ký kết hôn", field=version.field)
    return world


@pytest.fixture
def shots(artifacts) -> Path:
    folder = artifacts / "portal"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture
def phone(page, live_server, shots, axe_check):
    page.set_viewport_size(PHONE)
    return Phone(page, live_server.url, shots, axe_check)


@pytest.fixture
def files(tmp_path) -> dict[str, Path]:
    """Real files as a phone would hold them: a scanned declaration (PDF), two photos."""
    declaration = tmp_path / "to-khai-khai-sinh.pdf"
    declaration.write_bytes(MINIMAL_PDF)
    result = tmp_path / "giay-khai-sinh-ban-dien-tu.pdf"
    result.write_bytes(MINIMAL_PDF)
    return {
        "declaration": declaration,
        "photo": photo(tmp_path / "giay-chung-sinh.jpg", "GIẤY CHỨNG SINH"),
        "retake": photo(tmp_path / "giay-chung-sinh-chup-lai.jpg", "GIẤY CHỨNG SINH (rõ)"),
        "result": result,
    }


def photo(path: Path, text: str) -> Path:
    image = Image.new("RGB", (640, 480), (246, 242, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 620, 460), outline=(40, 40, 120), width=4)
    draw.text((60, 60), text, fill=(20, 20, 20))
    image.save(path, "JPEG", quality=80)
    return path


# --------------------------------------------------------------------------- helpers


class Phone:
    """The citizen's browser: checks that every page passes (axe, no sideways scroll)."""

    def __init__(self, page, base: str, shots: Path, axe_check) -> None:
        self.page, self.base, self.shots, self.axe_check = page, base, shots, axe_check

    def goto(self, path: str):
        return self.page.goto(self.base + path)

    def h1(self) -> str:
        return self.page.get_by_role("heading", level=1).inner_text()

    def main(self) -> str:
        return self.page.locator("main").inner_text()

    def message(self) -> str:
        return self.page.locator(".mc-messages").inner_text()

    def nav(self, name: str):
        return self.page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
            "link", name=name, exact=True
        )

    def button(self, name: str):
        return self.page.get_by_role("button", name=name, exact=True)

    def check(self, shot: str) -> None:
        """A screenshot, then no horizontal scroll at 360 px and no axe violation."""
        self.page.screenshot(path=str(self.shots / f"{shot}.png"), full_page=True)
        width = self.page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{shot}: {width} px wide, scrolls sideways"
        assert self.axe_check(self.page) == [], shot


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


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "downloaded.pdf"
    path.write_bytes(data)
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
        timeout=30,
    )
    return " ".join(done.stdout.split())  # titles wrap


def upload(path: Path) -> Upload:
    return Upload(stream=io.BytesIO(path.read_bytes()), name=path.name)


# --------------------------------------------------------------------------- tests


def test_a_new_citizen_applies_online_for_a_birth_registration_on_a_phone(
    phone, world, files, tmp_path, browser, browser_context_args
):
    page, w = phone.page, world

    # 1. Home, then register with an e-mail address ------------------------------------
    phone.goto("/")
    phone.check("01-home")
    phone.nav("Đăng ký").click()
    page.wait_for_url(f"{phone.base}/dang-ky/")
    page.get_by_label("Họ và tên").fill(CITIZEN)
    page.get_by_label("Số điện thoại hoặc thư điện tử").fill(EMAIL)
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    phone.check("02-register")
    phone.button("Đăng ký và nhận mã xác nhận").click()
    page.wait_for_url(f"{phone.base}/dang-ky/xac-nhan/")
    assert EMAIL in phone.main()
    code = email_code()  # one round of the outbox worker; the e-mail is in mail.outbox
    page.get_by_label("Mã xác nhận").fill(code)
    phone.check("03-confirm-code")
    phone.button("Xác nhận").click()
    page.wait_for_url(f"{phone.base}/tai-khoan/")
    assert "Tài khoản của bạn đã được kích hoạt." in phone.message()
    assert page.get_by_test_id("header-user").inner_text() == CITIZEN

    # 2. Find the procedure without diacritics (htmx), open it ---------------------------
    phone.nav("Thủ tục hành chính").click()
    page.wait_for_url(f"{phone.base}/thu-tuc/")
    track_htmx(page)
    search = page.get_by_role("searchbox", name="Tìm thủ tục")
    search.click()
    page.keyboard.type("dang ky khai sinh")
    page.keyboard.press("Enter")
    wait_for_htmx(page)
    assert parse_qs(urlsplit(page.url).query)["q"] == ["dang ky khai sinh"]  # hx-push-url
    status = page.get_by_role("status").inner_text()
    assert status == "Tìm thấy 2 thủ tục cho “dang ky khai sinh”.", status
    assert page.get_by_role("link", name="Đăng ký kết hôn").count() == 0
    page.screenshot(path=str(phone.shots / "04-search-htmx.png"), full_page=True)
    phone.goto("/thu-tuc/?q=khai+sinh")  # the same search as a first load
    assert page.get_by_role("status").inner_text() == "Tìm thấy 2 thủ tục cho “khai sinh”."
    phone.check("05-search-results")
    page.get_by_role("link", name=PROCEDURE, exact=True).click()
    procedure = w.version.procedure.code
    page.wait_for_url(f"{phone.base}/thu-tuc/{procedure}/")
    assert phone.h1() == PROCEDURE
    phone.check("06-procedure")

    # 3. Online submission, page by page -----------------------------------------------
    page.get_by_role("link", name="Nộp trực tuyến").click()
    page.wait_for_url(f"{phone.base}/thu-tuc/{procedure}/nop-truc-tuyen/")
    assert "Giấy chứng sinh" in phone.main()
    phone.check("07-apply-start")
    phone.button("Bắt đầu soạn hồ sơ").click()
    page.wait_for_url(re.compile(r".*/ho-so-nhap/\d+/truong-hop/$"))
    draft = re.search(r"/ho-so-nhap/(\d+)/", page.url)[1]
    assert phone.h1() == "Chọn trường hợp"
    assert "Sở Tư pháp" in phone.main()  # the only receiving agency, no choice to make
    page.get_by_label("Đăng ký khai sinh đúng hạn").check()
    phone.check("08-step1-case")
    phone.button("Tiếp tục").click()

    page.wait_for_url(f"{phone.base}/ho-so-nhap/{draft}/thong-tin/")
    assert phone.h1() == "Thông tin người nộp và tờ khai"
    name = page.get_by_label("Họ tên người nộp hồ sơ hoặc tên tổ chức")
    assert name.input_value() == CITIZEN  # prefilled from the new account
    assert page.get_by_label("Thư điện tử").input_value() == EMAIL
    page.get_by_label("Số định danh cá nhân (căn cước)").fill(IDENTITY)
    page.get_by_label("Số điện thoại").fill("0987654321")
    page.get_by_label("Địa chỉ", exact=True).fill("Số 12 phố Chùa Chuông, phường Phố Hiến")
    born = timezone.localdate() - timedelta(days=9)
    page.get_by_label("Họ, chữ đệm, tên người được khai sinh").fill(CHILD)
    page.get_by_label("Ngày, tháng, năm sinh").fill(f"{born:%d/%m/%Y}")
    page.get_by_label("Giới tính").select_option("Nam")
    page.get_by_label("Nơi sinh").fill("Bệnh viện Sản Nhi tỉnh Hưng Yên")
    phone.check("09-step2-details")
    phone.button("Tiếp tục").click()

    page.wait_for_url(f"{phone.base}/ho-so-nhap/{draft}/giay-to/")
    assert phone.h1() == "Giấy tờ đính kèm"
    declaration = page.locator(f"#tp-{w.form.pk}")
    certificate = page.locator(f"#tp-{w.proof.pk}")
    declaration.get_by_label("Chọn tệp").set_input_files(files["declaration"])
    certificate.get_by_label("Chụp ảnh giấy tờ").set_input_files(files["photo"])
    phone.button("Tải lên").click()  # stays on the page, listing what was attached
    page.wait_for_url(f"{phone.base}/ho-so-nhap/{draft}/giay-to/")
    assert "Đã tải lên 2 tệp." in phone.message()
    assert declaration.get_by_role("link", name=files["declaration"].name).is_visible()
    assert certificate.get_by_role("link", name=files["photo"].name).is_visible()
    phone.check("10-step3-files")
    phone.button("Tiếp tục").click()

    page.wait_for_url(f"{phone.base}/ho-so-nhap/{draft}/nhan-ket-qua/")
    page.get_by_label("Nhận kết quả điện tử").check()
    phone.check("11-step4-delivery")
    phone.button("Tiếp tục").click()

    page.wait_for_url(f"{phone.base}/ho-so-nhap/{draft}/xem-lai/")
    review = phone.main()
    assert page.locator(".mc-error-summary").count() == 0
    for text in (CHILD, f"{born:%d/%m/%Y}", "Nam", IDENTITY, "Nhận kết quả điện tử"):
        assert text in review, text
    assert files["declaration"].name in review and files["photo"].name in review
    phone.check("12-step5-review")
    phone.button("Nộp hồ sơ").click()

    page.wait_for_url(re.compile(r".*/ho-so-cua-toi/[^/]+/da-nop/$"))
    code = page.get_by_test_id("dossier-code").inner_text()
    assert page.url == f"{phone.base}/ho-so-cua-toi/{code}/da-nop/"
    assert code.startswith(f"{w.stp.identifier_code}-")
    phone.check("13-submitted")
    dossier = Dossier.objects.get(code=code)
    assert (dossier.status, dossier.applicant.email, dossier.result_delivery) == (
        1,
        EMAIL,
        "online",
    )
    assert dossier.form_data == {
        "ho_ten": CHILD,
        "ngay_sinh": born.isoformat(),
        "gioi_tinh": "Nam",
        "noi_sinh": "Bệnh viện Sản Nhi tỉnh Hưng Yên",
    }
    kinds = sorted(f.content_type for f in dossier.files.all())
    assert kinds == ["application/pdf", "image/jpeg"]

    # 4. The desk, through the services: receive, forward, assign, ask for a supplement --
    dossier_receive(actor=w.counter_officer, dossier_id=dossier.pk)
    dossier_forward(actor=w.counter_officer, dossier_id=dossier.pk, to_user=w.leader)
    dossier_assign(actor=w.leader, dossier_id=dossier.pk, to_user=w.specialist)
    reason = "Ảnh chụp Giấy chứng sinh bị mờ, không đọc được số giấy."
    dossier_request_supplement(
        actor=w.specialist,
        dossier_id=dossier.pk,
        items=[RequestItem(w.proof.pk, "Chụp lại Giấy chứng sinh rõ nét, đủ bốn góc")],
        reason=reason,
        respond_within_days=5,
    )

    # 5. The citizen answers in "Hồ sơ của tôi" -------------------------------------------
    phone.nav("Hồ sơ của tôi").click()
    page.wait_for_url(f"{phone.base}/ho-so-cua-toi/")
    row = page.locator(".mc-result", has_text=code)
    assert row.locator(".mc-tag").first.inner_text() == "Yêu cầu bổ sung giấy tờ"
    phone.check("14-my-dossiers")
    row.get_by_role("link", name=PROCEDURE, exact=True).click()
    page.wait_for_url(f"{phone.base}/ho-so-cua-toi/{code}/")
    request = page.get_by_role("region", name="Hồ sơ cần bổ sung")
    asked = request.inner_text()
    assert reason in asked and "Chụp lại Giấy chứng sinh rõ nét, đủ bốn góc" in asked
    phone.check("15-my-dossier-supplement-request")
    request.locator(f"#tp-{w.proof.pk}").get_by_label("Chọn tệp").set_input_files(files["retake"])
    request.get_by_role("button", name="Nộp bổ sung").click()
    page.wait_for_url(f"{phone.base}/ho-so-cua-toi/{code}/")
    assert "Đã nộp hồ sơ bổ sung." in phone.message()
    assert page.get_by_role("region", name="Hồ sơ cần bổ sung").count() == 0
    assert "Đã nhận hồ sơ bổ sung; hồ sơ tiếp tục được giải quyết." in phone.main()
    assert f"{files['retake'].name} (bổ sung)" in phone.main()
    phone.check("16-my-dossier-supplemented")

    # 6. The desk issues the result with its PDF and returns it electronically ----------
    dossier_issue_result(
        actor=w.leader,
        dossier_id=dossier.pk,
        result=ResultDocument(
            kind="Giấy khai sinh",
            number="125/2026/KS",
            signer=w.leader.full_name,
            issued_on=timezone.localdate(),
            summary=f"Khai sinh cho cháu {CHILD}",
            file=upload(files["result"]),
        ),
    )
    dossier_return_result(actor=w.counter_officer, dossier_id=dossier.pk, via="online")

    # 7. The citizen downloads the result and form 01 -----------------------------------
    page.reload()
    assert page.locator(".mc-tags .mc-tag").first.inner_text() == "Đã trả kết quả"
    result = page.get_by_role("region", name="Kết quả giải quyết")
    assert "125/2026/KS" in result.inner_text()
    phone.check("17-my-dossier-result")
    href = result.get_by_role("link", name="Tải kết quả điện tử").get_attribute("href")
    download = page.request.get(phone.base + href)
    assert download.ok and download.headers["content-type"] == "application/pdf"
    assert download.body() == MINIMAL_PDF
    form01 = page.get_by_role("link", name="Mẫu 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    response = page.request.get(phone.base + form01.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body(), tmp_path)
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text and code in text

    # 8. The public lookup: the form, then the dossier's own page ------------------------
    phone.nav("Tra cứu hồ sơ").click()
    page.wait_for_url(f"{phone.base}/tra-cuu/")
    phone.check("18-lookup")
    page.get_by_label("Mã hồ sơ").fill(code)
    phone.button("Tra cứu").click()
    page.wait_for_url(f"{phone.base}/tra-cuu/{code}/")
    assert phone.h1() == "Tình trạng hồ sơ"
    assert CITIZEN in phone.main()  # signed in as the applicant: the private view
    phone.check("19-lookup-status")

    # 9. Citizen B, signed in on another phone, gets 404 -------------------------------
    other = CitizenFactory(full_name="Trần Thị Bình")
    other.set_password(PASSWORD)
    other.save()
    context = browser.new_context(**{**browser_context_args, "viewport": PHONE})
    try:
        b = context.new_page()
        b.goto(f"{phone.base}/dang-nhap/")
        b.get_by_label("Số điện thoại hoặc thư điện tử").fill(other.email)
        b.get_by_label("Mật khẩu").fill(PASSWORD)
        b.get_by_role("button", name="Đăng nhập", exact=True).click()
        b.wait_for_url(lambda url: "/dang-nhap/" not in url)
        assert b.get_by_test_id("header-user").inner_text() == other.full_name
        response = b.goto(f"{phone.base}/ho-so-cua-toi/{code}/")
        assert response.status == 404
        body = b.locator("body").inner_text()
        assert code not in body and CITIZEN not in body and CHILD not in body
        b.screenshot(path=str(phone.shots / "20-citizen-b-404.png"), full_page=True)
        assert b.request.get(phone.base + href).status == 404  # the result file
    finally:
        context.close()

    dossier.refresh_from_db()
    assert (dossier.status, dossier.returned_via) == (10, "online")


def test_home_search_and_procedure_pages_weigh_under_150_kb(
    world, live_server, browser, browser_context_args, shots
):
    """HTML + CSS + JS of a first load, in a fresh browser (empty cache), fonts excluded."""
    paths = {
        "home": "/",
        "search": "/thu-tuc/?q=khai+sinh",
        "procedure": f"/thu-tuc/{world.version.procedure.code}/",
    }
    weights = {
        name: first_load(browser, browser_context_args, live_server.url, path)
        for name, path in paths.items()
    }
    report = "\n".join(f"{name}: {sum(w.values())} B {w}" for name, w in weights.items())
    (shots / "page-weight.txt").write_text(report + "\n", encoding="utf-8")
    assert all(sum(w.values()) <= WEIGHT_LIMIT for w in weights.values()), report


def first_load(browser, context_args, base: str, path: str) -> dict[str, int]:
    """Bytes of each document, stylesheet and script body fetched by a first visit."""
    context = browser.new_context(**{**context_args, "viewport": PHONE})
    try:
        page = context.new_page()
        responses = []
        page.on("response", lambda response: responses.append(response))
        page.goto(base + path, wait_until="load")
        weighed = [r for r in responses if r.request.resource_type in WEIGHED_TYPES]
        assert {r.request.resource_type for r in weighed} == WEIGHED_TYPES, path
        return {r.url.removeprefix(base): len(r.body()) for r in weighed}
    finally:
        context.close()


# ----------------------------------------------------- public statistics (/thong-ke/)

from motcua.reports.tests.test_form06 import province  # noqa: E402, F401


@pytest.mark.usefixtures("province")
def test_the_statistics_page_reads_on_a_phone_and_with_the_keyboard(phone):
    """The transparency page of the hand-computed province (reports/tests/test_form06,
    refreshed on 10/04/2026): readable at 360 px (the wide table scrolls inside its own
    focusable region, the page does not), axe-clean, the period chosen with the keyboard."""
    page = phone.page
    phone.goto("/")
    footer = page.get_by_role("navigation", name="Công khai, minh bạch")
    footer.get_by_role("link", name="Thống kê giải quyết hồ sơ").click()
    page.wait_for_url(f"{phone.base}/thong-ke/")
    assert phone.h1() == "Thống kê giải quyết hồ sơ"
    assert "Toàn tỉnh – Tháng 4/2026" in phone.main() and "Số liệu tạm tính" in phone.main()
    phone.check("30-statistics-month")

    # Keyboard only: Tab to the period form, Q4 2025 (quarter; 2025; the 4th), Enter.
    period = page.get_by_label("Xem theo")
    for _ in range(40):
        page.keyboard.press("Tab")
        if period.evaluate("element => element === document.activeElement"):
            break
    else:
        raise AssertionError("the period selector is not reachable with Tab")
    page.keyboard.press("ArrowDown")  # Tháng → Quý
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # 2026 → 2025
    page.keyboard.press("Tab")  # "Tháng 4" stays: quarter IV
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Xem số liệu"
    page.keyboard.press("Enter")
    page.wait_for_url("**/thong-ke/?period=quarter&year=2025&number=4")
    main = phone.main()
    assert "Toàn tỉnh – Quý IV/2025" in main and "so với Quý III/2025" in main

    phone.goto("/thong-ke/?period=quarter&year=2026&number=1")
    region = page.get_by_role("region", name="Tình hình giải quyết hồ sơ theo cơ quan")
    assert region.get_attribute("tabindex") == "0"
    assert region.evaluate("element => element.scrollWidth > element.clientWidth")
    table = region.get_by_role("table")
    sở_b = table.get_by_role("rowheader", name="Sở B", exact=True)
    assert sở_b.is_visible()
    assert "6\t2\t0\t0" in table.inner_text()  # Sở B, Q1: received 6, online 2, resolved 0
    assert "40,0 %" in table.inner_text()
    region.focus()
    page.keyboard.press("ArrowRight")  # a keyboard user scrolls the table, not the page
    phone.check("31-statistics-quarter")

    phone.goto("/thong-ke/?period=quarter&year=2026&number=3")  # not begun on 10/04/2026
    summary = page.locator(".mc-error-summary")
    assert "Quý III/2026 chưa bắt đầu" in summary.inner_text()
    phone.check("32-statistics-future-period")
