# SPDX-License-Identifier: MPL-2.0
"""The official forms render to PDF with the exact Vietnamese text, fonts and QR code.

These tests shell out to poppler-utils (pdftotext, pdffonts, pdftoppm) and zbar-tools
(zbarimg). A missing tool fails the test loudly: CI installs both (.ci/run).
"""

import dataclasses
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from motcua.documents import contexts as c
from motcua.documents.forms_pdf import FormNotInRuleSet, render_form
from motcua.documents.tests import samples
from motcua.domain.workflow.rulesets import RULES_2018, RULES_2025
from motcua.domain.workflow.vocabulary import FormKind

NATIONAL = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
APPLICANT = "Nguyễn Thị Hương Giang"
CASES = {
    FormKind.RECEIPT: (
        samples.receipt,
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        [
            "Thời gian trả kết quả: 16 giờ 30 phút, ngày 03/11/2023",
            "09 giờ 15 phút, ngày 27/10/2023",
            "Bản sao chứng thực",
        ],
    ),
    FormKind.SUPPLEMENT_REQUEST: (
        samples.supplement,
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        [
            "Bản sao chưa được chứng thực",
            "Lý do: Hồ sơ chưa đầy đủ",
            "27/10/2023",
            "NGƯỜI HƯỚNG DẪN",
        ],
    ),
    FormKind.REFUSAL: (
        samples.refusal,
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        ["danh mục ngành, nghề cấm đầu tư kinh doanh", "Hưng Yên, ngày 27 tháng 10 năm 2023"],
    ),
    FormKind.APOLOGY: (
        samples.apology,
        "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        [
            "16 giờ 30 phút, ngày 03/11/2023",
            "16 giờ 30 phút, ngày 10/11/2023",
            "Cần xác minh thông tin về địa điểm kinh doanh",
        ],
    ),
    FormKind.CONTROL_SHEET: (
        samples.control_sheet,
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        ["trước hạn", "đúng hạn", "quá hạn", "Người giao: Đỗ Minh Tuấn", "03/11/2023"],
    ),
    FormKind.REGISTER: (
        samples.register,
        "SỔ THEO DÕI HỒ SƠ",
        ["000.00.06.H31-231027-0364", "Đặng Thu Hằng", "27/10/2023", "03/11/2023"],
    ),
}
NUMBERS_2018 = {FormKind.CONTROL_SHEET: "05", FormKind.REGISTER: "06"}
NUMBERS_2025 = {FormKind.APOLOGY: "04", FormKind.CONTROL_SHEET: "06", FormKind.REGISTER: "07"}


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:  # fail, never skip: CI must have the tools (.ci/run installs them)
        pytest.fail(f"{name} is not installed (apt-get install poppler-utils zbar-tools)")
    return path


def _run(*args: str | Path) -> str:
    return subprocess.run(
        [_tool(str(args[0])), *map(str, args[1:])], capture_output=True, text=True, check=True
    ).stdout


def _text(pdf: bytes, tmp_path: Path) -> str:
    """The PDF's text, NFC, with whitespace (line breaks inside long strings) collapsed."""
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    text = _run("pdftotext", path, "-")
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def _nfd(value):
    """`value` with every string decomposed (NFD), through dataclasses and tuples."""
    if isinstance(value, str) and not isinstance(value, c.HandoverResult):
        return unicodedata.normalize("NFD", value)
    if isinstance(value, tuple):
        return tuple(_nfd(v) for v in value)
    if dataclasses.is_dataclass(value):
        return dataclasses.replace(
            value, **{f.name: _nfd(getattr(value, f.name)) for f in dataclasses.fields(value)}
        )
    return value


