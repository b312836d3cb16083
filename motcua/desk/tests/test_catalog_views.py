"""Desk catalogue pages with personas: who may open and change what, and what each page does.

Decision tested here: out of scope is 404 (ADR 0003); a procedure the user sees but may not
change (a specialist or leader, not the procedure-control focal officer) answers 403 with a
Vietnamese page that says why, since its existence is no secret to them.
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from motcua.catalog.models import Procedure, ProcedureVersion, VersionStatus
from motcua.catalog.services import version_create_draft
from motcua.org.models import Role
from motcua.testing.catalog_factories import FieldFactory, StepFactory, VersionFactory
from motcua.testing.factories import PositionFactory

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def draft_x(personas):
    return VersionFactory(processing_agency=personas.agency_x, name="Cấp Phiếu lý lịch tư pháp")


@pytest.fixture
def published_x(personas):
    return VersionFactory(
        published=True, processing_agency=personas.agency_x, name="Đăng ký hành nghề luật sư"
    )


@pytest.fixture
def draft_y(personas):
    return VersionFactory(processing_agency=personas.agency_y, name="Cấp giấy phép xây dựng")


def url(name, version=None):
    return reverse(f"desk:{name}", args=[version.procedure.code] if version else [])


def body(response):
    return response.content.decode()


def flash(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def formset_data(prefix, rows, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def publish_data(**override):
    data = {
        "decision_number": "1520/QĐ-UBND",
        "decision_date": "02/03/2026",
        "effective_date": "15/03/2026",
        "confirm": "on",
    }
    return {**data, **override}


EDITOR_VIEWS = [
    ("catalog_draft", "get"),
    ("catalog_cases", "get"),
    ("catalog_components", "get"),
    ("catalog_fees", "get"),
    ("catalog_steps", "get"),
    ("catalog_check", "get"),
    ("catalog_publish", "get"),
    ("catalog_draft_create", "post"),
]


# --- who may open what -----------------------------------------------------------------------


def test_anonymous_visitors_go_to_the_login_and_citizens_find_nothing(client, personas, draft_x):
    for name, version in (("catalog_list", None), ("catalog_detail", draft_x)):
        assert client.get(url(name, version))["Location"].startswith(reverse("desk:login"))
    client.force_login(personas.citizen_a)
    assert client.get(url("catalog_list")).status_code == 404
    assert client.get(url("catalog_detail", draft_x)).status_code == 404


@pytest.mark.parametrize(("name", "method"), EDITOR_VIEWS)
def test_the_procedure_controller_of_x_opens_every_page_of_xs_draft(
    client, personas, draft_x, name, method
):
    client.force_login(personas.admin_x)
    response = getattr(client, method)(url(name, draft_x))
    assert response.status_code in (200, 302)


@pytest.mark.parametrize(("name", "method"), [*EDITOR_VIEWS, ("catalog_detail", "get")])
def test_officer_of_x_gets_404_on_agency_ys_procedure(client, personas, draft_y, name, method):
    client.force_login(personas.admin_x)
    assert getattr(client, method)(url(name, draft_y)).status_code == 404


@pytest.mark.parametrize(("name", "method"), [*EDITOR_VIEWS, ("catalog_new", "get")])
def test_a_specialist_sees_but_may_not_edit_and_gets_a_403_page(
    client, personas, name, method, draft_x
):
    draft = VersionFactory(processing_agency=personas.division_x)  # in officer_x's scope
    client.force_login(personas.officer_x)
    assert client.get(url("catalog_detail", draft)).status_code == 200
    response = getattr(client, method)(url(name, None if name == "catalog_new" else draft))
    assert response.status_code == 403
    assert "Không có quyền sửa" in body(response)
    assert "cán bộ đầu mối kiểm soát thủ tục hành chính" in body(response)


def test_a_specialist_cannot_change_a_draft_by_posting(client, personas):
    draft = VersionFactory(processing_agency=personas.division_x)
    client.force_login(personas.officer_x)
    response = client.post(url("catalog_publish", draft), publish_data())
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_the_supervisor_edits_an_agencyless_commune_procedure(client, personas):
    commune = VersionFactory(level_province=False, level_commune=True)
    client.force_login(personas.supervisor)
    assert client.get(url("catalog_draft", commune)).status_code == 200
    client.force_login(personas.admin_x)
    assert client.get(url("catalog_detail", commune)).status_code == 404


def test_an_unknown_code_is_404_like_a_forbidden_one(client, personas):
    client.force_login(personas.admin_x)
    assert client.get(reverse("desk:catalog_detail", args=["9.999999"])).status_code == 404


# --- the list --------------------------------------------------------------------------------


def test_the_list_shows_only_procedures_in_scope_with_their_status(
    client, personas, draft_x, published_x, draft_y
):
    version_create_draft(actor=None, procedure=published_x.procedure)
    client.force_login(personas.admin_x)
    page = body(client.get(url("catalog_list")))
    assert "Cấp Phiếu lý lịch tư pháp" in page and "Đăng ký hành nghề luật sư" in page
    assert "Cấp giấy phép xây dựng" not in page
    assert "Đang áp dụng (phiên bản 1)" in page and "Dự thảo phiên bản 2" in page
    assert "Thêm thủ tục" in page


def test_the_list_filters_by_status_and_by_folded_text(client, personas, draft_x, published_x):
    client.force_login(personas.admin_x)
    page = body(client.get(url("catalog_list"), {"status": "published"}))
    assert "Đăng ký hành nghề luật sư" in page and "Cấp Phiếu lý lịch" not in page
    page = body(client.get(url("catalog_list"), {"q": "LY LICH tu phap"}))
    assert "Cấp Phiếu lý lịch tư pháp" in page and "Đăng ký hành nghề" not in page
    page = body(client.get(url("catalog_list"), {"q": "khong co thu tuc nao"}))
    assert "Không có thủ tục nào khớp điều kiện lọc." in page


def test_the_list_shows_abolished_procedures(client, personas):
    VersionFactory(published=True, processing_agency=personas.agency_x, status="abolished")
    client.force_login(personas.admin_x)
    page = body(client.get(url("catalog_list"), {"status": "abolished"}))
    assert "Đã bãi bỏ" in page


def test_a_specialist_gets_no_create_button(client, personas):
    client.force_login(personas.officer_x)
    assert "Thêm thủ tục" not in body(client.get(url("catalog_list")))


def test_the_list_query_count_does_not_grow_with_procedures(
    client, personas, django_assert_max_num_queries
):
    client.force_login(personas.supervisor)
    VersionFactory(processing_agency=personas.agency_x)
    with django_assert_max_num_queries(20) as few:
        client.get(url("catalog_list"))
    for _ in range(15):
        VersionFactory(published=True, processing_agency=personas.agency_x)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("catalog_list"))


# --- the procedure page ----------------------------------------------------------------------


def test_the_procedure_page_lists_every_version_with_its_publication(client, personas, published_x):
    draft = version_create_draft(actor=None, procedure=published_x.procedure)
    client.force_login(personas.admin_x)
    page = body(client.get(url("catalog_detail", published_x)))
    assert "100/QĐ-UBND" in page and "10/01/2026" in page
    assert "Đang áp dụng" in page and "Dự thảo" in page
    assert f"Sửa bản dự thảo (phiên bản {draft.number})" in page
    assert "Tạo bản dự thảo mới" not in page and "Bãi bỏ" in page
    old = client.get(url("catalog_detail", published_x), {"phien-ban": 1})
    assert "Nội dung phiên bản 1" in body(old)
    assert client.get(url("catalog_detail", published_x), {"phien-ban": 9}).status_code == 404


def test_a_published_version_offers_a_new_draft_not_an_edit(client, personas, published_x):
    client.force_login(personas.admin_x)
    page = body(client.get(url("catalog_detail", published_x)))
    assert "Tạo bản dự thảo mới" in page and "Sửa bản dự thảo" not in page
    assert client.get(url("catalog_draft", published_x)).status_code == 404


def test_a_viewer_sees_no_edit_buttons(client, personas):
    version = VersionFactory(published=True, processing_agency=personas.division_x)
    client.force_login(personas.officer_x)
    page = body(client.get(url("catalog_detail", version)))
    assert "Tạo bản dự thảo mới" not in page and "Bãi bỏ" not in page


# --- create and edit -------------------------------------------------------------------------


def _main_fields(personas, **override):
    data = {
        "name": "Chứng thực chữ ký",
        "field": FieldFactory(name="Chứng thực").pk,
        "level_province": "on",
        "processing_agency": personas.agency_x.pk,
        "subjects": "Công dân",
        "steps": "Nộp hồ sơ",
        "result": "Giấy tờ được chứng thực",
        "channel_counter": "on",
        "online_level": "none",
        "one_stop": "on",
    }
    return {**data, **override}


def test_creating_a_procedure_makes_a_draft_and_moves_on_to_its_cases(client, personas):
    client.force_login(personas.admin_x)
    response = client.post(url("catalog_new"), {"code": "2.000815", **_main_fields(personas)})
    assert response["Location"] == reverse("desk:catalog_cases", args=["2.000815"])
    version = ProcedureVersion.objects.get(procedure__code="2.000815")
    assert (version.number, version.status, version.name) == (1, "draft", "Chứng thực chữ ký")
    assert "Đã tạo bản dự thảo của thủ tục 2.000815" in flash(response)[0]


def test_a_controller_cannot_hand_a_new_procedure_to_another_agency(client, personas):
    client.force_login(personas.admin_x)
    data = {"code": "2.000815", **_main_fields(personas, processing_agency=personas.agency_y.pk)}
    response = client.post(url("catalog_new"), data)
    assert response.status_code == 200 and "mc-error-summary" in body(response)
    data["processing_agency"] = ""
    response = client.post(url("catalog_new"), data)
    assert "Chọn cơ quan giải quyết hoặc cơ quan tiếp nhận thuộc phạm vi của bạn." in body(response)
    assert not Procedure.objects.filter(code="2.000815").exists()


def test_a_duplicate_or_malformed_code_is_refused(client, personas, draft_x):
    client.force_login(personas.admin_x)
    response = client.post(url("catalog_new"), {"code": draft_x.procedure.code})
    assert "Đã có thủ tục mang mã này." in body(response)
    response = client.post(url("catalog_new"), {"code": "1.0/../x"})
    assert "Mã thủ tục chỉ gồm chữ, số, dấu chấm và gạch nối." in body(response)


def test_editing_the_main_fields_of_a_draft(client, personas, draft_x):
    client.force_login(personas.admin_x)
    data = _main_fields(personas, name="Cấp Phiếu lý lịch tư pháp số 2")
    response = client.post(url("catalog_draft", draft_x), data)
    assert response.status_code == 302
    draft_x.refresh_from_db()
    assert draft_x.name == "Cấp Phiếu lý lịch tư pháp số 2"
    assert "phieu ly lich tu phap so 2" in draft_x.search_text


def test_the_legal_basis_is_edited_as_lines_and_shown_on_the_procedure_page(
    client, personas, draft_x
):
    lines = "63/2010/NĐ-CP | Nghị định về kiểm soát thủ tục hành chính\n\nLuật Hộ tịch 2014"
    client.force_login(personas.admin_x)
    response = client.post(
        url("catalog_draft", draft_x), _main_fields(personas, legal_basis_text=lines)
    )
    assert response.status_code == 302
    draft_x.refresh_from_db()
    assert draft_x.legal_basis == [
        {"code": "63/2010/NĐ-CP", "name": "Nghị định về kiểm soát thủ tục hành chính"},
        {"code": "", "name": "Luật Hộ tịch 2014"},
    ]
    form_page = body(client.get(url("catalog_draft", draft_x)))
    assert "63/2010/NĐ-CP | Nghị định về kiểm soát thủ tục hành chính" in form_page
    assert "<strong>63/2010/NĐ-CP</strong>: Nghị định" in body(
        client.get(url("catalog_detail", draft_x))
    )


def test_a_missing_required_field_shows_the_error_summary_and_saves_nothing(
    client, personas, draft_x
):
    client.force_login(personas.admin_x)
    response = client.post(url("catalog_draft", draft_x), _main_fields(personas, result=""))
    assert "mc-error-summary" in body(response) and "Kết quả thực hiện" in body(response)
    draft_x.refresh_from_db()
    assert draft_x.result == "Giấy chứng nhận"


# --- parts of the draft ----------------------------------------------------------------------


def test_adding_a_case_and_changing_the_existing_one(client, personas, draft_x):
    case = draft_x.cases.get()
    rows = [
        {"id": case.pk, "order": "1", "name": case.name, "processing_amount": "3",
         "processing_unit": "working_days"},
        {"order": "", "name": "Cấp lại", "processing_amount": "0,5",
         "processing_unit": "working_days"},
    ]  # fmt: skip
    client.force_login(personas.admin_x)
    response = client.post(url("catalog_cases", draft_x), formset_data("cases", rows, initial=1))
    assert response.status_code == 302, body(response)
    cases = list(draft_x.cases.order_by("order").values_list("name", "processing_amount"))
    assert cases == [("Trường hợp chung", Decimal(3)), ("Cấp lại", Decimal("0.5"))]


def test_removing_a_case_still_used_by_a_fee_shows_why(client, personas, draft_x):
    case = draft_x.cases.get()
    rows = [{"id": case.pk, "name": case.name, "processing_amount": "5",
             "processing_unit": "working_days", "DELETE": "on"}]  # fmt: skip
    client.force_login(personas.admin_x)
    response = client.post(url("catalog_cases", draft_x), formset_data("cases", rows, initial=1))
    assert response.status_code == 200
    assert "Không xóa được trường hợp “Trường hợp chung”" in body(response)
    assert draft_x.cases.count() == 1


def test_components_can_be_added_for_one_case_and_empty_rows_are_ignored(client, personas, draft_x):
    existing = draft_x.components.get()
    case = draft_x.cases.get()
    rows = [
        {"id": existing.pk, "order": "1", "name": existing.name, "originals": "1",
         "copies": "0", "requirement": "required", "accepted_types": "pdf", "max_files": "5"},
        {"order": "", "case": case.pk, "name": "Giấy ủy quyền", "originals": "0", "copies": "1",
         "requirement": "conditional", "accepted_types": "pdf", "max_files": "2"},
        {"order": "", "name": "", "originals": "0", "copies": "0", "requirement": "required",
         "accepted_types": "pdf,jpg,jpeg,png", "max_files": "5"},
    ]  # fmt: skip
    client.force_login(personas.admin_x)
    response = client.post(
        url("catalog_components", draft_x), formset_data("components", rows, initial=1)
    )
    assert response.status_code == 302, body(response)
    names = list(draft_x.components.order_by("order").values_list("name", "case"))
    assert names == [("Tờ khai theo mẫu", None), ("Giấy ủy quyền", case.pk)]


def test_fees_accept_vietnamese_thousands(client, personas, draft_x):
    fee = draft_x.fees.get()
    rows = [{"id": fee.pk, "order": "1", "kind": "fee", "name": "Lệ phí", "amount_vnd": "200.000",
             "collection": "before"}]  # fmt: skip
    client.force_login(personas.admin_x)
    response = client.post(url("catalog_fees", draft_x), formset_data("fees", rows, initial=1))
    assert response.status_code == 302, body(response)
    fee.refresh_from_db()
    assert fee.amount_vnd == 200_000


def test_saving_steps_that_do_not_add_up_warns_on_the_steps_page(client, personas, draft_x):
    rows = [
        {"order": "1", "name": "Thẩm định", "responsible_role": Role.SPECIALIST,
         "duration_hours": "32"},
        {"order": "2", "name": "Ký", "responsible_role": Role.AGENCY_LEADER,
         "duration_hours": "4"},
    ]  # fmt: skip
    client.force_login(personas.admin_x)
    response = client.post(url("catalog_steps", draft_x), formset_data("process_steps", rows))
    assert response.status_code == 302, body(response)
    page = body(client.get(url("catalog_steps", draft_x)))
    assert "Tổng thời gian hiện tại: 4,5 ngày làm việc (36 giờ)" in page
    assert "phải bằng thời hạn giải quyết (5 ngày làm việc)" in page


def test_a_step_without_duration_shows_the_row_in_the_error_summary(client, personas, draft_x):
    rows = [{"order": "1", "name": "Thẩm định", "responsible_role": Role.SPECIALIST,
             "duration_hours": ""}]  # fmt: skip
    client.force_login(personas.admin_x)
    response = client.post(url("catalog_steps", draft_x), formset_data("process_steps", rows))
    assert response.status_code == 200
    assert "Dòng 1 – Thời gian (giờ làm việc)" in body(response)
    assert not draft_x.process_steps.exists()


# --- check, publish ---------------------------------------------------------------------------


def test_the_check_panel_lists_what_is_missing_in_vietnamese(client, personas):
    draft = VersionFactory(processing_agency=personas.agency_x, children=False)
    client.force_login(personas.admin_x)
    page = body(client.get(url("catalog_check", draft)))
    assert "Chưa đủ điều kiện công bố: 2 vấn đề cần sửa" in page
    assert "Thiếu thành phần hồ sơ." in page


def test_the_check_panel_names_the_process_total_and_the_legal_time(client, personas, draft_x):
    for order, hours in enumerate((4, 24, 8), start=1):
        StepFactory(version=draft_x, order=order, duration_hours=Decimal(hours))
    client.force_login(personas.admin_x)
    page = body(client.get(url("catalog_check", draft_x)))
    assert (
        "Tổng thời gian các bước quy trình nội bộ (4,5 ngày làm việc) phải bằng thời hạn giải "
        "quyết (5 ngày làm việc) của trường hợp “Trường hợp chung”."
    ) in page


def test_a_complete_draft_passes_the_check(client, personas, draft_x):
    client.force_login(personas.admin_x)
    assert "Bản dự thảo đủ điều kiện công bố." in body(client.get(url("catalog_check", draft_x)))


def test_publishing_a_draft(client, personas, published_x):
    draft = version_create_draft(actor=None, procedure=published_x.procedure)
    client.force_login(personas.admin_x)
    response = client.post(url("catalog_publish", draft), publish_data())
    assert response["Location"] == url("catalog_detail", draft)
    assert flash(response) == ["Đã công bố phiên bản 2."]
    draft.refresh_from_db()
    published_x.refresh_from_db()
    assert (draft.status, draft.decision_number, draft.effective_date) == (
        "published",
        "1520/QĐ-UBND",
        date(2026, 3, 15),
    )
    assert draft.published_by == personas.admin_x
    assert (published_x.status, published_x.valid_to) == ("superseded", date(2026, 3, 14))


def test_publish_without_a_decision_number_shows_the_error_summary_and_publishes_nothing(
    client, personas, draft_x
):
    client.force_login(personas.admin_x)
    response = client.post(url("catalog_publish", draft_x), publish_data(decision_number=""))
    page = body(response)
    assert response.status_code == 200
    assert "mc-error-summary" in page and "Vui lòng nhập số quyết định công bố." in page
    draft_x.refresh_from_db()
    assert draft_x.status == VersionStatus.DRAFT and draft_x.published_at is None


def test_publish_needs_the_confirmation_box_and_real_dates(client, personas, draft_x):
    client.force_login(personas.admin_x)
    data = publish_data(effective_date="2026-03-15")
    del data["confirm"]
    page = body(client.post(url("catalog_publish", draft_x), data))
    assert "Đánh dấu ô xác nhận để tiếp tục." in page
    assert "Nhập ngày theo dạng ngày/tháng/năm" in page
    draft_x.refresh_from_db()
    assert draft_x.status == VersionStatus.DRAFT


def test_publishing_a_draft_whose_steps_do_not_add_up_shows_the_process_error(
    client, personas, draft_x
):
    StepFactory(version=draft_x, order=1, duration_hours=Decimal(36))
    client.force_login(personas.admin_x)
    response = client.post(url("catalog_publish", draft_x), publish_data())
    page = body(response)
    assert "mc-error-summary" in page
    assert "Tổng thời gian các bước quy trình nội bộ (4,5 ngày làm việc)" in page
    draft_x.refresh_from_db()
    assert draft_x.status == VersionStatus.DRAFT


def test_the_publish_page_warns_before_posting_and_names_the_version_it_replaces(
    client, personas, published_x
):
    draft = version_create_draft(actor=None, procedure=published_x.procedure)
    client.force_login(personas.admin_x)
    page = body(client.get(url("catalog_publish", draft)))
    assert "chuyển phiên bản 1 đang áp dụng sang “Đã được thay thế”" in page
    assert "Tôi xác nhận" in page


# --- new draft, abolish ----------------------------------------------------------------------


def test_a_new_draft_is_made_from_the_published_version(client, personas, published_x):
    client.force_login(personas.admin_x)
    assert client.get(url("catalog_draft_create", published_x)).status_code == 405
    response = client.post(url("catalog_draft_create", published_x))
    assert response["Location"] == url("catalog_draft", published_x)
    assert published_x.procedure.versions.filter(status="draft", number=2).exists()
    assert flash(response) == ["Bản dự thảo phiên bản 2 đã sẵn sàng để sửa."]


def test_abolishing_needs_confirmation_and_a_decision(client, personas, published_x):
    client.force_login(personas.admin_x)
    assert "Bãi bỏ thủ tục" in body(client.get(url("catalog_abolish", published_x)))
    page = body(client.post(url("catalog_abolish", published_x), {"last_day": "30/06/2026"}))
    assert "Vui lòng nhập số quyết định bãi bỏ." in page
    assert "Đánh dấu ô xác nhận để tiếp tục." in page
    published_x.refresh_from_db()
    assert published_x.status == VersionStatus.PUBLISHED
    data = {"decision_number": "2001/QĐ-UBND", "last_day": "30/06/2026", "confirm": "on"}
    response = client.post(url("catalog_abolish", published_x), data)
    assert response.status_code == 302
    published_x.refresh_from_db()
    assert (published_x.status, published_x.valid_to) == ("abolished", date(2026, 6, 30))


def test_abolish_is_404_without_a_version_in_force_and_403_for_a_viewer(client, personas, draft_x):
    client.force_login(personas.admin_x)
    assert client.get(url("catalog_abolish", draft_x)).status_code == 404
    version = VersionFactory(published=True, processing_agency=personas.division_x)
    client.force_login(personas.officer_x)
    assert client.post(url("catalog_abolish", version), {}).status_code == 403
    client.force_login(personas.officer_y)
    assert client.get(url("catalog_abolish", version)).status_code == 404


# --- late publication report -----------------------------------------------------------------


def _late(agency, days, code_name):
    return VersionFactory(
        published=True,
        processing_agency=agency,
        name=code_name,
        effective_date=date(2026, 3, 1),
        published_at=datetime(2026, 3, 1 + days, 9, tzinfo=HCM),
    )


def test_the_late_report_is_scoped_sorted_and_counted_per_agency(client, personas):
    _late(personas.agency_x, 3, "Chậm ba ngày")
    _late(personas.agency_x, 12, "Chậm mười hai ngày")
    _late(personas.agency_y, 5, "Chậm năm ngày của Sở Xây dựng")
    _late(personas.agency_x, 0, "Đúng hạn")
    client.force_login(personas.admin_x)
    response = client.get(url("catalog_late"))
    report = response.context["report"]
    assert [row.days_late for row in report.rows] == [12, 3]
    assert [(a.name, a.count, a.max_days) for a in report.per_agency] == [("Sở Tư pháp", 2, 12)]
    assert "Sở Xây dựng" not in body(response) and "Đúng hạn" not in body(response)
    ascending = client.get(url("catalog_late"), {"sap-xep": "tang"}).context["report"]
    assert [row.days_late for row in ascending.rows] == [3, 12]


def test_the_supervisor_sees_late_publications_of_every_agency(client, personas):
    _late(personas.agency_x, 3, "Một")
    _late(personas.agency_y, 5, "Hai")
    client.force_login(personas.supervisor)
    report = client.get(url("catalog_late")).context["report"]
    assert {(a.name, a.count) for a in report.per_agency} == {("Sở Tư pháp", 1), ("Sở Xây dựng", 1)}


def test_the_late_report_says_when_nothing_is_late(client, personas):
    client.force_login(PositionFactory(role=Role.SPECIALIST).user)
    page = body(client.get(url("catalog_late")))
    assert "Không có thủ tục nào công bố chậm trong phạm vi của bạn." in page


def test_the_confirmation_pages_offer_the_action_and_the_way_back(
    client, personas, draft_x, published_x
):
    client.force_login(personas.admin_x)
    abolish = body(client.get(url("catalog_abolish", published_x)))
    assert 'class="mc-button mc-button--danger" type="submit">Bãi bỏ thủ tục<' in abolish
    assert f'href="{url("catalog_detail", published_x)}">Hủy<' in abolish
    publish = body(client.get(url("catalog_publish", draft_x)))
    assert 'type="submit">Công bố<' in publish
    assert f'href="{url("catalog_check", draft_x)}">Quay lại kiểm tra<' in publish
