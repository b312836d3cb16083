"""Catalogue import and export: all-or-nothing imports, round trips, clear row errors."""

import copy
import json
from io import BytesIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import load_workbook

from motcua.catalog.io import (
    catalogue_export_excel,
    catalogue_export_json,
    catalogue_import,
    catalogue_import_excel,
)
from motcua.catalog.models import (
    Component,
    Fee,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    ProcessStep,
    VersionStatus,
)
from motcua.catalog.selectors import published_versions
from motcua.catalog.services import CatalogError
from motcua.testing.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def agencies():
    return [AgencyFactory(code="ttpvhcc"), AgencyFactory(code="so-tu-phap")]


def _row(code="1.001193", **changes):
    row = {
        "code": code,
        "name": "Thủ tục đăng ký khai sinh",
        "field": "Hộ tịch",
        "levels": ["province", "commune"],
        "processing_agency": "so-tu-phap",
        "processing_agency_text": "Sở Tư pháp; Ủy ban nhân dân cấp xã",
        "coordinating_agencies": ["Công an cấp xã"],
        "subjects": ["Công dân Việt Nam", "Người Việt Nam định cư ở nước ngoài"],
        "steps": "Bước 1: Nộp hồ sơ.\nBước 2: Nhận kết quả.",
        "requirements": [],
        "result": ["Giấy khai sinh"],
        "legal_basis": [{"code": "60/2014/QH13", "name": "Luật Hộ tịch"}],
        "channels": {"counter": True, "post": True, "online": True},
        "online_level": "partial",
        "inter_agency": True,
        "inter_agency_note": "Liên thông với Công an cấp xã.",
        "fee_note": "Mức thu do HĐND tỉnh quy định.",
        "publication": {
            "decision_number": "163/QĐ-BTP",
            "decision_date": "2026-01-16",
            "effective_date": "2026-01-20",
        },
        "source_url": "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/1",
        "cases": [
            {
                "code": f"{code}.01",
                "name": "Đăng ký khai sinh đúng hạn",
                "processing_amount": 1,
                "processing_unit": "working_days",
                "note": "Sau 15 giờ trả trong ngày làm việc tiếp theo.",
            },
            {
                "code": f"{code}.02",
                "name": "Đăng ký khai sinh có yếu tố nước ngoài",
                "processing_amount": 8,
                "processing_unit": "working_hours",
            },
        ],
        "components": [
            {"group": "Giấy tờ phải nộp", "name": "Tờ khai đăng ký khai sinh", "originals": 1},
            {
                "case_code": f"{code}.02",
                "name": "Giấy tờ của cha, mẹ là người nước ngoài",
                "copies": 1,
                "requirement": "conditional",
                "accepted_types": "pdf",
                "max_files": 2,
            },
        ],
        "fees": [
            {"kind": "fee", "name": "Lệ phí", "amount_vnd": None, "note": "Do HĐND tỉnh quy định"},
            {
                "case_code": f"{code}.02",
                "kind": "charge",
                "amount_vnd": 8000,
                "collection": "after",
            },
        ],
        "process_steps": [
            {
                "order": 1,
                "name": "Tiếp nhận hồ sơ",
                "responsible_role": "counter_officer",
                "responsible_agency": "ttpvhcc",
                "duration_hours": 1.5,
            },
            {
                "order": 2,
                "name": "Thẩm định",
                "responsible_role": "specialist",
                "duration_hours": 4,
            },
            {
                "order": 3,
                "name": "Ký kết quả",
                "responsible_role": "agency_leader",
                "duration_hours": 2.5,
                "output": "Giấy khai sinh",
            },
        ],
    }
    return row | changes


def _counts():
    models = (Procedure, ProcedureVersion, ProcedureCase, Component, Fee, ProcessStep)
    return tuple(model.objects.count() for model in models)


def test_a_malformed_file_reports_each_bad_row_and_imports_nothing():
    good = _row("1.000001")
    no_name = _row("1.000002", name="  ")
    bad_parts = _row("1.000003")
    bad_parts["components"][1]["originals"] = -1
    bad_parts["cases"][0]["processing_unit"] = "tuần"
    unknown_agency = _row("1.000004", processing_agency="so-khong-co")
    before = _counts()

    result = catalogue_import(
        actor=None, rows=[good, no_name, bad_parts, unknown_agency, "x"], publish=True
    )

    assert result.errors == [
        "Dòng 2 (mã 1.000002): thiếu tên thủ tục",
        "Dòng 3 (mã 1.000003), trường hợp 1: đơn vị thời hạn 'tuần' không hợp lệ "
        "(chọn: ngày làm việc, giờ làm việc, ngày)",
        "Dòng 3 (mã 1.000003), thành phần hồ sơ 2: số bản chính phải là số nguyên không âm",
        "Dòng 4 (mã 1.000004): cơ quan giải quyết (mã) 'so-khong-co' không có trong danh mục "
        "cơ quan",
        "Dòng 5: phải là một đối tượng JSON",
    ]
    assert (result.created, result.published) == (0, 0)
    assert _counts() == before


