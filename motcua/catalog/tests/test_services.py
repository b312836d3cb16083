"""Catalogue services: drafts, the parts of a draft, publication, abolition, late publication."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction

from motcua.catalog import services_children as children
from motcua.catalog.models import (
    Component,
    Fee,
    ProcedureCase,
    ProcedureVersion,
    ProcessStep,
    VersionStatus,
)
from motcua.catalog.selectors import late_publications
from motcua.catalog.services import (
    CatalogError,
    Publication,
    completeness_errors,
    procedure_create,
    process_errors,
    version_abolish,
    version_create_draft,
    version_publish,
    version_update,
)
from motcua.org.models import Role
from motcua.testing.catalog_factories import FieldFactory, StepFactory, VersionFactory
from motcua.testing.factories import AgencyFactory, StaffFactory

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
PUBLICATION = Publication("250/QĐ-UBND", date(2026, 3, 1), date(2026, 3, 15))


def _steps(version, *hours):
    for order, amount in enumerate(hours, start=1):
        StepFactory(version=version, order=order, duration_hours=Decimal(amount))


# --- creating and editing drafts -------------------------------------------------------------


def test_procedure_create_makes_a_first_draft_with_folded_search_text():
    version = procedure_create(
        actor=None,
        code=" 1.001193 ",
        name="Đăng ký khai sinh",
        field=FieldFactory(name="Hộ tịch"),
        subjects="Công dân",
        result="Giấy khai sinh",
    )
    assert version.procedure.code == "1.001193"
    assert (version.number, version.status) == (1, VersionStatus.DRAFT)
    assert "dang ky khai sinh" in version.search_text and "ho tich" in version.search_text


def test_a_draft_can_be_updated_and_its_search_text_follows():
    draft = VersionFactory()
    version_update(actor=None, version=draft, name="Chứng thực bản sao từ bản chính")
    draft.refresh_from_db()
    assert draft.name == "Chứng thực bản sao từ bản chính"
    assert "chung thuc ban sao" in draft.search_text


def test_a_published_version_cannot_be_updated():
    published = VersionFactory(published=True)
    with pytest.raises(CatalogError) as error:
        version_update(actor=None, version=published, name="Đổi tên")
    assert "tạo bản dự thảo mới" in error.value.messages[0]
    published.refresh_from_db()
    assert published.name != "Đổi tên"


def test_a_new_draft_copies_cases_components_fees_and_steps():
    published = VersionFactory(published=True)
    case = published.cases.get()
    Component.objects.create(version=published, case=case, name="Giấy tờ riêng của trường hợp")
    _steps(published, 8, 32)
    draft = version_create_draft(actor=None, procedure=published.procedure)
    assert (draft.number, draft.status) == (2, VersionStatus.DRAFT)
    assert (draft.decision_number, draft.effective_date, draft.published_at) == ("", None, None)
    assert [c.name for c in draft.cases.all()] == ["Trường hợp chung"]
    assert draft.components.count() == 2 and draft.fees.count() == 1
    assert [s.duration_hours for s in draft.process_steps.all()] == [8, 32]
    # Children point at the draft's own case, never at the published one.
    new_case = draft.cases.get()
    assert new_case.pk != case.pk
    assert set(draft.components.exclude(case=None).values_list("case", flat=True)) == {new_case.pk}
    assert draft.fees.get().case == new_case


def test_editing_the_new_draft_leaves_the_published_version_untouched():
    published = VersionFactory(published=True)
    _steps(published, 40)
    draft = version_create_draft(actor=None, procedure=published.procedure)
    version_update(actor=None, version=draft, name="Tên mới")
    children.version_steps_replace(actor=None, version=draft, rows=[])
    children.version_fees_replace(actor=None, version=draft, rows=[])
    case = draft.cases.get()
    children.version_cases_replace(
        actor=None,
        version=draft,
        rows=[
            {
                "id": case.pk,
                "name": case.name,
                "processing_amount": Decimal(3),
                "processing_unit": "working_days",
            }
        ],
    )
    published.refresh_from_db()
    assert published.name != "Tên mới" and published.status == VersionStatus.PUBLISHED
    assert published.process_steps.count() == 1 and published.fees.count() == 1
    assert published.cases.get().processing_amount == 5


def test_creating_a_draft_twice_returns_the_same_draft():
    published = VersionFactory(published=True)
    first = version_create_draft(actor=None, procedure=published.procedure)
    assert version_create_draft(actor=None, procedure=published.procedure) == first
    assert published.procedure.versions.count() == 2


# --- one published and one draft version per procedure (DB constraints) ---------------------


def test_the_database_allows_only_one_published_version_per_procedure():
    published = VersionFactory(published=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        VersionFactory(procedure=published.procedure, number=2, published=True, children=False)


def test_the_database_allows_only_one_draft_per_procedure():
    draft = VersionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        VersionFactory(procedure=draft.procedure, number=2, children=False)


# --- completeness and the internal process ---------------------------------------------------


def test_a_complete_draft_has_no_completeness_errors():
    assert completeness_errors(VersionFactory()) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": " "}, "Thiếu tên thủ tục."),
        ({"steps": ""}, "Thiếu trình tự thực hiện."),
        (
            {"channel_counter": False, "channel_online": False, "channel_post": False},
            "Phải chọn ít nhất một cách thức thực hiện",
        ),
        ({"subjects": " "}, "Thiếu đối tượng thực hiện."),
        ({"processing_agency_text": ""}, "Thiếu cơ quan giải quyết."),
        ({"result": " "}, "Thiếu kết quả thực hiện."),
        ({"level_province": False}, "Phải chọn ít nhất một cấp thực hiện."),
        ({"online_level": "none"}, "phải có mức độ dịch vụ công trực tuyến"),
    ],
)
def test_completeness_errors_name_each_missing_part(change, message):
    draft = VersionFactory.build(**change)
    draft.procedure.save()
    draft.field.save()
    draft.save()
    ProcedureCase.objects.create(
        version=draft, name="Chung", processing_amount=5, processing_unit="working_days"
    )
    Component.objects.create(version=draft, name="Tờ khai")
    errors = completeness_errors(draft)
    assert len(errors) == 1 and message in errors[0]


def test_a_draft_without_cases_or_components_lists_both():
    draft = VersionFactory(children=False)
    errors = completeness_errors(draft)
    assert "Phải có ít nhất một trường hợp với thời hạn giải quyết." in errors
    assert "Thiếu thành phần hồ sơ." in errors


def test_the_process_total_must_equal_each_cases_legal_time():
    draft = VersionFactory()  # one case of 5 working days
    _steps(draft, 4, 24, 8)  # 36 h = 4.5 days
    assert process_errors(draft) == [
        "Tổng thời gian các bước quy trình nội bộ (4,5 ngày làm việc) phải bằng thời hạn giải "
        "quyết (5 ngày làm việc) của trường hợp “Trường hợp chung”."
    ]
    assert process_errors(draft)[0] in completeness_errors(draft)


def test_the_process_error_names_only_the_cases_that_do_not_add_up():
    draft = VersionFactory()
    ProcedureCase.objects.create(
        version=draft, name="Cấp lại", processing_amount=40, processing_unit="working_hours"
    )
    ProcedureCase.objects.create(
        version=draft, name="Theo lịch", processing_amount=7, processing_unit="calendar_days"
    )
    _steps(draft, 16, 24)  # 40 h = 5 days
    assert process_errors(draft) == []
    StepFactory(version=draft, order=3, duration_hours=Decimal(4))
    errors = process_errors(draft)
    assert len(errors) == 2  # 5 days and 40 hours; calendar days cannot be compared
    assert "“Trường hợp chung”" in errors[0] and "“Cấp lại”" in errors[1]
    assert "(5,5 ngày làm việc)" in errors[0]


def test_a_draft_without_steps_has_no_process_error():
    assert process_errors(VersionFactory()) == []


# --- publication -----------------------------------------------------------------------------


def test_publish_makes_the_draft_the_version_in_force():
    actor = StaffFactory()
    version = version_publish(actor=actor, version=VersionFactory(), publication=PUBLICATION)
    assert version.status == VersionStatus.PUBLISHED
    assert (version.decision_number, version.decision_date, version.effective_date) == (
        "250/QĐ-UBND",
        date(2026, 3, 1),
        date(2026, 3, 15),
    )
    assert version.published_at is not None and version.published_by == actor


def test_publish_supersedes_the_previous_version_the_day_before_the_new_effective_date():
    first = VersionFactory(published=True)
    draft = version_create_draft(actor=None, procedure=first.procedure)
    version_publish(actor=None, version=draft, publication=PUBLICATION)
    first.refresh_from_db()
    assert first.status == VersionStatus.SUPERSEDED
    assert first.valid_to == date(2026, 3, 14)
    statuses = set(first.procedure.versions.values_list("number", "status"))
    assert statuses == {(1, VersionStatus.SUPERSEDED), (2, VersionStatus.PUBLISHED)}


def test_publish_refuses_an_incomplete_draft_and_changes_nothing():
    first = VersionFactory(published=True)
    draft = version_create_draft(actor=None, procedure=first.procedure)
    _steps(draft, 4, 32)  # 4.5 days against 5
    with pytest.raises(CatalogError) as error:
        version_publish(actor=None, version=draft, publication=PUBLICATION)
    assert "(4,5 ngày làm việc)" in error.value.messages[0]
    draft.refresh_from_db()
    first.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT and first.status == VersionStatus.PUBLISHED


def test_publish_needs_a_decision_number_and_ordered_dates():
    draft = VersionFactory()
    bad = Publication(" ", date(2026, 3, 15), date(2026, 3, 1))
    with pytest.raises(CatalogError) as error:
        version_publish(actor=None, version=draft, publication=bad)
    assert error.value.messages == [
        "Thiếu số quyết định công bố.",
        "Ngày có hiệu lực không được trước ngày quyết định công bố.",
    ]
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_a_published_version_cannot_be_published_again():
    with pytest.raises(CatalogError):
        version_publish(actor=None, version=VersionFactory(published=True), publication=PUBLICATION)


# --- abolition -------------------------------------------------------------------------------


def test_abolish_ends_the_version_in_force_on_the_last_day():
    version = VersionFactory(published=True)
    version_abolish(
        actor=None, version=version, decision_number=" 99/QĐ-UBND ", last_day=date(2026, 6, 30)
    )
    version.refresh_from_db()
    assert version.status == VersionStatus.ABOLISHED
    assert (version.valid_to, version.abolition_decision) == (date(2026, 6, 30), "99/QĐ-UBND")


def test_abolish_needs_a_decision():
    version = VersionFactory(published=True)
    with pytest.raises(CatalogError) as error:
        version_abolish(actor=None, version=version, decision_number="", last_day=date(2026, 6, 30))
    assert error.value.messages == ["Thiếu số quyết định bãi bỏ."]
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED


def test_only_the_version_in_force_can_be_abolished():
    with pytest.raises(CatalogError):
        version_abolish(
            actor=None, version=VersionFactory(), decision_number="1/QĐ", last_day=date(2026, 1, 1)
        )


# --- late publication (Directive 01/CT-UBND, clause 1c) ---------------------------------------


def _published(effective, published_at, **extra):
    return VersionFactory(
        published=True, effective_date=effective, published_at=published_at, **extra
    )


def test_late_publications_count_days_from_effective_date_to_the_local_publication_day():
    agency = AgencyFactory()
    # 23:30 UTC on 10/03 is already 11/03 in Hà Nội: 10 days after 01/03.
    late = _published(
        date(2026, 3, 1),
        datetime(2026, 3, 10, 23, 30, tzinfo=ZoneInfo("UTC")),
        processing_agency=agency,
    )
    _published(date(2026, 3, 1), datetime(2026, 3, 1, 9, tzinfo=HCM))  # same day: on time
    _published(date(2026, 3, 20), datetime(2026, 3, 1, 9, tzinfo=HCM))  # early
    rows = late_publications()
    assert [(row.version, row.days_late) for row in rows] == [(late, 10)]


def test_late_publications_are_scoped_to_agencies_and_sorted_worst_first():
    x, y = AgencyFactory(), AgencyFactory()
    a = _published(date(2026, 3, 1), datetime(2026, 3, 3, 9, tzinfo=HCM), processing_agency=x)
    b = _published(date(2026, 3, 1), datetime(2026, 3, 9, 9, tzinfo=HCM), processing_agency=x)
    _published(date(2026, 3, 1), datetime(2026, 3, 5, 9, tzinfo=HCM), processing_agency=y)
    rows = late_publications(agency_ids={x.pk})
    assert [(row.version, row.days_late) for row in rows] == [(b, 8), (a, 2)]
    assert len(late_publications()) == 3


# --- the parts of a draft (services_children) ------------------------------------------------


def _case_row(name, amount, pk=None, **extra):
    return {
        "id": pk,
        "name": name,
        "processing_amount": Decimal(amount),
        "processing_unit": "working_days",
        **extra,
    }


def test_cases_are_updated_added_removed_and_renumbered():
    draft = VersionFactory(children=False)
    old = ProcedureCase.objects.create(
        version=draft, name="Cũ", processing_amount=3, processing_unit="working_days"
    )
    kept = ProcedureCase.objects.create(
        version=draft, name="Giữ", processing_amount=3, processing_unit="working_days"
    )
    children.version_cases_replace(
        actor=None,
        version=draft,
        rows=[_case_row("Mới", 2, order=1), _case_row("Giữ, sửa thời hạn", 4, pk=kept.pk, order=2)],
    )
    cases = list(draft.cases.order_by("order"))
    assert [(c.order, c.name, c.processing_amount) for c in cases] == [
        (1, "Mới", 2),
        (2, "Giữ, sửa thời hạn", 4),
    ]
    assert cases[1].pk == kept.pk
    assert not ProcedureCase.objects.filter(pk=old.pk).exists()


def test_a_case_still_used_by_components_or_fees_cannot_be_removed():
    draft = VersionFactory()  # its fee points at its case
    case = draft.cases.get()
    with pytest.raises(CatalogError) as error:
        children.version_cases_replace(actor=None, version=draft, rows=[_case_row("Khác", 5)])
    assert "“Trường hợp chung”" in error.value.messages[0]
    assert draft.cases.get() == case and draft.fees.count() == 1


def test_rows_of_another_version_are_refused():
    draft, other = VersionFactory(), VersionFactory()
    foreign_case = other.cases.get()
    with pytest.raises(CatalogError):
        children.version_cases_replace(
            actor=None, version=draft, rows=[_case_row("Chiếm", 1, pk=foreign_case.pk)]
        )
    with pytest.raises(CatalogError) as error:
        children.version_components_replace(
            actor=None, version=draft, rows=[{"name": "Tờ khai", "case": foreign_case}]
        )
    assert "không thuộc bản dự thảo này" in error.value.messages[0]
    assert other.cases.get().name == "Trường hợp chung"


def test_the_parts_of_a_published_version_cannot_be_replaced():
    published = VersionFactory(published=True)
    for service in (
        children.version_cases_replace,
        children.version_components_replace,
        children.version_fees_replace,
        children.version_steps_replace,
    ):
        with pytest.raises(CatalogError):
            service(actor=None, version=published, rows=[])
    assert published.cases.count() == 1 and published.components.count() == 1


def test_invalid_rows_are_all_reported_and_nothing_is_written():
    draft = VersionFactory()
    rows = [
        {"name": "Tờ khai hợp lệ", "originals": 1},
        {"name": "", "originals": 1},
        {"name": "Bản sao", "requirement": "khong-co"},
    ]
    with pytest.raises(CatalogError) as error:
        children.version_components_replace(actor=None, version=draft, rows=rows)
    messages = error.value.messages
    assert len(messages) == 2
    assert messages[0].startswith("Dòng 2 – Tên giấy tờ:")
    assert messages[1].startswith("Dòng 3 – Yêu cầu:")
    assert list(draft.components.values_list("name", flat=True)) == ["Tờ khai theo mẫu"]


def test_fees_and_components_can_target_a_case_of_the_same_draft():
    draft = VersionFactory()
    case = draft.cases.get()
    children.version_fees_replace(
        actor=None,
        version=draft,
        rows=[{"name": "Lệ phí cấp lại", "amount_vnd": 20_000, "case": case, "kind": "fee"}],
    )
    children.version_components_replace(
        actor=None, version=draft, rows=[{"name": "Đơn đề nghị", "case": case}]
    )
    assert Fee.objects.get(version=draft).case == case
    assert Component.objects.get(version=draft).case == case


def test_steps_can_be_reordered_without_breaking_the_unique_step_number():
    draft = VersionFactory()
    _steps(draft, 8, 32)
    first, second = draft.process_steps.order_by("order")
    rows = [
        {
            "id": s.pk,
            "order": order,
            "name": s.name,
            "responsible_role": s.responsible_role,
            "duration_hours": s.duration_hours,
        }
        for s, order in ((first, 2), (second, 1))
    ]
    rows.append(
        {"name": "Trả kết quả", "responsible_role": Role.RECORDS_CLERK, "duration_hours": 4}
    )
    children.version_steps_replace(actor=None, version=draft, rows=rows)
    steps = list(ProcessStep.objects.filter(version=draft).order_by("order"))
    assert [(s.order, s.pk, s.duration_hours) for s in steps[:2]] == [
        (1, second.pk, 32),
        (2, first.pk, 8),
    ]
    assert (steps[2].order, steps[2].name) == (3, "Trả kết quả")


def test_a_half_hour_is_the_smallest_step():
    draft = VersionFactory()
    with pytest.raises(CatalogError) as error:
        children.version_steps_replace(
            actor=None,
            version=draft,
            rows=[{"name": "Ký", "responsible_role": Role.AGENCY_LEADER, "duration_hours": 0}],
        )
    assert error.value.messages[0].startswith("Dòng 1 – Thời gian (giờ làm việc):")
    assert not ProcedureVersion.objects.get(pk=draft.pk).process_steps.exists()
