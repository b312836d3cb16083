"""Desk dossier pages with personas: inboxes, search, the dossier page, files and forms.

Out of scope is 404 (ADR 0003), by URL and by search; lists run a constant number of
queries whatever their length.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from motcua.dossiers.services import (
    Applicant,
    ComponentInput,
    dossier_forward,
    dossier_submit_online,
)
from motcua.testing.dossier_world import build_world, jpeg_upload, pdf_upload, receive_walk_in
from motcua.testing.factories import CitizenFactory
from motcua.workcal.services import holidays_seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(time_machine):
    time_machine.move_to("2026-03-02 08:30 +07:00", tick=False)
    holidays_seed(actor=None, years=range(2026, 2027))
    return build_world()


def inbox_url(slug, **query):
    url = reverse("desk:dossier_inbox", args=[slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def codes(response):
    return [d.code for d in response.context["page"]]


def submit(world, name="Trần Thị Bình", identity="034190004321", phone="0987654321"):
    return dossier_submit_online(
        actor=world.citizen,
        procedure_code=world.version.procedure.code,
        case_id=world.case.pk,
        receiving_agency=world.stp,
        applicant=Applicant(name=name, identity_number=identity, phone=phone),
        components=[
            ComponentInput(world.form.pk, originals=1, files=(pdf_upload(), jpeg_upload()))
        ],
    )


def test_the_counter_sees_submissions_to_receive_and_the_specialist_his_work(client, world):
    waiting = submit(world)
    received = receive_walk_in(world)
    client.force_login(world.counter_officer)
    assert codes(client.get(inbox_url("tiep-nhan"))) == [waiting.code]
    assert codes(client.get(inbox_url("cua-toi"))) == [received.code]
    dossier_forward(actor=world.counter_officer, dossier_id=received.pk, to_user=world.leader)
    client.force_login(world.leader)
    assert codes(client.get(inbox_url("cua-toi"))) == [received.code]
    client.force_login(world.specialist)
    assert codes(client.get(inbox_url("cua-toi"))) == []
    assert set(codes(client.get(inbox_url("tat-ca")))) == {waiting.code, received.code}


@pytest.mark.parametrize(
    "term", ["Bình", "bình", "034190004321", "0987 654 321", "+84987654321", "260302-0001"]
)
def test_search_by_name_identity_phone_or_code(client, world, term):
    found = submit(world)
    other = submit(world, name="Lê Văn Cường", identity="034090009999", phone="0911111111")
    client.force_login(world.counter_officer)
    response = client.get(inbox_url("tat-ca", q=term))
    assert found.code in codes(response) and other.code not in codes(response)


def test_an_officer_of_another_agency_finds_nothing_by_search_and_gets_404_by_url(client, world):
    dossier = receive_walk_in(world)
    client.force_login(world.sxd_specialist)
    assert codes(client.get(inbox_url("tat-ca", q=dossier.code))) == []
    for url in (
        reverse("desk:dossier_detail", args=[dossier.code]),
        reverse("desk:dossier_form", args=[dossier.code, "receipt"]),
        reverse("desk:dossier_file", args=[dossier.code, dossier.files.first().pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_a_citizen_gets_404_on_every_desk_dossier_page(client, world):
    dossier = submit(world)
    client.force_login(world.citizen)
    assert client.get(inbox_url("tat-ca")).status_code == 404
    assert client.get(reverse("desk:dossier_detail", args=[dossier.code])).status_code == 404


def test_an_unknown_inbox_is_404(client, world):
    client.force_login(world.counter_officer)
    assert client.get(inbox_url("khong-co")).status_code == 404


def test_filters_are_validated_in_vietnamese(client, world):
    client.force_login(world.counter_officer)
    response = client.get(inbox_url("tat-ca", received_from="05/03/2026", received_to="01/03/2026"))
    assert "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu." in response.content.decode()


def test_an_inbox_runs_the_same_number_of_queries_for_3_and_for_12_dossiers(client, world):
    client.force_login(world.counter_officer)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(inbox_url("tat-ca")).status_code == 200
        return len(ctx.captured_queries)

    for _ in range(3):
        receive_walk_in(world)
    few = queries()
    for _ in range(9):
        receive_walk_in(world)
    assert queries() == few


def test_the_dossier_page_shows_the_trail_control_sheet_timeline_and_files(client, world):
    dossier = receive_walk_in(world)
    dossier_forward(actor=world.counter_officer, dossier_id=dossier.pk)
    client.force_login(world.leader)
    page = client.get(reverse("desk:dossier_detail", args=[dossier.code])).content.decode()
    assert "Cách tính ngày hẹn trả" in page and "09/03/2026" in page
    assert "Phiếu kiểm soát quá trình giải quyết" in page and "Lê Thị Tiếp Nhận" in page
    assert "Tờ khai theo mẫu" in page and "to-khai.pdf" in page
    assert reverse("desk:dossier_form", args=[dossier.code, "receipt"]) in page


def test_files_open_inline_with_their_sniffed_type(client, world):
    dossier = submit(world)
    client.force_login(world.counter_officer)
    for stored in dossier.files.all():
        response = client.get(reverse("desk:dossier_file", args=[dossier.code, stored.pk]))
        assert response["Content-Type"] == stored.content_type
        assert response["Content-Disposition"].startswith("inline")
        assert b"".join(response.streaming_content)[:4] in (b"%PDF", b"\xff\xd8\xff\xe0")
    other = receive_walk_in(world).files.first()
    url = reverse("desk:dossier_file", args=[dossier.code, other.pk])  # file of another dossier
    assert client.get(url).status_code == 404


def test_form_01_prints_and_forms_without_their_event_are_404(client, world):
    dossier = receive_walk_in(world)
    client.force_login(world.counter_officer)
    receipt = client.get(reverse("desk:dossier_form", args=[dossier.code, "receipt"]))
    assert receipt["Content-Type"] == "application/pdf" and receipt.content.startswith(b"%PDF")
    for kind in ("refusal", "apology", "khong-co"):
        url = reverse("desk:dossier_form", args=[dossier.code, kind])
        assert client.get(url).status_code == 404


def test_the_register_prints_the_period_as_pdf(client, world):
    receive_walk_in(world)
    client.force_login(world.counter_officer)
    page = client.get(reverse("desk:dossier_register"))
    assert page.status_code == 200
    response = client.get(
        reverse("desk:dossier_register"),
        {
            "co_quan": world.stp.code,
            "field": world.version.field.pk,
            "start": "01/03/2026",
            "end": "31/03/2026",
        },
    )
    assert response["Content-Type"] == "application/pdf"


def test_the_dashboard_counts_each_inbox(client, world):
    submit(world)
    receive_walk_in(world)
    client.force_login(world.counter_officer)
    inboxes = dict((slug, count) for slug, _, count in client.get("/desk/").context["inboxes"])
    assert inboxes["tiep-nhan"] == 1 and inboxes["cua-toi"] == 1 and inboxes["tat-ca"] == 2


def test_a_citizen_without_desk_access_is_not_a_persona_leak(client, world):
    outsider = CitizenFactory()
    client.force_login(outsider)
    assert client.get(reverse("desk:dossier_register")).status_code == 404


def test_a_leader_sees_the_load_of_the_agency_and_a_specialist_does_not(client, world):
    dossier = receive_walk_in(world)
    dossier_forward(actor=world.counter_officer, dossier_id=dossier.pk, to_user=world.leader)
    receive_walk_in(world)
    dossier_forward(actor=world.counter_officer, dossier_id=receive_walk_in(world).pk, to_user=None)
    client.force_login(world.leader)
    response = client.get(reverse("desk:dossier_workload"))
    (agency, rows), *_ = response.context["loads"]
    assert agency == world.stp
    # unassigned (forwarded to the queue), received but not forwarded yet, and assigned
    assert [(r.name, r.open) for r in rows] == [
        ("", 1),
        ("Lê Thị Tiếp Nhận", 1),
        ("Phạm Văn Lãnh Đạo", 1),
    ]
    assert "Tình hình xử lý" in client.get("/desk/").content.decode()
    client.force_login(world.specialist)
    assert client.get(reverse("desk:dossier_workload")).status_code == 404
    assert "Tình hình xử lý" not in client.get("/desk/").content.decode()


@pytest.mark.parametrize(
    "inbox", ["tiep-nhan", "cua-toi", "sap-den-han", "qua-han", "cho-bo-sung", "tra-ket-qua"]
)
def test_every_inbox_runs_a_constant_number_of_queries(client, world, inbox):
    client.force_login(world.counter_officer)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(inbox_url(inbox)).status_code == 200
        return len(ctx.captured_queries)

    submit(world)
    receive_walk_in(world)
    few = queries()
    for _ in range(4):
        submit(world)
        receive_walk_in(world)
    assert queries() == few


def test_an_htmx_search_returns_only_the_rows_and_skips_the_tab_counts(client, world):
    receive_walk_in(world)
    client.force_login(world.counter_officer)

    def tab_counts(queries):
        return [q for q in queries if "COUNT(" in q["sql"] and "FILTER" in q["sql"]]

    with CaptureQueriesContext(connection) as full_ctx:
        full = client.get(inbox_url("tat-ca"))
    assert tab_counts(full_ctx.captured_queries)  # the full page counts every inbox
    with CaptureQueriesContext(connection) as ctx:
        rows = client.get(inbox_url("tat-ca"), HTTP_HX_REQUEST="true")
    assert 'id="dossier-rows"' in rows.content.decode()
    assert "mc-tabs" not in rows.content.decode() and "mc-tabs" in full.content.decode()
    assert "menu" not in rows.context and codes(rows) == codes(full)
    assert not tab_counts(ctx.captured_queries)