def test_cross_references_and_unknown_keys_are_row_errors():
    row = _row()
    row["components"][0]["case_code"] = "9.99"
    row["process_steps"][1]["order"] = 1
    row["channels"]["fax"] = True
    row["publication"]["effective_date"] = "01/01/2026"

    errors = catalogue_import(actor=None, rows=[row, _row()], publish=False).errors

    assert errors == [
        "Dòng 1 (mã 1.001193): khóa 'channels.fax' không thuộc định dạng",
        "Dòng 1 (mã 1.001193), thành phần hồ sơ 1: mã trường hợp '9.99' không có trong các "
        "trường hợp của thủ tục",
        "Dòng 1 (mã 1.001193), bước quy trình 2: bước 1 bị trùng",
        "Dòng 1 (mã 1.001193): ngày có hiệu lực không được trước ngày quyết định công bố",
        "Dòng 2 (mã 1.001193): mã thủ tục trùng với dòng 1",
    ]
    assert not Procedure.objects.exists()


def test_a_new_code_is_created_and_published():
    result = catalogue_import(actor=None, rows=[_row()], publish=True)

    assert (result.created, result.updated, result.published, result.errors) == (1, 0, 1, [])
    version = published_versions().get(procedure__code="1.001193")
    assert version.processing_agency.code == "so-tu-phap"
    assert version.effective_date.isoformat() == "2026-01-20"
    assert version.components.get(case__code="1.001193.02").requirement == "conditional"
    assert version.process_steps.get(order=1).responsible_agency.code == "ttpvhcc"


def test_json_round_trip_through_an_empty_catalogue_gives_the_same_data():
    catalogue_import(actor=None, rows=[_row("1.000001"), _row("1.000002")], publish=True)
    exported = catalogue_export_json(published_versions())
    for model in (ProcessStep, Fee, Component, ProcedureCase, ProcedureVersion, Procedure):
        model.objects.all().delete()

    result = catalogue_import(actor=None, rows=copy.deepcopy(exported), publish=True)

    assert (result.created, result.published, result.errors) == (2, 2, [])
    assert catalogue_export_json(published_versions()) == exported
    assert json.loads(json.dumps(exported)) == exported  # plain JSON, nothing lost


def test_excel_round_trip_gives_the_same_rows():
    catalogue_import(actor=None, rows=[_row("1.000001"), _row("1.000002")], publish=True)
    exported = catalogue_export_json(published_versions())

    workbook = catalogue_export_excel(published_versions())
    rows = catalogue_import_excel(workbook)

    assert rows == exported
    sheet = load_workbook(BytesIO(workbook))["Thành phần hồ sơ"]
    assert sheet.freeze_panes == "A2"
    assert [cell.value for cell in sheet[1]][:4] == [
        "Mã thủ tục",
        "Mã trường hợp",
        "Nhóm",
        "Tên giấy tờ",
    ]
    assert sheet.column_dimensions["D"].width == 60


def test_excel_without_a_column_or_sheet_is_refused():
    catalogue_import(actor=None, rows=[_row()], publish=True)
    workbook = load_workbook(BytesIO(catalogue_export_excel(published_versions())))
    workbook["Thành phần hồ sơ"].delete_cols(5)  # "Số bản chính"
    del workbook["Quy trình"]
    buffer = BytesIO()
    workbook.save(buffer)

    with pytest.raises(CatalogError) as caught:
        catalogue_import_excel(buffer.getvalue())

    assert caught.value.messages == [
        "Sheet 'Thành phần hồ sơ': thiếu cột 'Số bản chính'.",
        "Thiếu sheet 'Quy trình'.",
    ]


