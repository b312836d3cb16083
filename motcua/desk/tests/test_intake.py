"""Counter intake wizard and postal intake in the desk, with personas.

Decision tested here (see the ``intake_views`` docstring): staff without a counter-officer
position get a 403 page in Vietnamese that says why; non-desk users get 404 as on every
desk page; a counter officer asking for an agency they do not receive for gets 404.
"""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.catalog.models import Component, Fee, ProcedureCase
from motcua.domain.workflow import Channel, Status
from motcua.dossiers.models import Dossier, DossierFile
from motcua.org.models import Agency, Role
from motcua.testing.catalog_factories import VersionFactory
from motcua.testing.dossier_world import MINIMAL_PDF, build_world, jpeg_bytes
from motcua.testing.factories import PositionFactory
from motcua.workcal.services import holidays_seed

pytestmark = pytest.mark.django_db
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@pytest.fixture
def world(time_machine):
    time_machine.move_to("2026-03-02 08:30 +07:00", tick=False)  # a Monday
    holidays_seed(actor=None, years=range(2026, 2027))
    return build_world()


@pytest.fixture
def officer(client, world):
    client.force_login(world.counter_officer)
    return client


def url(world, name="intake_form", agency=None):
    code = world.version.procedure.code
    if name == "intake_case":
        return reverse("desk:intake_case", args=[(agency or world.stp).code, code])
    return reverse(f"desk:{name}", args=[(agency or world.stp).code, code, world.case.pk])


def sheet(world, action="receive", **override):
    """A counter sheet as the browser posts it: the required form handed in, no proof."""
    form, proof = f"tp{world.form.pk}", f"tp{world.proof.pk}"
    data = {
        "action": action,
        "kind": "citizen",
        "name": "Nguyễn Văn An",
        "identity_number": "034090001234",
        "phone": "0912 345 678",
        "email": "an@example.vn",
        "address": "Số 5 đường Nguyễn Văn Linh, phường Phố Hiến, tỉnh Hưng Yên",
        "result_delivery": "counter",
        "delivery_address": "",
        "guidance_reason": "Hồ sơ chưa đầy đủ, hợp lệ theo quy định.",
        f"{form}-handed": "on",
        f"{form}-originals": "1",
        f"{form}-certified_copies": "0",
        f"{form}-photocopies": "0",
        f"{proof}-originals": "0",
        f"{proof}-certified_copies": "1",
        f"{proof}-photocopies": "0",
    }
    data.update(override)
    return {key: value for key, value in data.items() if value is not None}


def body(response):
    return response.content.decode()


