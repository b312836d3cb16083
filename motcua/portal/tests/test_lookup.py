"""The public status lookup (/tra-cuu/): what the code shows, what the secret or the owner's
account adds, the same "not found" for every miss, and the limits against enumeration."""

import re
import unicodedata
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.urls import reverse

from motcua.documents.tests.test_forms_pdf import _run
from motcua.dossiers.models import Dossier
from motcua.dossiers.papers import receipt_pdf
from motcua.dossiers.public import dossier_status_private, secret_matches
from motcua.dossiers.services import (
    RequestItem,
    dossier_apologise,
    dossier_assign,
    dossier_complete_step,
    dossier_forward,
    dossier_receive,
    dossier_request_supplement,
    dossier_submit_online,
)
from motcua.testing.dossier_world import World, build_world, receive_walk_in
from motcua.testing.factories import CitizenFactory
from motcua.workcal.services import holidays_seed

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
LOOKUP = reverse("portal:lookup")
NAME = "Nguyễn Văn An"


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(time_machine):
    """Monday 02/03/2026 08:30 (the start of a 10-minute window); holidays of 2026."""
    time_machine.move_to("2026-03-02 08:30 +07:00", tick=False)
    holidays_seed(actor=None, years=range(2026, 2027))
    return build_world()


@pytest.fixture
def owned(world: World) -> Dossier:
    """Submitted online by the world's citizen (An), received at the counter at 08:30."""
    dossier = dossier_submit_online(
        actor=world.citizen,
        procedure_code=world.version.procedure.code,
        case_id=world.case.pk,
        receiving_agency=world.stp,
        applicant=world.applicant,
        components=world.components(),
    )
    return dossier_receive(actor=world.counter_officer, dossier_id=dossier.pk, fees_paid=True)


def _status(client, code: str, **kwargs):
    return client.get(reverse("portal:lookup_status", args=[code]), **kwargs)


def _with_secret(client, code: str, secret: str, **kwargs):
    return client.post(LOOKUP, {"code": code, "secret": secret}, **kwargs)


def _body(response) -> str:
    return response.content.decode()


def _main(response) -> str:
    """The page's <main>, without the per-response CSRF token."""
    main = _body(response).split('<main id="main"')[1].split("</main>")[0]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", main)


# --- what the code alone shows --------------------------------------------------------------


def test_the_code_shows_status_and_appointment_but_not_the_applicant(client, world, owned):
    response = _status(client, owned.code)
    body = _body(response)
    assert response.status_code == 200
    assert "Được tiếp nhận" in body and "08:30 09/03/2026" in body
    assert world.version.name in body and "Sở Tư pháp" in body
    assert NAME not in body and "Lê Thị Tiếp Nhận" not in body  # no applicant, no officer
    assert owned.lookup_secret not in body
    assert "Cách tính ngày hẹn trả" not in body
    assert "no-store" in response["Cache-Control"]


def test_the_public_timeline_lists_status_changes_only(client, world, owned):
    body = _body(_status(client, owned.code))
    timeline = body.split("Quá trình giải quyết")[1]
    assert "Mới đăng ký" in timeline and "Được tiếp nhận" in timeline
    assert "08:30 02/03/2026" in timeline


def test_a_code_typed_in_lower_case_with_spaces_finds_the_dossier(client, owned):
    assert _status(client, f" {owned.code.lower()} ").status_code == 200


def test_a_qr_reader_may_ask_for_the_headers_only(client, owned):
    url = reverse("portal:lookup_status", args=[owned.code])
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405


def test_posting_a_code_without_a_secret_moves_to_its_own_address(client, owned):
    response = client.post(LOOKUP, {"code": f" {owned.code.lower()} ", "secret": ""})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:lookup_status", args=[owned.code])


def test_the_lookup_form_asks_for_a_code(client, world):
    page = client.get(LOOKUP)
    assert page.status_code == 200 and 'method="post"' in _body(page)
    response = client.post(LOOKUP, {"code": "  ", "secret": ""})
    assert response.status_code == 200 and "Vui lòng nhập mã hồ sơ." in _body(response)


# --- the lookup secret ----------------------------------------------------------------------


def test_the_right_secret_shows_the_applicant_view(client, owned):
    response = _with_secret(client, owned.code, owned.lookup_secret)
    body = _body(response)
    assert response.status_code == 200
    assert NAME in body and "Được tiếp nhận" in body
    assert "Cách tính ngày hẹn trả" in body and "hạn trả kết quả: 08:30 09/03/2026" in body
    assert "no-store" in response["Cache-Control"]