def test_excel_reports_bad_cells_by_sheet_row_and_column():
    catalogue_import(actor=None, rows=[_row()], publish=True)
    workbook = load_workbook(BytesIO(catalogue_export_excel(published_versions())))
    workbook["Thành phần hồ sơ"]["E3"] = "hai"
    workbook["Trường hợp"]["E2"] = "tuần"
    workbook["Thủ tục"]["B2"] = None
    workbook["Quy trình"]["A3"] = "1.999999"
    workbook["Quy trình"]["F3"] = "nửa ngày"
    buffer = BytesIO()
    workbook.save(buffer)

    with pytest.raises(CatalogError) as caught:
        catalogue_import_excel(buffer)

    assert caught.value.messages == [
        "Sheet 'Thủ tục', dòng 2, cột 'Tên thủ tục': không được để trống",
        "Sheet 'Trường hợp', dòng 2, cột 'Đơn vị thời hạn': 'tuần' không hợp lệ "
        "(chọn: ngày làm việc, giờ làm việc, ngày)",
        "Sheet 'Thành phần hồ sơ', dòng 3, cột 'Số bản chính': phải là số nguyên không âm",
        "Sheet 'Quy trình', dòng 3, cột 'Thời gian (giờ làm việc)': phải là số từ 0,5 trở lên, "
        "tối đa một chữ số thập phân",
        "Sheet 'Quy trình', dòng 3, cột 'Mã thủ tục': không có thủ tục '1.999999' trong sheet "
        "'Thủ tục'",
    ]


def test_a_file_that_is_not_xlsx_is_refused():
    with pytest.raises(CatalogError) as caught:
        catalogue_import_excel(b"code,name\n1.001193,x\n")

    assert caught.value.messages == [
        "Tệp không phải bảng tính Excel (.xlsx) hợp lệ hoặc đã bị hỏng."
    ]


def test_importing_an_existing_code_creates_version_2_and_leaves_version_1_untouched():
    catalogue_import(actor=None, rows=[_row()], publish=True)
    v1 = ProcedureVersion.objects.get()
    v1_data = catalogue_export_json([v1])

    result = catalogue_import(
        actor=None, rows=[_row(name="Đăng ký khai sinh (mới)")], publish=False
    )

    assert (result.created, result.updated, result.published) == (0, 1, 0)
    v2 = ProcedureVersion.objects.get(number=2)
    assert (v2.status, v2.name) == (VersionStatus.DRAFT, "Đăng ký khai sinh (mới)")
    assert v2.cases.count() == 2 and v2.components.count() == 2
    v1.refresh_from_db()
    assert v1.status == VersionStatus.PUBLISHED
    assert catalogue_export_json([v1]) == v1_data


def test_publishing_through_import_supersedes_the_old_version():
    catalogue_import(actor=None, rows=[_row()], publish=True)
    newer = _row(publication={"decision_number": "200/QĐ-BTP", "decision_date": "2026-03-01"})
    newer["cases"][0]["processing_amount"] = 0.5
    newer["process_steps"][1]["duration_hours"] = 0.5  # the process must still fit 4 hours…
    newer["process_steps"][0]["duration_hours"] = 1
    newer["cases"][1]["processing_amount"] = 4  # …in both cases
    newer["process_steps"][2]["duration_hours"] = 2.5

    result = catalogue_import(actor=None, rows=[newer], publish=True)

    assert (result.updated, result.published, result.errors) == (1, 1, [])
    old, new = ProcedureVersion.objects.order_by("number")
    assert old.status == VersionStatus.SUPERSEDED
    assert old.valid_to.isoformat() == "2026-02-28"
    assert (new.status, new.decision_number) == (VersionStatus.PUBLISHED, "200/QĐ-BTP")
    assert new.effective_date.isoformat() == "2026-03-01"  # defaults to the decision date


def test_a_publication_error_is_a_row_error_and_undoes_every_row():
    incomplete = _row("1.000002", components=[])
    before = _counts()

    result = catalogue_import(actor=None, rows=[_row("1.000001"), incomplete], publish=True)

    assert result.errors == ["Dòng 2 (mã 1.000002): không nhập được: Thiếu thành phần hồ sơ."]
    assert (result.created, result.published) == (0, 0)
    assert _counts() == before


def test_importing_the_same_rows_again_creates_nothing():
    catalogue_import(actor=None, rows=[_row()], publish=True)
    before = _counts()

    result = catalogue_import(actor=None, rows=[_row()], publish=True)

    assert (result.unchanged, result.updated, result.published) == (1, 0, 0)
    assert _counts() == before