def flash(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- steps 1 and 2 ---------------------------------------------------------------------


def test_search_without_diacritics_finds_the_procedure(officer, world):
    VersionFactory(published=True, processing_agency=world.stp, name="Đăng ký khai sinh")
    response = officer.get(reverse("desk:intake_start"), {"q": "khai sinh"})
    assert response.status_code == 200
    assert "Đăng ký khai sinh" in body(response)
    assert "Tiếp nhận cho" in body(response)  # one agency served: no choice to make
    assert 'name="co_quan"' not in body(response)


def test_search_refreshes_only_the_results_with_htmx(officer, world):
    VersionFactory(published=True, processing_agency=world.stp, name="Đăng ký khai sinh")
    response = officer.get(reverse("desk:intake_start"), {"q": "dang ky"}, HTTP_HX_REQUEST="true")
    assert "Đăng ký khai sinh" in body(response)
    assert "<html" not in body(response)


def test_search_offers_only_procedures_of_the_agency_on_this_channel(officer, world):
    VersionFactory(published=True, processing_agency=world.sxd, name="Cấp giấy phép xây dựng")
    VersionFactory(published=True, processing_agency=world.stp, name="Cấp phép hành nghề")
    response = officer.get(reverse("desk:intake_start"), {"q": "cap phep"})
    assert "Cấp phép hành nghề" in body(response)
    assert "Cấp giấy phép xây dựng" not in body(response)
    postal = officer.get(reverse("desk:intake_start"), {"q": "cap phep", "kenh": "buu-chinh"})
    assert "Cấp phép hành nghề" not in body(postal)  # channel_post is off for it


def test_officer_serving_two_agencies_chooses_one(officer, world):
    world.counter_officer.positions.get().counter.agencies.add(world.sxd)
    version = VersionFactory(
        published=True, processing_agency=world.sxd, name="Cấp giấy phép xây dựng"
    )
    start = officer.get(reverse("desk:intake_start"))
    assert 'name="co_quan"' in body(start)
    response = officer.get(
        reverse("desk:intake_start"), {"co_quan": world.sxd.code, "q": "giay phep"}
    )
    assert "Cấp giấy phép xây dựng" in body(response)
    next_step = reverse("desk:intake_case", args=[world.sxd.code, version.procedure.code])
    assert next_step in body(response)


def test_a_procedure_with_one_case_goes_straight_to_the_sheet(officer, world):
    response = officer.get(url(world, "intake_case"))
    assert response.status_code == 302
    assert response["Location"] == url(world)


def test_several_cases_are_offered(officer, world):
    other = ProcedureCase.objects.create(
        version=world.version, name="Trường hợp đăng ký lại", processing_amount=3
    )
    response = officer.get(url(world, "intake_case"))
    assert response.status_code == 200
    assert "Trường hợp đăng ký lại" in body(response)
    assert reverse("desk:intake_form", args=[world.stp.code, world.version.procedure.code,
                                             other.pk]) in body(response)  # fmt: skip


def test_the_sheet_prefills_counts_and_shows_the_fees(officer, world):
    response = officer.get(url(world))
    page = body(response)
    assert "Tờ khai theo mẫu" in page and "Giấy tờ chứng minh nơi cư trú" in page
    assert f'name="tp{world.proof.pk}-certified_copies" value="1"' in page
    assert "50.000" in page  # the fee line and the total collected at receipt
    assert 'value="guide"' in page and 'value="refuse"' in page


# --- receive, guide, refuse --------------------------------------------------------------


def test_receive_creates_a_received_dossier_and_redirects_to_it(officer, world):
    uploads = [
        SimpleUploadedFile("to-khai.pdf", MINIMAL_PDF, content_type="application/pdf"),
        SimpleUploadedFile("trang-2.jpg", jpeg_bytes(), content_type="image/jpeg"),
    ]
    data = sheet(world, fees_paid="on", **{f"tp{world.form.pk}-files": uploads})
    response = officer.post(url(world), data)
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:dossier_detail", args=[dossier.code])
    assert dossier.status == Status.RECEIVED and dossier.channel == Channel.COUNTER
    assert dossier.receiving_agency == world.stp
    assert dossier.applicant_name == "Nguyễn Văn An" and dossier.applicant_phone == "0912345678"
    component = dossier.components.get()
    assert (component.component, component.originals, component.digitised) == (world.form, 1, True)
    names = set(component.files.values_list("original_name", flat=True))
    assert names == {"to-khai.pdf", "trang-2.jpg"}  # several files for one component
    assert dossier.fees.get().paid_at is not None
    assert dossier.due_at is not None
    receipt = reverse("desk:dossier_form", args=[dossier.code, "receipt"])
    assert any(receipt in message and dossier.code in message for message in flash(response))


def test_guidance_returns_form_02_and_creates_no_dossier(officer, world):
    data = sheet(
        world,
        "guide",
        **{
            f"tp{world.form.pk}-handed": None,
            f"tp{world.form.pk}-requirement": "Nộp tờ khai theo mẫu, có chữ ký người nộp.",
        },
    )
    response = officer.post(url(world), data)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "guidance" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    assert not Dossier.objects.exists()


def test_guidance_asks_what_to_add_for_a_missing_required_component(officer, world):
    response = officer.post(
        url(world), sheet(world, "guide", **{f"tp{world.form.pk}-handed": None})
    )
    assert response.status_code == 200
    assert "Ghi nội dung cần bổ sung cho thành phần bắt buộc chưa nộp." in body(response)
    assert not Dossier.objects.exists()


def test_refuse_records_a_refused_dossier(officer, world):
    data = sheet(world, "refuse", refusal_reasons="Hồ sơ không thuộc thẩm quyền giải quyết.")
    response = officer.post(url(world), data)
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:dossier_detail", args=[dossier.code])
    assert dossier.status == Status.REFUSED
    assert not dossier.components.exists()


def test_refuse_needs_a_reason(officer, world):
    response = officer.post(url(world), sheet(world, "refuse"))
    assert "Vui lòng nêu rõ lý do từ chối tiếp nhận." in body(response)
    assert not Dossier.objects.exists()


# --- nothing saved on errors ---------------------------------------------------------------


def test_missing_applicant_name_is_reported_and_nothing_saved(officer, world):
    response = officer.post(url(world), sheet(world, name=""))
    assert response.status_code == 200
    assert "Vui lòng nhập họ tên người nộp hồ sơ." in body(response)
    assert "mc-error-summary" in body(response)
    assert not Dossier.objects.exists()


def test_missing_required_component_is_reported_and_nothing_saved(officer, world):
    response = officer.post(url(world), sheet(world, **{f"tp{world.form.pk}-handed": None}))
    assert "Thành phần bắt buộc chưa nộp: không tiếp nhận được." in body(response)
    assert not Dossier.objects.exists()


def test_an_executable_renamed_pdf_is_refused_and_nothing_saved(officer, world):
    upload = SimpleUploadedFile("to-khai.pdf", EXECUTABLE, content_type="application/pdf")
    data = sheet(world, **{f"tp{world.form.pk}-files": [upload]})
    response = officer.post(url(world), data)
    assert "Tệp “to-khai.pdf” không phải định dạng được chấp nhận" in body(response)
    assert "chọn lại tệp đính kèm" in body(response)
    assert not Dossier.objects.exists() and not DossierFile.objects.exists()


def test_a_refusal_by_the_service_is_shown_and_nothing_saved(officer, world):
    Agency.objects.filter(pk=world.stp.pk).update(identifier_code=None)
    response = officer.post(url(world), sheet(world))
    assert response.status_code == 200
    assert "Cơ quan tiếp nhận chưa có mã định danh điện tử." in body(response)
    assert not Dossier.objects.exists()


def test_organisation_needs_a_tax_code_and_post_delivery_an_address(officer, world):
    data = sheet(world, kind="business", result_delivery="post")
    response = officer.post(url(world), data)
    assert "Vui lòng nhập mã số thuế hoặc mã số doanh nghiệp của tổ chức." in body(response)
    assert "Vui lòng nhập địa chỉ nhận kết quả qua bưu chính." in body(response)
    assert not Dossier.objects.exists()


def test_too_many_files_for_a_component_are_refused(officer, world):
    Component.objects.filter(pk=world.form.pk).update(max_files=1)
    uploads = [SimpleUploadedFile(f"trang-{i}.pdf", MINIMAL_PDF) for i in range(2)]
    response = officer.post(url(world), sheet(world, **{f"tp{world.form.pk}-files": uploads}))
    assert "Thành phần này nhận tối đa 1 tệp." in body(response)
    assert not Dossier.objects.exists()


# --- postal intake ------------------------------------------------------------------------


def test_postal_intake_registers_a_submitted_dossier_with_its_tracking_number(officer, world):
    data = sheet(world, tracking_number="EE123456789VN", result_delivery="post")
    data.pop("action")
    response = officer.post(url(world, "intake_postal"), data)
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:dossier_detail", args=[dossier.code])
    assert (dossier.status, dossier.channel) == (Status.SUBMITTED, Channel.POST)
    assert dossier.postal_tracking == "EE123456789VN"
    assert dossier.delivery_address == dossier.applicant_address  # the envelope's sender
    assert dossier.components.get().component == world.form


def test_postal_intake_needs_a_tracking_number(officer, world):
    response = officer.post(url(world, "intake_postal"), sheet(world, result_delivery="post"))
    assert "Vui lòng nhập mã bưu gửi của hồ sơ." in body(response)
    assert not Dossier.objects.exists()


def test_the_wizard_leads_to_the_postal_sheet(officer, world):
    other = ProcedureCase.objects.create(version=world.version, name="Cấp lại", processing_amount=2)
    response = officer.get(url(world, "intake_case"), {"kenh": "buu-chinh"})
    postal = reverse("desk:intake_postal", args=[world.stp.code, world.version.procedure.code,
                                                 other.pk])  # fmt: skip
    assert postal in body(response)
    assert officer.get(postal).status_code == 200


# --- personas ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["specialist", "leader", "sxd_specialist"])
def test_staff_without_a_counter_position_get_the_403_page(client, world, persona):
    client.force_login(getattr(world, persona))
    for target in (reverse("desk:intake_start"), url(world)):
        response = client.get(target)
        assert response.status_code == 403
        assert "Chỉ cán bộ tiếp nhận, trả kết quả" in body(response)
    assert client.post(url(world), sheet(world)).status_code == 403
    assert not Dossier.objects.exists()


def test_a_citizen_gets_404(client, world):
    client.force_login(world.citizen)
    assert client.get(reverse("desk:intake_start")).status_code == 404
    assert client.post(url(world), sheet(world)).status_code == 404
    assert not Dossier.objects.exists()


def test_anonymous_visitors_go_to_the_staff_login(client, world):
    response = client.get(reverse("desk:intake_start"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("desk:login"))


def test_a_counter_officer_cannot_receive_for_an_agency_they_do_not_serve(officer, world):
    VersionFactory(published=True, processing_agency=world.sxd, name="Cấp giấy phép xây dựng")
    assert officer.get(url(world, agency=world.sxd)).status_code == 404
    assert officer.get(url(world, "intake_case", agency=world.sxd)).status_code == 404
    assert officer.post(url(world, agency=world.sxd), sheet(world)).status_code == 404
    response = officer.get(reverse("desk:intake_start"), {"co_quan": world.sxd.code, "q": "xay"})
    assert "Cấp giấy phép xây dựng" not in body(response)
    assert not Dossier.objects.exists()


def test_a_counter_officer_of_another_agency_gets_404(client, world):
    client.force_login(PositionFactory(agency=world.sxd, role=Role.COUNTER_OFFICER).user)
    assert client.get(url(world)).status_code == 404
    assert client.post(url(world), sheet(world)).status_code == 404
    assert not Dossier.objects.exists()


def test_a_procedure_of_another_agency_is_404_at_the_counter(officer, world):
    version = VersionFactory(published=True, processing_agency=world.sxd)
    target = reverse("desk:intake_case", args=[world.stp.code, version.procedure.code])
    assert officer.get(target).status_code == 404


def test_the_menu_shows_intake_to_counter_officers_only(client, world):
    client.force_login(world.counter_officer)
    assert reverse("desk:intake_start") in body(client.get(reverse("desk:catalog_list")))
    client.force_login(world.specialist)
    assert reverse("desk:intake_start") not in body(client.get(reverse("desk:catalog_list")))


def test_fee_lines_without_amount_are_shown_but_not_totalled(officer, world):
    Fee.objects.create(version=world.version, name="Phí thẩm định", amount_vnd=None)
    page = body(officer.get(url(world)))
    assert "Phí thẩm định" in page and "Theo quy định" in page


def test_shared_procedures_without_an_agency_are_offered_but_not_for_the_center(officer, world):
    shared = VersionFactory(published=True, name="Chứng thực bản sao từ bản chính")
    response = officer.get(reverse("desk:intake_start"), {"q": "chung thuc"})
    assert "Chứng thực bản sao từ bản chính" in body(response)
    # The center receives for the agencies of its counters, never in its own name.
    target = reverse("desk:intake_case", args=[world.center.code, shared.procedure.code])
    assert officer.get(target).status_code == 404
