"""Public procedure catalogue: search and browse, the procedure page, the online entry."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from motcua.catalog.models import (
    Component,
    Fee,
    OnlineLevel,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    Requirement,
    VersionStatus,
)
from motcua.catalog.services import search_text_for
from motcua.testing.catalog_factories import FieldFactory, VersionFactory

pytestmark = pytest.mark.django_db

LIST = reverse("portal:procedure_list")


def _publish(code, name, field, **fields):
    return VersionFactory(published=True, procedure__code=code, name=name, field=field, **fields)


@pytest.fixture
def catalogue(personas):
    """A small but realistic catalogue: civil status (commune), criminal record (Sở Tư pháp),
    construction permits (Sở Xây dựng), household businesses (commune), and one draft."""
    ho_tich = FieldFactory(code="ho-tich", name="Hộ tịch")
    lltp = FieldFactory(code="ly-lich-tu-phap", name="Lý lịch tư pháp")
    xay_dung = FieldFactory(code="hoat-dong-xay-dung", name="Hoạt động xây dựng")
    hkd = FieldFactory(code="ho-kinh-doanh", name="Thành lập và hoạt động của hộ kinh doanh")
    commune = {
        "level_province": False,
        "level_commune": True,
        "processing_agency_text": "Ủy ban nhân dân cấp xã",
    }
    x = {"processing_agency": personas.agency_x, "processing_agency_text": "Sở Tư pháp"}
    y = {"processing_agency": personas.agency_y, "processing_agency_text": "Sở Xây dựng"}
    full = {"online_level": OnlineLevel.FULL}
    rows = [
        ("1.001193", "Đăng ký khai sinh", ho_tich, {**commune, **full}),
        ("1.000894", "Đăng ký kết hôn", ho_tich, {**commune, **full}),
        ("1.000656", "Đăng ký khai tử", ho_tich, {**commune, **full}),
        ("1.001695", "Đăng ký khai sinh có yếu tố nước ngoài", ho_tich, commune),
        ("1.004884", "Đăng ký lại khai sinh", ho_tich, commune),
        ("1.000689", "Đăng ký kết hôn có yếu tố nước ngoài", ho_tich, commune),
        (
            "2.000908",
            "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú "
            "tại Việt Nam",
            lltp,
            {**x, **full},
        ),
        (
            "2.000635",
            "Cấp Phiếu lý lịch tư pháp cho cơ quan nhà nước, cơ quan tiến hành tố tụng",
            lltp,
            x,
        ),
        (
            "1.009974",
            "Cấp giấy phép xây dựng mới đối với công trình cấp đặc biệt, cấp I, cấp II",
            xay_dung,
            y,
        ),
        (
            "1.009975",
            "Cấp giấy phép xây dựng sửa chữa, cải tạo đối với công trình cấp đặc biệt, "
            "cấp I, cấp II",
            xay_dung,
            y,
        ),
        ("1.009978", "Gia hạn giấy phép xây dựng", xay_dung, y),
        ("1.009982", "Cấp chứng chỉ hành nghề hoạt động xây dựng hạng II, hạng III", xay_dung, y),
        ("2.000720", "Đăng ký thành lập hộ kinh doanh", hkd, commune),
        ("2.000719", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", hkd, commune),
        (
            "2.000575",
            "Tạm ngừng hoạt động hộ kinh doanh",
            hkd,
            {**commune, "channel_online": False, "online_level": OnlineLevel.NONE},
        ),
    ]
    versions = {code: _publish(code, name, field, **extra) for code, name, field, extra in rows}
    VersionFactory(procedure__code="1.001999", name="Đăng ký khai sinh lưu động", field=ho_tich)
    return versions


def _codes(response):
    return [v.procedure.code for v in response.context["page"].object_list]


def _search(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    return response


# --- Search --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("with_marks", "without_marks", "expected"),
    [
        ("khai sinh", "khai sinh", "Đăng ký khai sinh"),
        ("giấy phép xây dựng", "giay phep xay dung", "Cấp giấy phép xây dựng mới"),
        ("lý lịch tư pháp", "ly lich tu phap", "Cấp Phiếu lý lịch tư pháp cho công dân"),
        ("đăng ký kết hôn", "dang ky ket hon", "Đăng ký kết hôn"),
        ("hộ kinh doanh", "ho kinh doanh", "Đăng ký thành lập hộ kinh doanh"),
        ("Khai tử", "KHAI TU", "Đăng ký khai tử"),
    ],
)
def test_search_ignores_diacritics_and_case(client, catalogue, with_marks, without_marks, expected):
    marked = _codes(_search(client, q=with_marks))
    plain = _codes(_search(client, q=without_marks))
    assert marked == plain and marked, "same results, same order"
    names = [catalogue[code].name for code in marked[:3]]
    assert any(name.startswith(expected) for name in names)


def test_search_tolerates_word_order(client, catalogue):
    codes = _codes(_search(client, q="xay dung giay phep"))
    assert codes[0] == "1.009974"
    assert set(codes) == {"1.009974", "1.009975", "1.009978"}


def test_the_whole_phrase_ranks_before_scattered_words(client, catalogue):
    codes = _codes(_search(client, q="khai sinh"))
    assert set(codes[:3]) == {"1.001193", "1.001695", "1.004884"}


def test_search_by_procedure_code(client, catalogue):
    assert _codes(_search(client, q="1.001193")) == ["1.001193"]


def test_a_search_without_hits_says_so_and_offers_the_whole_list(client, catalogue):
    response = _search(client, q="khong ton tai thu tuc nay")
    body = response.content.decode()
    assert "Không tìm thấy thủ tục phù hợp." in body
    assert "Tìm thấy 0 thủ tục cho “khong ton tai thu tuc nay”." in body


def test_drafts_never_appear_in_the_list(client, catalogue):
    assert "1.001999" not in _codes(_search(client, q="luu dong"))
    assert "1.001999" not in _codes(_search(client))


# --- Filters -------------------------------------------------------------------------------


def test_the_field_filter_keeps_that_field_only(client, catalogue):
    codes = _codes(_search(client, field="ly-lich-tu-phap"))
    assert sorted(codes) == ["2.000635", "2.000908"]


def test_the_agency_filter_keeps_that_agency_only(client, catalogue):
    codes = _codes(_search(client, agency="so-xay-dung"))
    assert sorted(codes) == ["1.009974", "1.009975", "1.009978", "1.009982"]


def test_the_level_filter(client, catalogue):
    assert len(_codes(_search(client, level="commune"))) == 9
    assert len(_codes(_search(client, level="province"))) == 6


def test_online_only_leaves_out_procedures_without_online_submission(client, catalogue):
    codes = _codes(_search(client, online="on"))
    assert "2.000575" not in codes and len(codes) == 14


def test_filters_and_query_combine(client, catalogue):
    codes = _codes(_search(client, q="dang ky", field="ho-kinh-doanh", level="commune"))
    assert sorted(codes) == ["2.000719", "2.000720"]
    codes = _codes(_search(client, q="ho kinh doanh", online="on"))
    assert sorted(codes) == ["2.000719", "2.000720"]
    assert _codes(_search(client, q="khai sinh", field="ly-lich-tu-phap")) == []


def test_an_unknown_filter_value_is_reported_and_ignored(client, catalogue):
    response = _search(client, q="khai sinh", field="khong-co")
    body = response.content.decode()
    assert "mc-error-summary" in body
    assert _codes(response)[0] == "1.001193"


def test_filter_choices_list_fields_with_counts_and_only_agencies_in_use(client, catalogue):
    form = _search(client).context["form"]
    assert ("ho-tich", "Hộ tịch (6)") in form.fields["field"].choices
    agencies = [code for code, _ in form.fields["agency"].choices]
    assert agencies == ["", "so-tu-phap", "so-xay-dung"]


# --- Browse and pagination ------------------------------------------------------------------


def test_without_a_query_the_page_offers_browsing_by_field(client, catalogue):
    response = _search(client)
    body = response.content.decode()
    assert "Tra cứu theo lĩnh vực" in body
    assert f'href="{LIST}?field=hoat-dong-xay-dung"' in body
    counts = {f.code: f.count for f in response.context["fields"]}
    assert counts == {
        "ho-tich": 6,
        "ly-lich-tu-phap": 2,
        "hoat-dong-xay-dung": 4,
        "ho-kinh-doanh": 3,
    }
    assert "Có 15 thủ tục hành chính đang áp dụng." in body


def test_with_a_query_the_field_browser_gives_way_to_results(client, catalogue):
    body = _search(client, q="khai sinh").content.decode()
    assert "Tra cứu theo lĩnh vực" not in body
    assert "Kết quả tìm kiếm" in body
    assert 'role="status"' in body


def test_a_result_row_shows_code_field_badges_and_processing_time(client, catalogue):
    body = _search(client, q="1.001193").content.decode()
    assert "1.001193" in body and "Hộ tịch" in body
    assert "Toàn trình" in body and "Cấp xã" in body
    assert "5 ngày làm việc" in body
    partial = _search(client, q="2.000635").content.decode()
    assert "Một phần" in partial and "Cấp tỉnh" in partial


def test_the_list_pages_by_25_and_keeps_the_query_in_page_links(client, personas):
    field = FieldFactory(code="dat-dai", name="Đất đai")
    for n in range(30):
        _publish(f"1.{n:06d}", f"Đăng ký đất đai lần {n}", field)
    first = _search(client, q="dat dai")
    assert len(first.context["page"].object_list) == 25
    body = first.content.decode()
    assert 'class="mc-pagination"' in body
    assert 'href="?q=dat+dai&amp;page=2"' in body
    assert "Trang 1/2." in body
    second = _search(client, q="dat dai", page=2)
    assert len(second.context["page"].object_list) == 5
    beyond = _search(client, q="dat dai", page=99)
    assert beyond.context["page"].number == 2
    assert _search(client, q="dat dai", page="abc").context["page"].number == 1


# --- htmx ----------------------------------------------------------------------------------


def test_htmx_gets_the_results_fragment_with_the_count_out_of_band(client, catalogue):
    response = client.get(LIST, {"q": "khai sinh"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body and "<h1" not in body
    assert 'id="results-count" hx-swap-oob="innerHTML"' in body
    assert "Đăng ký khai sinh" in body
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(client, catalogue):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    body = client.get(LIST, {"q": "khai sinh"}, headers=headers).content.decode()
    assert "<html" in body


def test_the_search_form_works_without_javascript(client, catalogue):
    body = _search(client).content.decode()
    assert 'method="get" action="/thu-tuc/"' in body
    assert 'hx-get="/thu-tuc/" hx-target="#results" hx-push-url="true"' in body
    assert '<label class="mc-label" for="id_q">' in body
    assert '<label class="mc-label" for="id_field">' in body
    assert '<label class="mc-checkbox__label" for="id_online">' in body


# --- Query count ---------------------------------------------------------------------------


def _bulk_publish(count, start, fields, agency):
    procedures = Procedure.objects.bulk_create(
        [Procedure(code=f"9.{start + n:06d}") for n in range(count)]
    )
    versions = []
    for n, procedure in enumerate(procedures):
        version = ProcedureVersion(
            procedure=procedure,
            number=1,
            status=VersionStatus.PUBLISHED,
            name=f"Cấp giấy phép thử nghiệm số {start + n}",
            field=fields[n % len(fields)],
            level_province=True,
            level_commune=n % 2 == 0,
            processing_agency=agency,
            subjects="Công dân Việt Nam",
            result="Giấy phép",
            channel_online=True,
            online_level=OnlineLevel.FULL if n % 3 else OnlineLevel.PARTIAL,
        )
        version.search_text = search_text_for(version)
        versions.append(version)
    ProcedureVersion.objects.bulk_create(versions)
    ProcedureCase.objects.bulk_create(
        ProcedureCase(
            version=v,
            name=f"Trường hợp {k}",
            order=k,
            processing_amount=Decimal(5 + k),
            processing_unit="working_days",
        )
        for v in versions
        for k in range(2)
    )


def _queries(client, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, params)
    assert response.status_code == 200
    return len(queries)


def test_the_list_uses_the_same_number_of_queries_at_20_and_2000_procedures(client, personas):
    fields = [FieldFactory(code=f"linh-vuc-{n}", name=f"Lĩnh vực số {n}") for n in range(12)]
    param_sets = [
        {},
        {"q": "giay phep thu nghiem", "page": "2"},
        {"field": "linh-vuc-4", "agency": "so-tu-phap", "level": "commune", "online": "on"},
    ]
    _bulk_publish(20, 0, fields, personas.agency_x)
    small = [_queries(client, params) for params in param_sets]
    _bulk_publish(1980, 20, fields, personas.agency_x)
    assert ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED).count() == 2000
    large = [_queries(client, params) for params in param_sets]
    assert small == large
    assert large == [5, 5, 5]  # field counts, agencies, count, page rows, cases of the page
    response = client.get(LIST, {"q": "giay phep thu nghiem", "page": "2"})
    assert len(response.context["page"].object_list) == 25
    assert "5 ngày làm việc" in response.content.decode()


# --- Procedure page ------------------------------------------------------------------------


@pytest.fixture
def birth(personas):
    """Đăng ký khai sinh handled by Sở Tư pháp in this fixture, with two cases, grouped
    components, a downloadable form and a fee set by the provincial council."""
    personas.agency_x.feedback_address = (
        "Văn phòng UBND tỉnh – Phòng Kiểm soát thủ tục hành chính, số 10 đường Chùa Chuông"
    )
    personas.agency_x.save()
    version = VersionFactory(
        published=True,
        procedure__code="1.001193",
        name="Đăng ký khai sinh",
        field=FieldFactory(code="ho-tich", name="Hộ tịch"),
        processing_agency=personas.agency_x,
        receiving_agency=personas.agency_y,
        online_level=OnlineLevel.FULL,
        subjects="Công dân Việt Nam\nNgười nước ngoài cư trú tại Việt Nam",
        steps="Bước 1: Nộp hồ sơ.\nBước 2: Nhận kết quả.",
        requirements="Người đi đăng ký phải xuất trình giấy tờ tùy thân.",
        result="Giấy khai sinh (bản chính)",
        fee_note="Miễn lệ phí cho trẻ em thuộc hộ nghèo.",
        legal_basis=[
            {"title": "Luật Hộ tịch", "number": "60/2014/QH13", "url": "https://example.vn/l"},
            {
                "code": "123/2015/NĐ-CP",
                "name": "Nghị định số 123/2015/NĐ-CP quy định chi tiết Luật Hộ tịch",
            },
            "Thông tư 04/2020/TT-BTP",
            {"title": "Link xấu", "url": "javascript:alert(1)"},
        ],
        children=False,
    )
    on_time = ProcedureCase.objects.create(
        version=version,
        order=1,
        name="Đăng ký đúng hạn",
        processing_amount=Decimal(1),
        processing_unit="working_days",
    )
    late = ProcedureCase.objects.create(
        version=version,
        order=2,
        name="Đăng ký quá hạn, cần xác minh",
        processing_amount=Decimal(5),
        processing_unit="working_days",
    )
    form = Component.objects.create(
        version=version,
        order=1,
        group="Giấy tờ phải nộp",
        name="Tờ khai đăng ký khai sinh",
        originals=1,
        form_name="Tờ khai đăng ký khai sinh (Mẫu TT 04/2020/TT-BTP)",
    )
    form.template.save("to-khai-khai-sinh.docx", SimpleUploadedFile("x.docx", b"PK"))
    Component.objects.create(
        version=version,
        order=2,
        group="Giấy tờ phải xuất trình",
        name="Giấy chứng sinh",
        originals=1,
        copies=1,
    )
    Component.objects.create(
        version=version,
        case=late,
        order=3,
        name="Văn bản xác nhận của cơ quan có thẩm quyền",
        copies=1,
        requirement=Requirement.CONDITIONAL,
    )
    Fee.objects.create(version=version, case=on_time, name="Lệ phí đúng hạn", amount_vnd=0)
    Fee.objects.create(version=version, case=late, name="Lệ phí quá hạn", amount_vnd=1_500_000)
    Fee.objects.create(version=version, name="Phí cấp bản sao", amount_vnd=None)
    return version


def _page(client, code="1.001193"):
    return client.get(reverse("portal:procedure_detail", args=[code]))


def test_the_procedure_page_shows_every_published_part(client, birth):
    response = _page(client)
    assert response.status_code == 200
    body = response.content.decode()
    for text in [
        "<h1>Đăng ký khai sinh</h1>",
        "1.001193",
        "Hộ tịch",
        "Toàn trình",
        "Người nước ngoài cư trú tại Việt Nam",
        "Bước 2: Nhận kết quả.",
        "Trực tiếp",
        "Đăng ký đúng hạn",
        "1 ngày làm việc",
        "5 ngày làm việc",
        "Thời hạn tính từ ngày cơ quan nhận đủ hồ sơ hợp lệ.",
        "Người đi đăng ký phải xuất trình giấy tờ tùy thân.",
        "Giấy khai sinh (bản chính)",
        "Số 100/QĐ-UBND ngày 05/01/2026",
    ]:
        assert text in body, text


def test_the_procedure_page_links_the_agencies_to_their_pages(client, birth):
    body = _page(client).content.decode()
    assert '<a href="/co-quan/so-tu-phap/">Sở Tư pháp</a>' in body
    assert '<a href="/co-quan/so-xay-dung/">Sở Xây dựng</a>' in body


def test_without_an_agency_link_the_published_text_is_shown(client, catalogue):
    body = _page(client).content.decode()
    assert "Ủy ban nhân dân cấp xã" in body
    assert "/co-quan/" not in body.split("<main")[1]


def test_fees_are_shown_in_vnd_or_as_set_by_the_provincial_council(client, birth):
    body = _page(client).content.decode()
    assert "1.500.000 ₫" in body
    assert "Miễn phí" in body
    assert "Theo quy định của HĐND tỉnh" in body
    assert "Miễn lệ phí cho trẻ em thuộc hộ nghèo." in body


def test_a_fee_note_replaces_the_missing_amount(client, birth):
    Fee.objects.filter(amount_vnd=None).update(note="Theo Nghị quyết 12/2025/NQ-HĐND")
    body = _page(client).content.decode()
    assert "Theo Nghị quyết 12/2025/NQ-HĐND" in body
    assert "Theo quy định của HĐND tỉnh" not in body


def test_components_are_grouped_by_case_and_group_with_copies_and_forms(client, birth):
    response = _page(client)
    body = response.content.decode()
    sections = response.context["component_sections"]
    assert [s.title for s in sections] == [
        "Giấy tờ chung cho mọi trường hợp",
        "Trường hợp: Đăng ký quá hạn, cần xác minh",
    ]
    assert [g.name for g in sections[0].groups] == ["Giấy tờ phải nộp", "Giấy tờ phải xuất trình"]
    assert "<h4>Giấy tờ phải nộp</h4>" in body
    assert "1 bản chính" in body and "1 bản sao" in body
    assert "Bắt buộc" in body and "Trong trường hợp cụ thể" in body
    assert "Mẫu: Tờ khai đăng ký khai sinh (Mẫu TT 04/2020/TT-BTP)" in body
    assert "catalog/templates/to-khai-khai-sinh" in body and " download>" in body


def test_ungrouped_components_among_groups_get_their_own_heading(client, birth):
    Component.objects.create(version=birth, order=9, name="Giấy tờ bổ sung", copies=1)
    sections = _page(client).context["component_sections"]
    assert [g.name for g in sections[0].groups] == [
        "Giấy tờ phải nộp",
        "Giấy tờ phải xuất trình",
        "Giấy tờ khác",
    ]


def test_a_single_list_of_components_has_no_case_headings(client, catalogue):
    sections = _page(client).context["component_sections"]
    assert [s.title for s in sections] == [""]
    assert [c.name for c in sections[0].groups[0].components] == ["Tờ khai theo mẫu"]


def test_the_page_shows_where_to_send_feedback(client, birth):
    body = _page(client).content.decode()
    assert "Phản ánh, kiến nghị" in body
    assert "Phòng Kiểm soát thủ tục hành chính, số 10 đường Chùa Chuông" in body


def test_a_commune_procedure_without_agency_sends_feedback_to_the_commune(client, catalogue):
    body = _page(client).content.decode()
    assert "Ủy ban nhân dân xã, phường nơi nộp hồ sơ." in body


def test_legal_basis_keeps_only_web_links(client, birth):
    body = _page(client).content.decode()
    assert (
        '<strong>60/2014/QH13</strong>: <a href="https://example.vn/l" rel="noopener">'
        "Luật Hộ tịch</a>" in body
    )
    assert "<li>Nghị định số 123/2015/NĐ-CP quy định chi tiết Luật Hộ tịch</li>" in body
    assert "<li>Thông tư 04/2020/TT-BTP</li>" in body
    assert "javascript:" not in body


def test_online_procedures_offer_the_submit_button(client, birth):
    body = _page(client).content.decode()
    assert 'class="mc-button" href="/thu-tuc/1.001193/nop-truc-tuyen/">Nộp trực tuyến</a>' in body
    assert "data-print hidden>In trang</button>" in body


def test_procedures_without_online_submission_have_no_submit_button(client, catalogue):
    body = _page(client, "2.000575").content.decode()
    assert "nop-truc-tuyen" not in body
    assert "Không nộp trực tuyến" in body


def test_draft_and_unknown_procedures_are_404(client, catalogue):
    assert _page(client, "1.001999").status_code == 404
    assert _page(client, "9.999999").status_code == 404


def test_a_superseded_version_is_not_shown_only_the_version_in_force(client, catalogue):
    old = catalogue["1.001193"]
    ProcedureVersion.objects.filter(pk=old.pk).update(status=VersionStatus.SUPERSEDED)
    VersionFactory(
        published=True, procedure=old.procedure, number=2, name="Đăng ký khai sinh (mới)"
    )
    assert "Đăng ký khai sinh (mới)" in _page(client).content.decode()


def test_the_procedure_page_cost_does_not_grow_with_its_components(client, birth):
    with CaptureQueriesContext(connection) as before:
        _page(client)
    for n in range(20):
        Component.objects.create(version=birth, name=f"Giấy tờ {n}", copies=1)
        Fee.objects.create(version=birth, name=f"Phí {n}", amount_vnd=1000 * n)
    with CaptureQueriesContext(connection) as after:
        _page(client)
    assert len(before) == len(after)


# --- Online entry (the submission itself: test_submission.py) ------------------------------


def test_the_online_entry_asks_to_sign_in_then_lists_what_to_prepare(client, birth, personas):
    url = reverse("portal:procedure_apply", args=["1.001193"])
    assert client.get(url)["Location"] == f"{reverse('portal:login')}?next={url}"
    client.force_login(personas.citizen_a)
    response = client.get(url)
    assert response.status_code == 200
    assert "Bạn cần chuẩn bị" in response.content.decode()


def test_the_online_entry_is_404_for_offline_draft_or_unknown_procedures(
    client, catalogue, personas
):
    client.force_login(personas.citizen_a)
    for code in ["2.000575", "1.001999", "9.999999"]:
        assert client.get(reverse("portal:procedure_apply", args=[code])).status_code == 404


# --- Entry points --------------------------------------------------------------------------


def test_home_and_navigation_lead_to_the_catalogue(client, personas):
    body = client.get(reverse("portal:home")).content.decode()
    assert 'action="/thu-tuc/"' in body and 'name="q" id="home-q"' in body
    assert '<label class="mc-label" for="home-q">Tên hoặc mã thủ tục</label>' in body
    assert 'href="/thu-tuc/">Thủ tục hành chính</a>' in body