@pytest.mark.parametrize("kind", list(CASES), ids=str)
def test_it_prints_the_exact_vietnamese_text(kind, tmp_path):
    build, title, extra = CASES[kind]
    text = _text(render_form(kind, RULES_2018, build()), tmp_path)
    number = NUMBERS_2018.get(kind, RULES_2018.form_for(kind).number)
    # The issuer's name wraps in its column, so pdftotext interleaves it with the motto.
    for expected in (
        title,
        *NATIONAL,
        *extra,
        "UBND TỈNH HƯNG YÊN",
        "TRUNG TÂM PHỤC VỤ",
        f"Mẫu số {number} — ban hành kèm theo Thông tư số 01/2018/TT-VPCP",
    ):
        assert expected in text, expected
    if kind is not FormKind.REGISTER:  # the register has one dossier per row
        assert samples.CODE in text
        assert APPLICANT in text


@pytest.mark.parametrize("kind", [FormKind.RECEIPT, FormKind.REGISTER], ids=str)
def test_it_embeds_liberation_serif(kind, tmp_path):
    path = tmp_path / "form.pdf"
    path.write_bytes(render_form(kind, RULES_2025, CASES[kind][0]()))
    fonts = _run("pdffonts", path)
    embedded = [line for line in fonts.splitlines() if "Liberation-Serif" in line]
    assert embedded, fonts
    assert all(" yes " in line for line in embedded), fonts  # emb column
    assert any("Bold" in line for line in embedded) and any("Italic" in line for line in embedded)


def test_the_qr_code_decodes_to_the_status_url(tmp_path):
    (tmp_path / "form.pdf").write_bytes(
        render_form(FormKind.RECEIPT, RULES_2018, samples.receipt())
    )
    _run("pdftoppm", "-r", "200", "-png", "-singlefile", tmp_path / "form.pdf", tmp_path / "page")
    decoded = _run("zbarimg", "--quiet", "--raw", tmp_path / "page.png").split()
    assert decoded == [samples.STATUS_URL]


@pytest.mark.parametrize("kind", [FormKind.APOLOGY, FormKind.CONTROL_SHEET, FormKind.REGISTER])
def test_the_2025_rule_set_prints_its_circular_and_numbers(kind, tmp_path):
    text = _text(render_form(kind, RULES_2025, CASES[kind][0]()), tmp_path)
    assert f"Mẫu số {NUMBERS_2025[kind]} — ban hành kèm theo Thông tư số 03/2025/TT-VPCP" in text
    assert "01/2018" not in text


def test_the_2025_apology_requests_an_extension(tmp_path):
    text = _text(render_form(FormKind.APOLOGY, RULES_2025, samples.apology()), tmp_path)
    assert "PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in text
    assert "đề nghị gia hạn thời gian giải quyết đến: 16 giờ 30 phút, ngày 10/11/2023" in text


def test_the_stop_notice_exists_only_in_2025(tmp_path):
    text = _text(render_form(FormKind.STOP_NOTICE, RULES_2025, samples.stop_notice()), tmp_path)
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text
    assert "Mẫu số 05 — ban hành kèm theo Thông tư số 03/2025/TT-VPCP" in text
    with pytest.raises(FormNotInRuleSet):
        render_form(FormKind.STOP_NOTICE, RULES_2018, samples.stop_notice())


@pytest.mark.parametrize("kind", [FormKind.RECEIPT, FormKind.CONTROL_SHEET], ids=str)
def test_nfd_input_renders_the_same_text_as_nfc(kind, tmp_path):
    context = CASES[kind][0]()
    nfd = _nfd(context)
    assert unicodedata.normalize("NFD", APPLICANT) == nfd.applicant.name != APPLICANT
    assert _text(render_form(kind, RULES_2018, nfd), tmp_path) == _text(
        render_form(kind, RULES_2018, context), tmp_path
    )


def test_it_refuses_the_wrong_context():
    with pytest.raises(TypeError, match="ReceiptContext"):
        render_form(FormKind.RECEIPT, RULES_2018, samples.refusal())


def test_the_receipt_fits_on_one_a4_portrait_page(tmp_path):
    path = tmp_path / "form.pdf"
    path.write_bytes(render_form(FormKind.RECEIPT, RULES_2018, samples.receipt()))
    info = _run("pdfinfo", path)
    assert re.search(r"Pages:\s+1\n", info)
    assert "595.28 x 841.89 pts (A4)" in info or "595.276 x 841.89" in info, info