def test_a_dry_run_counts_but_writes_nothing():
    result = catalogue_import(actor=None, rows=[_row()], publish=True, dry_run=True)

    assert (result.created, result.published, result.dry_run) == (1, 1, True)
    assert not Procedure.objects.exists()


def test_reimport_keeps_the_template_file_of_an_unchanged_component():
    catalogue_import(actor=None, rows=[_row()], publish=False)
    Component.objects.filter(name="Tờ khai đăng ký khai sinh").update(
        template="catalog/to-khai.pdf"
    )
    ProcedureVersion.objects.update(status=VersionStatus.PUBLISHED)

    catalogue_import(actor=None, rows=[_row(name="Tên mới")], publish=False)

    draft = ProcedureVersion.objects.get(number=2)
    assert draft.components.get(name="Tờ khai đăng ký khai sinh").template == "catalog/to-khai.pdf"


def test_import_command_prints_each_error_and_exits_non_zero(tmp_path, capsys):
    path = tmp_path / "thu-tuc.json"
    rows = [_row("1.000001", name=""), _row("1.000002", field="")]
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")

    with pytest.raises(CommandError, match="Số lỗi: 2"):
        call_command("import_catalogue", str(path), "--publish")

    err = capsys.readouterr().err
    assert "Dòng 1 (mã 1.000001): thiếu tên thủ tục" in err
    assert "Dòng 2 (mã 1.000002): thiếu lĩnh vực" in err
    assert not Procedure.objects.exists()


def test_import_command_refuses_broken_json(tmp_path, capsys):
    path = tmp_path / "thu-tuc.json"
    path.write_text("[{", encoding="utf-8")

    with pytest.raises(CommandError):
        call_command("import_catalogue", str(path))

    assert "Tệp JSON không hợp lệ (dòng 1, cột 3)" in capsys.readouterr().err


def test_export_then_import_commands_round_trip_through_excel(tmp_path, capsys):
    catalogue_import(actor=None, rows=[_row("1.000001"), _row("1.000002")], publish=True)
    catalogue_import(actor=None, rows=[_row("1.000003")], publish=False)  # a draft: not exported
    path = tmp_path / "danh-muc.xlsx"

    call_command("export_catalogue", str(path))
    exported = catalogue_export_json(published_versions())
    call_command("import_catalogue", str(path), "--dry-run")

    assert catalogue_import_excel(path) == exported
    out = capsys.readouterr().out
    assert "Số thủ tục đã xuất: 2" in out
    assert "không có thay đổi: 2" in out


def test_export_command_writes_json_of_published_versions(tmp_path):
    catalogue_import(actor=None, rows=[_row("1.000001")], publish=True)
    path = tmp_path / "danh-muc.txt"

    call_command("export_catalogue", str(path), "--format", "json")

    rows = json.loads(path.read_text(encoding="utf-8"))
    assert [row["code"] for row in rows] == ["1.000001"]


def test_a_workbook_exported_in_english_imports_in_vietnamese():
    catalogue_import(actor=None, rows=[_row()], publish=True)
    exported = catalogue_export_json(published_versions())
    with translation.override("en"):
        workbook = catalogue_export_excel(published_versions())

    assert catalogue_import_excel(workbook) == exported


def test_case_codes_and_step_numbers_of_the_wrong_type_are_row_errors_not_crashes():
    row = _row("1.000009")
    row["cases"][0]["code"] = {"không": "hợp lệ"}
    row["process_steps"] = [
        {
            "order": [1],
            "name": "Tiếp nhận",
            "responsible_role": "counter_officer",
            "duration_hours": 4,
        }
    ]
    before = _counts()
    result = catalogue_import(actor=None, rows=[row], publish=True)
    assert result.errors and all(e.startswith("Dòng 1 (mã 1.000009)") for e in result.errors)
    assert _counts() == before


def test_the_2018_online_level_travels_through_json_as_text_or_number():
    rows = [_row("1.000010", online_level_2018=3), _row("1.000011", online_level_2018="Mức độ 4")]
    result = catalogue_import(actor=None, rows=rows, publish=True)
    assert result.errors == []
    exported = {
        r["code"]: r["online_level_2018"]
        for r in catalogue_export_json(ProcedureVersion.objects.filter(status="published"))
    }
    assert exported == {"1.000010": "3", "1.000011": "4"}
    bad = catalogue_import(actor=None, rows=[_row("1.000012", online_level_2018=5)], publish=True)
    assert bad.errors and "Mức độ 1" in bad.errors[0]