def test_the_secret_is_read_in_any_case_and_with_spaces(client, owned):
    typed = " ".join(owned.lookup_secret[i : i + 4] for i in (0, 4)).lower()
    assert NAME in _body(_with_secret(client, owned.code, f" {typed} "))


def test_a_wrong_secret_shows_the_public_status_only(client, owned):
    wrong = "".join(reversed(owned.lookup_secret))
    response = _with_secret(client, owned.code, wrong)
    body = _body(response)
    assert response.status_code == 200
    assert "Mã tra cứu không đúng" in body and "Được tiếp nhận" in body
    assert NAME not in body and wrong not in body  # the wrong secret is not echoed


def test_a_dossier_without_a_secret_opens_to_no_secret(owned):
    Dossier.objects.filter(pk=owned.pk).update(lookup_secret="")
    owned.refresh_from_db()
    assert not secret_matches(owned, "")
    assert dossier_status_private(owned.code, "") is None
    assert dossier_status_private(owned.code, "   ") is None


def test_a_secret_with_non_ascii_letters_is_simply_wrong(owned):
    assert not secret_matches(owned, "Mã tra cứu")


def test_the_secret_never_goes_into_an_address(client, owned):
    body = _body(_status(client, owned.code))
    form = body.split('aria-labelledby="secret-title"')[1]
    assert 'method="post"' in form and 'name="code"' in form and 'name="secret"' in form


# --- the signed-in owner --------------------------------------------------------------------


def test_the_owner_signed_in_sees_the_applicant_view_without_the_secret(client, world, owned):
    client.force_login(world.citizen)
    body = _main(_status(client, owned.code))  # the header names whoever is signed in
    assert NAME in body and "Cách tính ngày hẹn trả" in body
    assert 'aria-labelledby="secret-title"' not in body  # nothing more to unlock


def test_another_citizen_signed_in_sees_only_the_public_status(client, owned):
    client.force_login(CitizenFactory(full_name="Trần Thị Bình"))
    body = _main(_status(client, owned.code))
    assert "Được tiếp nhận" in body and NAME not in body


def test_a_walk_in_dossier_belongs_to_no_account(client, world):
    dossier = receive_walk_in(world, fees_paid=True)
    client.force_login(world.citizen)  # same name as the applicant, but not the submitter
    assert NAME not in _main(_status(client, dossier.code))


# --- not found ------------------------------------------------------------------------------


def test_an_unknown_code_is_not_found_the_same_way_with_or_without_a_secret(client, owned):
    unknown = owned.code[:-4] + "9999"
    by_address = _status(client, unknown)
    by_secret = _with_secret(client, unknown, owned.lookup_secret)
    assert by_address.status_code == by_secret.status_code == 404
    assert "Không tìm thấy hồ sơ" in _body(by_address)
    assert _main(by_address) == _main(by_secret)


def test_a_code_longer_than_any_code_is_not_found(client, world):
    response = _status(client, "0" * 500)
    assert response.status_code == 404 and "0" * 41 not in _main(response)


# --- what the applicant sees besides ----------------------------------------------------------


def _to_specialist(world: World, dossier: Dossier) -> Dossier:
    dossier = dossier_forward(actor=world.counter_officer, dossier_id=dossier.pk)
    dossier = dossier_assign(actor=world.leader, dossier_id=dossier.pk, to_user=world.leader)
    return dossier_complete_step(
        actor=world.leader, dossier_id=dossier.pk, to_user=world.specialist
    )


def test_an_open_supplement_request_is_shown_to_the_applicant_only(
    client, world, owned, time_machine
):
    dossier = _to_specialist(world, owned)
    time_machine.move_to("2026-03-03 14:15 +07:00", tick=False)
    dossier_request_supplement(
        actor=world.specialist,
        dossier_id=dossier.pk,
        items=[RequestItem(world.proof.pk, "Bổ sung bản sao giấy xác nhận cư trú")],
        reason="Chưa chứng minh được nơi cư trú.",
    )
    public = _body(_status(client, owned.code))
    assert "Yêu cầu bổ sung giấy tờ" in public and "Đang tạm dừng tính thời hạn" in public
    assert "Chưa chứng minh được nơi cư trú." not in public
    private = _body(_with_secret(client, owned.code, owned.lookup_secret))
    assert "Chưa chứng minh được nơi cư trú." in private
    assert "Giấy tờ chứng minh nơi cư trú: Bổ sung bản sao giấy xác nhận cư trú" in private
    assert "đang tạm dừng từ 14:15 03/03/2026" in private  # the trail explains the pause


