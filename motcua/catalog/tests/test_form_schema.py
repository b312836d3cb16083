"""The online declaration of a procedure version: fields read leniently, values checked
strictly, stored canonically and shown back as typed."""

import pytest

from motcua.catalog.form_schema import FormField, display_value, schema_fields, validate_form_data

SCHEMA = [
    {"name": "ho_ten_cha", "label": "Họ tên cha", "required": True},
    {"name": "ngay_sinh", "label": "Ngày sinh", "type": "date", "required": True},
    {"name": "so_con", "label": "Số con", "type": "number"},
    {"name": "noi_dung", "label": "Nội dung", "type": "textarea"},
    {"name": "gioi_tinh", "label": "Giới tính", "type": "choice", "choices": [["M", "Nam"], "Nữ"]},
]


def test_schema_fields_skip_unnamed_entries_and_read_unknown_types_as_text():
    fields = schema_fields([{"label": "Không tên"}, "rác", {"name": "x", "type": "color"}, *SCHEMA])
    assert [f.name for f in fields] == [
        "x",
        "ho_ten_cha",
        "ngay_sinh",
        "so_con",
        "noi_dung",
        "gioi_tinh",
    ]
    assert fields[0] == FormField(name="x", label="x", type="text")
    assert fields[-1].choices == (("M", "Nam"), ("Nữ", "Nữ"))
    assert schema_fields(None) == [] and schema_fields({"name": "x"}) == []


@pytest.mark.parametrize(
    ("name", "typed", "stored"),
    [
        ("ngay_sinh", "15/08/1990", "1990-08-15"),
        ("ngay_sinh", "5/3/1991", "1991-03-05"),
        ("ngay_sinh", "05-03-1991", "1991-03-05"),
        ("ngay_sinh", "1991-03-05", "1991-03-05"),  # a stored value or <input type=date>
        ("so_con", "3", "3"),
        ("so_con", "12,50", "12.5"),
        ("so_con", "12.5", "12.5"),
        ("so_con", "1 250", "1250"),
        ("so_con", "-2", "-2"),
        ("gioi_tinh", "M", "M"),
        ("ho_ten_cha", "  Nguyễn Văn Bình ", "Nguyễn Văn Bình"),
    ],
)
def test_values_are_stored_canonically(name, typed, stored):
    cleaned, errors = validate_form_data(SCHEMA, {name: typed}, partial=True)
    assert (cleaned, errors) == ({name: stored}, {})


@pytest.mark.parametrize(
    ("name", "typed", "message"),
    [
        (
            "ngay_sinh",
            "31/02/1990",
            "“Ngày sinh” phải là ngày có thật, viết theo dạng ngày/tháng/năm, ví dụ 15/08/1990.",
        ),
        (
            "ngay_sinh",
            "hôm qua",
            "“Ngày sinh” phải là ngày có thật, viết theo dạng ngày/tháng/năm, ví dụ 15/08/1990.",
        ),
        (
            "ngay_sinh",
            "01/01/1700",
            "“Ngày sinh” phải là ngày có thật, viết theo dạng ngày/tháng/năm, ví dụ 15/08/1990.",
        ),
        (
            "so_con",
            "1.250,5",
            "“Số con” phải là số, không có dấu phân cách hàng nghìn, ví dụ 1250 hoặc 12,5.",
        ),
        (
            "so_con",
            "ba",
            "“Số con” phải là số, không có dấu phân cách hàng nghìn, ví dụ 1250 hoặc 12,5.",
        ),
        ("gioi_tinh", "Nam", "Vui lòng chọn “Giới tính” trong danh sách."),
        ("ho_ten_cha", "x" * 301, "“Họ tên cha” dài tối đa 300 ký tự."),
        ("noi_dung", "x" * 3001, "“Nội dung” dài tối đa 3000 ký tự."),
    ],
)
def test_wrong_values_get_a_vietnamese_message_naming_the_field(name, typed, message):
    assert validate_form_data(SCHEMA, {name: typed}, partial=True) == ({}, {name: message})


def test_required_fields_are_checked_only_on_a_full_check_and_unknown_keys_are_dropped():
    data = {"so_con": "2", "la": "ignored", "noi_dung": "   "}
    assert validate_form_data(SCHEMA, data, partial=True) == ({"so_con": "2"}, {})
    assert validate_form_data(SCHEMA, data) == (
        {"so_con": "2"},
        {"ho_ten_cha": "Vui lòng nhập “Họ tên cha”.", "ngay_sinh": "Vui lòng nhập “Ngày sinh”."},
    )
    choice = [{"name": "c", "label": "Loại", "type": "choice", "required": True, "choices": ["A"]}]
    assert validate_form_data(choice, {})[1] == {"c": "Vui lòng chọn “Loại”."}


def test_stored_values_read_back_as_the_citizen_typed_them():
    date_field, number, choice, text = (
        schema_fields(SCHEMA)[1:3] + schema_fields(SCHEMA)[4:] + [schema_fields(SCHEMA)[0]]
    )
    assert display_value(date_field, "1990-08-15") == "15/08/1990"
    assert display_value(number, "12.5") == "12,5"
    assert display_value(choice, "M") == "Nam" and display_value(choice, "?") == "?"
    assert (
        display_value(text, None) == "" and display_value(date_field, "15/08/1990") == "15/08/1990"
    )