def test_a_reappointment_is_flagged_publicly_and_explained_to_the_applicant(
    client, world, owned, time_machine
):
    dossier = _to_specialist(world, owned)
    time_machine.move_to("2026-03-06 15:00 +07:00", tick=False)
    dossier_apologise(
        actor=world.leader,
        dossier_id=dossier.pk,
        reason="Cần xác minh thông tin cư trú.",
        new_due=datetime(2026, 3, 12, 16, 30, tzinfo=VN),
    )
    public = _body(_status(client, owned.code))
    assert "16:30 12/03/2026" in public and "Đã hẹn lại ngày trả kết quả." in public
    assert "Cần xác minh thông tin cư trú." not in public
    private = _body(_with_secret(client, owned.code, owned.lookup_secret))
    assert "hẹn lại ngày trả kết quả: 16:30 12/03/2026 (hạn theo quy định: 08:30 09/03/2026)" in (
        private
    )


# --- limits ---------------------------------------------------------------------------------


def test_lookups_over_the_limit_get_429_until_the_window_ends(
    client, owned, settings, time_machine
):
    settings.LOOKUP_RATE_LIMIT = 3
    for _ in range(3):
        assert _status(client, owned.code).status_code == 200
    refused = _status(client, owned.code)
    assert refused.status_code == 429 and refused["Retry-After"] == "600"
    assert "Vui lòng thử lại sau khoảng 10 phút (từ 08:40)" in _body(refused)
    time_machine.move_to("2026-03-02 08:39:30 +07:00", tick=False)
    assert _status(client, owned.code)["Retry-After"] == "30"
    time_machine.move_to("2026-03-02 08:40 +07:00", tick=False)
    assert _status(client, owned.code).status_code == 200


def test_the_limit_is_counted_per_client_address(client, owned, settings):
    settings.LOOKUP_RATE_LIMIT = 1
    assert _status(client, owned.code).status_code == 200
    assert _status(client, owned.code).status_code == 429
    assert _status(client, owned.code, REMOTE_ADDR="203.0.113.7").status_code == 200


def test_unknown_codes_count_against_the_limit_too(client, owned, settings):
    settings.LOOKUP_RATE_LIMIT = 2
    assert _status(client, "000.00.06.H31-260302-9998").status_code == 404
    assert _status(client, "000.00.06.H31-260302-9999").status_code == 404
    assert _status(client, owned.code).status_code == 429


def test_wrong_secrets_over_the_limit_get_429_even_for_the_right_one(
    client, owned, settings, time_machine
):
    settings.LOOKUP_SECRET_FAILURE_LIMIT = 2
    _with_secret(client, owned.code, "AAAAAAAA")
    _with_secret(client, owned.code[:-4] + "9999", "AAAAAAAA")  # an unknown code counts too
    refused = _with_secret(client, owned.code, owned.lookup_secret)
    assert refused.status_code == 429 and NAME not in _body(refused)
    assert _status(client, owned.code).status_code == 200  # looking up by code still works
    time_machine.move_to("2026-03-02 08:40 +07:00", tick=False)
    assert NAME in _body(_with_secret(client, owned.code, owned.lookup_secret))


def test_the_right_secret_is_not_counted_as_a_failure(client, owned, settings):
    settings.LOOKUP_SECRET_FAILURE_LIMIT = 1
    for _ in range(3):
        assert NAME in _body(_with_secret(client, owned.code, owned.lookup_secret))


# --- form 01 and the header -------------------------------------------------------------------


def test_form_01_prints_the_lookup_secret_and_where_to_use_it(world, owned, tmp_path):
    path = tmp_path / "form-01.pdf"
    path.write_bytes(receipt_pdf(dossier=owned, officer_name="Lê Thị Tiếp Nhận"))
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", _run("pdftotext", "-raw", path, "-")))
    assert f"Mã tra cứu: {owned.lookup_secret}" in text
    assert "dùng cùng mã hồ sơ để tra cứu tại" in text
    assert f"/tra-cuu/{owned.code}/" in text.replace(" ", "")


def test_the_portal_header_links_to_the_lookup(client, world):
    body = _body(client.get(reverse("portal:home")))
    assert f'href="{LOOKUP}"' in body and "Tra cứu hồ sơ" in body
