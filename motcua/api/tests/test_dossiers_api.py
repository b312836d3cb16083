"""REST API v1, dossiers: list (cursor pages, filters), detail, online submission on behalf
of an applicant (idempotent), the workflow actions, file download and the supplement upload.

The world is `motcua.testing.dossier_world` (Sở Tư pháp = stp, received at the service
center's counter); the API client "he-thong-stp" acts through its service account, a
counter officer of stp. Officers with other roles act through their desk session.
"""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from motcua.api import actions
from motcua.api import dossiers as dossiers_api
from motcua.clients.models import Scope
from motcua.clients.services import client_create, credential_issue
from motcua.documents.samples import MINIMAL_PDF
from motcua.domain.workflow import Action
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_forward
from motcua.org.models import Role
from motcua.testing.dossier_world import World, build_world, receive_walk_in

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"
ALL_SCOPES = [s.value for s in Scope]


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock(time_machine):
    """Freeze the clock at a local moment: ``clock("2026-03-02 08:30")``."""

    def move(moment: str) -> None:
        time_machine.move_to(f"{moment} +07:00", tick=False)

    return move


@pytest.fixture
def world(clock) -> World:
    clock("2026-03-02 08:30")  # a Monday
    return build_world()


def api_client(agency, *, code="he-thong-stp", scopes=ALL_SCOPES, roles=(Role.COUNTER_OFFICER,)):
    """A machine client of `agency` and the header of a fresh token."""
    client = client_create(
        actor=None, code=code, name=f"Hệ thống {code}", agency=agency, scopes=scopes, roles=roles
    )
    token = credential_issue(actor=None, client=client).token
    return client, {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def bearer(world):
    """The Authorization header of the client of stp (every scope)."""
    return api_client(world.stp)[1]


def problem(response, status):
    assert response.status_code == status, response.content.decode()
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["type"] == "about:blank"
    assert body["instance"] == response.wsgi_request.path
    return body


def post_json(client, url, data, **headers):
    return client.post(url, json.dumps(data), content_type="application/json", **headers)


def act(client, dossier_or_code, action, data, **headers):
    code = getattr(dossier_or_code, "code", dossier_or_code)
    return post_json(client, f"/api/v1/dossiers/{code}/actions/{action}", data, **headers)


def version_of(code: str) -> int:
    return Dossier.objects.get(code=code).version


def pdf(name="to-khai.pdf", content=MINIMAL_PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def submission(world: World, **overrides):
    body = {
        "procedure": world.version.procedure.code,
        "case_id": world.case.pk,
        "applicant": {
            "name": "Nguyễn Văn An",
            "identity_number": "034090001234",
            "phone": "0912345678",
            "address": "Số 5 đường Nguyễn Văn Linh, phường Phố Hiến, tỉnh Hưng Yên",
        },
        "components": [{"component_id": world.form.pk, "originals": 1, "files": ["to-khai"]}],
    }
    return {**body, **overrides}


def create_multipart(client, world, headers, *, files=None, **overrides):
    parts = {"to-khai": pdf()} if files is None else files
    data = {"payload": json.dumps(submission(world, **overrides)), **parts}
    return client.post("/api/v1/dossiers", data, **headers)


# --------------------------------------------------------------------------- list


def test_the_list_is_cursor_paged_newest_first_with_next_and_previous(client, world, bearer):
    codes = [receive_walk_in(world).code for _ in range(3)]
    first = client.get("/api/v1/dossiers", {"page_size": 2}, **bearer)
    assert first.status_code == 200
    body = first.json()
    assert [row["code"] for row in body["results"]] == codes[::-1][:2]
    assert body["previous"] is None and body["next"]
    assert "cursor" in parse_qs(urlsplit(body["next"]).query)
    second = client.get(body["next"], **bearer).json()
    assert [row["code"] for row in second["results"]] == [codes[0]]
    assert second["next"] is None and second["previous"]
    back = client.get(second["previous"], **bearer).json()
    assert [row["code"] for row in back["results"]] == codes[::-1][:2]


def test_a_list_row_says_what_the_dossier_is_and_where_it_stands(client, world, bearer):
    dossier = receive_walk_in(world)
    row = client.get("/api/v1/dossiers", **bearer).json()["results"][0]
    assert row["code"] == dossier.code and row["version"] == dossier.version
    assert (row["status"], row["status_label"]) == (2, "Được tiếp nhận")
    assert row["procedure_code"] == world.version.procedure.code
    assert row["receiving_agency"] == {"code": world.stp.code, "name": "Sở Tư pháp"}
    assert row["applicant_name"] == "Nguyễn Văn An"
    assert row["due_at"].startswith("2026-03-09T08:30")
    assert row["url"].endswith(f"/api/v1/dossiers/{dossier.code}")


def test_a_bad_cursor_is_a_404_problem(client, world, bearer):
    body = problem(client.get("/api/v1/dossiers", {"cursor": "bz1hYmM="}, **bearer), 404)
    assert "cursor" in body["detail"]


def test_the_list_filters_by_status_procedure_dates_search_and_update(client, world, bearer, clock):
    early = receive_walk_in(world)
    clock("2026-03-04 09:00")
    later = receive_walk_in(world)
    dossier_forward(actor=world.counter_officer, dossier_id=later.pk)

    def codes(**params):
        response = client.get("/api/v1/dossiers", params, **bearer)
        assert response.status_code == 200, response.content
        return [row["code"] for row in response.json()["results"]]

    assert codes(status=2) == [early.code]
    assert codes(status=4) == [later.code]
    assert codes(procedure=world.version.procedure.code) == [later.code, early.code]
    assert codes(procedure="9.999999") == []
    assert codes(received_from="03/03/2026") == [later.code]
    assert codes(received_to="2026-03-02") == [early.code]
    assert codes(received_from="02/03/2026", received_to="02/03/2026") == [early.code]
    assert codes(updated_since="2026-03-04T08:00:00+07:00") == [later.code]
    assert codes(search="000.00.06.H31-260304") == [later.code]
    assert codes(search=later.code) == [later.code]


@pytest.mark.parametrize(
    "params",
    [
        {"status": "99"},
        {"received_from": "31/02/2026"},
        {"received_to": "01/01/1900"},
        {"updated_since": "hôm qua"},
        {"search": "x" * 101},
        {"procedure": "a\x00b"},
    ],
)
def test_bad_list_parameters_are_400_problems_naming_the_field(client, world, bearer, params):
    body = problem(client.get("/api/v1/dossiers", params, **bearer), 400)
    assert body["errors"][0]["field"] == next(iter(params))


# --------------------------------------------------------------------------- detail, files


def test_the_detail_has_dates_step_timeline_components_files_fees_and_actions(
    client, world, bearer
):
    dossier = receive_walk_in(world, fees_paid=True)
    response = client.get(f"/api/v1/dossiers/{dossier.code}", **bearer)
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == dossier.code and body["status"] == 2
    assert body["procedure_name"] == world.version.name and body["procedure_version"] == 1
    assert body["case"] == {"id": world.case.pk, "name": "Trường hợp chung"}
    assert body["lead_agency"]["code"] == world.stp.code
    assert body["received_at"].startswith("2026-03-02T08:30")
    assert body["due_at"] == body["legal_due_at"]
    assert body["current_step"] == {
        "order": 1, "name": "Tiếp nhận, chuyển hồ sơ", "role": "counter_officer"
    }  # fmt: skip
    assert body["holder"]["full_name"] == "Lê Thị Tiếp Nhận"
    assert body["applicant"]["identity_number"] == "034090001234"
    assert [e["action"] for e in body["timeline"]] == ["receive"]
    assert body["timeline"][0]["label"] == "Tiếp nhận hồ sơ"
    [component] = body["components"]
    assert component["id"] == world.form.pk and component["originals"] == 1
    [file] = component["files"]
    assert file["content_type"] == "application/pdf" and file["purpose"] == "component"
    assert body["fees"][0]["amount_vnd"] == 50_000 and body["fees"][0]["paid_at"]
    assert body["result"] is None and body["other_files"] == []
    assert [a["action"] for a in body["actions"]] == ["forward", "request-withdrawal"]
    download = client.get(file["url"], **bearer)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == MINIMAL_PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Repr-Digest"].startswith("sha-256=:")


def test_the_client_is_offered_only_what_its_roles_and_scopes_allow(client, world):
    dossier = receive_walk_in(world)
    _client, narrow = api_client(
        world.stp, code="chi-doc", scopes=["dossiers.read", "dossiers.act:forward"]
    )
    offered = client.get(f"/api/v1/dossiers/{dossier.code}", **narrow).json()["actions"]
    assert [a["action"] for a in offered] == ["forward"]
    assert offered[0]["url"].endswith(f"/api/v1/dossiers/{dossier.code}/actions/forward")


def test_the_list_costs_the_same_queries_for_one_or_many_dossiers(
    client, world, bearer, django_assert_max_num_queries
):
    receive_walk_in(world)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/api/v1/dossiers", **bearer).status_code == 200
    for _ in range(4):
        receive_walk_in(world)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(client.get("/api/v1/dossiers", **bearer).json()["results"]) == 5


def test_unknown_dossier_and_unknown_file_are_404_problems(client, world, bearer):
    dossier = receive_walk_in(world)
    body = problem(client.get("/api/v1/dossiers/000.00.06.H31-260302-9999", **bearer), 404)
    assert "000.00.06.H31-260302-9999" in body["detail"]
    problem(client.get(f"/api/v1/dossiers/{dossier.code}/files/999999", **bearer), 404)


# --------------------------------------------------------------------------- create


def test_a_client_submits_a_dossier_with_its_files_in_one_multipart_request(client, world, bearer):
    response = create_multipart(client, world, bearer)
    assert response.status_code == 201, response.content.decode()
    body = response.json()
    dossier = Dossier.objects.get(code=body["code"])
    assert response["Location"].endswith(f"/api/v1/dossiers/{dossier.code}")
    assert "Idempotent-Replayed" not in response
    assert (body["status"], body["channel"]) == (1, 2)
    assert dossier.receiving_agency == world.stp and dossier.applicant_name == "Nguyễn Văn An"
    assert body["components"][0]["files"][0]["name"] == "to-khai.pdf"
    assert dossier.files.get().content_type == "application/pdf"
    assert [e["action"] for e in body["timeline"]] == ["submit_online"]


def test_a_dossier_without_files_can_be_submitted_as_json(client, world, bearer):
    data = submission(world, components=[{"component_id": world.form.pk, "originals": 1}])
    response = post_json(client, "/api/v1/dossiers", data, **bearer)
    assert response.status_code == 201, response.content.decode()
    assert response.json()["components"][0]["files"] == []
    from motcua.dossiers.models import Dossier

    created = Dossier.objects.get(code=response.json()["code"])
    # the client submits for the applicant: its service account is not the applicant
    assert created.applicant_id is None
    assert created.events.get().actor.username.startswith("api.")


def test_a_unit_out_of_numbers_for_the_day_is_a_clear_422_and_nothing_is_written(
    client, world, bearer
):
    """9,999 codes a unit and day (four digits, SPEC §4.1): the 10,000th is refused, not a 500."""
    from motcua.dossiers.models import Dossier, DossierCodeCounter

    DossierCodeCounter.objects.create(
        unit_identifier=world.stp.identifier_code, day=date(2026, 3, 2), last=9999
    )
    before = Dossier.objects.count()
    data = submission(world, components=[{"component_id": world.form.pk, "originals": 1}])
    body = problem(post_json(client, "/api/v1/dossiers", data, **bearer), 422)
    assert "đã cấp hết 9.999 mã hồ sơ của ngày 02/03/2026" in body["detail"]
    assert Dossier.objects.count() == before
    assert DossierCodeCounter.objects.get(unit_identifier=world.stp.identifier_code).last == 9999


def test_a_retry_with_the_same_idempotency_key_returns_the_first_dossier(client, world, bearer):
    key = {"HTTP_IDEMPOTENCY_KEY": "7d1f6a52-8b7e-4a44-9b2a-3c1f0e6d9a10"}
    first = create_multipart(client, world, {**bearer, **key})
    assert first.status_code == 201
    again = create_multipart(client, world, {**bearer, **key})
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json()["code"] == first.json()["code"]
    assert Dossier.objects.count() == 1
    from motcua.clients.models import IdempotencyKey

    row = IdempotencyKey.objects.get(key="7d1f6a52-8b7e-4a44-9b2a-3c1f0e6d9a10")
    assert row.owner.username == "api.he-thong-stp" and row.result == first.json()["code"]
    # another key is another dossier
    other = create_multipart(client, world, {**bearer, "HTTP_IDEMPOTENCY_KEY": "lan-2"})
    assert other.status_code == 201 and other.json()["code"] != first.json()["code"]


def test_the_same_idempotency_key_with_another_request_is_refused(client, world, bearer):
    key = {"HTTP_IDEMPOTENCY_KEY": "ho-so-1"}
    assert create_multipart(client, world, {**bearer, **key}).status_code == 201
    changed = {"to-khai": pdf(content=MINIMAL_PDF + b"\n% khac\n")}
    body = problem(create_multipart(client, world, {**bearer, **key}, files=changed), 422)
    assert "Idempotency-Key" in body["detail"]
    assert Dossier.objects.count() == 1


def test_a_malformed_idempotency_key_is_a_400_problem(client, world, bearer):
    response = create_multipart(client, world, {**bearer, "HTTP_IDEMPOTENCY_KEY": "có dấu"})
    assert problem(response, 400)["errors"][0]["field"] == "Idempotency-Key"
    assert not Dossier.objects.exists()


def test_the_idempotency_key_is_per_client(client, world, bearer):
    _other, other_bearer = api_client(world.stp, code="he-thong-khac")
    key = {"HTTP_IDEMPOTENCY_KEY": "chung"}
    first = create_multipart(client, world, {**bearer, **key}).json()["code"]
    second = create_multipart(client, world, {**other_bearer, **key}).json()["code"]
    assert first != second


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"applicant": {"phone": "0912345678"}}, "applicant.name"),
        ({"case_id": "mot"}, "case_id"),
        ({"procedure": ""}, "procedure"),
        ({"components": [{"component_id": 0}]}, "components.0.component_id"),
        ({"result_delivery": "bo-cau"}, "result_delivery"),
    ],
)
def test_a_malformed_submission_is_a_400_problem_naming_the_field(
    client, world, bearer, change, field
):
    body = problem(create_multipart(client, world, bearer, **change), 400)
    assert field in [e["field"] for e in body["errors"]]
    assert not Dossier.objects.exists()


def test_the_engine_refusal_of_a_submission_is_a_422_in_vietnamese(client, world, bearer):
    applicant = {"name": "Nguyễn Văn An", "identity_number": "12345"}
    body = problem(create_multipart(client, world, bearer, applicant=applicant), 422)
    assert body["title"] == "Không thể thực hiện"
    assert body["errors"] and "định danh" in body["detail"]
    body = problem(create_multipart(client, world, bearer, procedure="9.999999"), 422)
    assert body["errors"][0]["field"] == "procedure"
    assert not Dossier.objects.exists()


def test_files_are_checked_like_the_portal_400_for_content_413_for_size(
    client, world, bearer, settings
):
    fake = {
        "to-khai": SimpleUploadedFile("to-khai.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    }
    body = problem(create_multipart(client, world, bearer, files=fake), 400)
    assert "định dạng" in body["detail"] and body["errors"][0]["field"] == "to-khai"
    settings.UPLOAD_MAX_BYTES = 100
    body = problem(create_multipart(client, world, bearer), 413)
    assert "vượt mức tối đa" in body["detail"]
    assert body["title"] == "Tệp hoặc yêu cầu quá lớn"
    assert not Dossier.objects.exists()


def test_file_parts_must_match_the_components(client, world, bearer):
    missing = problem(create_multipart(client, world, bearer, files={}), 400)
    assert missing["errors"][0]["field"] == "components.0.files"
    extra = {"to-khai": pdf(), "la": pdf("la.pdf")}
    assert "la" in problem(create_multipart(client, world, bearer, files=extra), 400)["detail"]
    broken = client.post("/api/v1/dossiers", {"payload": "{không phải json"}, **bearer)
    assert problem(broken, 400)["errors"][0]["field"] == "payload"


def test_a_client_whose_agency_does_not_receive_the_procedure_cannot_submit(client, world):
    _sxd, sxd_bearer = api_client(world.sxd, code="he-thong-sxd")
    problem(create_multipart(client, world, sxd_bearer), 422)
    forced = problem(
        create_multipart(client, world, sxd_bearer, receiving_agency=world.stp.code), 403
    )
    assert forced["errors"][0]["field"] == "receiving_agency"
    assert not Dossier.objects.exists()


def test_a_leader_who_receives_for_no_one_cannot_submit(client, world):
    client.force_login(world.leader)
    assert problem(create_multipart(client, world, {}), 403)


# --------------------------------------------------------------------------- actions


def _submitted(client, world, bearer) -> str:
    response = create_multipart(client, world, bearer)
    assert response.status_code == 201, response.content.decode()
    return response.json()["code"]


def step(client, code, action, headers=None, **data):
    """POST `action` on `code` with the current version as `seen_version`."""
    return act(client, code, action, {"seen_version": version_of(code), **data}, **(headers or {}))


def upload(client, code, headers=None, **data):
    """POST the supplement files of `code` (multipart), with the current version."""
    body = {"seen_version": version_of(code), **data}
    return client.post(f"/api/v1/dossiers/{code}/files", body, **(headers or {}))


def _without_the_form(client, world, bearer) -> str:
    """A dossier submitted without the required form (received only once completed)."""
    data = submission(world, components=[{"component_id": world.proof.pk, "originals": 1}])
    response = post_json(client, "/api/v1/dossiers", data, **bearer)
    assert response.status_code == 201, response.content.decode()
    return response.json()["code"]


def test_a_dossier_goes_from_submission_to_return_through_the_api(client, world, bearer, clock):
    w = world
    code = _submitted(client, w, bearer)

    def ok(response, status):
        assert response.status_code == 200, response.content.decode()
        body = response.json()
        assert body["status"] == status and body["version"] == version_of(code)
        return body

    ok(step(client, code, "receive", bearer, fees_paid=True), 2)
    clock("2026-03-02 09:00")
    ok(step(client, code, "forward", bearer), 4)
    client.force_login(w.leader)  # the leader's desk session
    body = ok(step(client, code, "assign", to_user=w.unit_head.username), 4)
    assert body["holder"]["username"] == w.unit_head.username
    client.force_login(w.unit_head)
    ok(step(client, code, "complete-step", to_user=w.specialist.username), 4)
    clock("2026-03-03 09:00")
    client.force_login(w.specialist)
    items = [{"component_id": w.proof.pk, "requirement": "Giấy xác nhận cư trú"}]
    body = ok(
        step(
            client, code, "request-supplement",
            items=items, reason="Thiếu giấy tờ cư trú", respond_within_days=5,
        ),
        5,
    )  # fmt: skip
    assert body["pauses"][0]["items"][0]["component"] == w.proof.pk
    assert body["paused_since"]
    client.logout()
    clock("2026-03-04 09:00")
    body = ok(upload(client, code, bearer, files=[pdf("cu-tru.pdf")], components=[w.proof.pk]), 4)
    assert body["paused_since"] is None
    proof = next(c for c in body["components"] if c["id"] == w.proof.pk)
    assert [f["purpose"] for f in proof["files"]] == ["supplement"]
    client.force_login(w.specialist)
    ok(step(client, code, "complete-step", to_user=w.unit_head.username), 4)
    client.force_login(w.unit_head)
    ok(step(client, code, "complete-step", to_user=w.leader.username), 4)
    client.force_login(w.leader)
    result = {
        "seen_version": version_of(code), "kind": "Giấy chứng nhận", "number": "12/GCN-STP",
        "signer": "Phạm Văn Lãnh Đạo", "issued_on": "04/03/2026", "file": pdf("ket-qua.pdf"),
    }  # fmt: skip
    body = ok(client.post(f"/api/v1/dossiers/{code}/actions/issue-result", result), 9)
    assert body["result"]["number"] == "12/GCN-STP" and body["result"]["file_id"]
    assert [f["purpose"] for f in body["other_files"]] == ["result"]
    client.logout()
    clock("2026-03-05 08:00")
    body = ok(
        step(
            client, code, "return-result", bearer,
            via="counter", recipient_name="Nguyễn Văn An", recipient_identity="034090001234",
        ),
        10,
    )  # fmt: skip
    assert body["actions"] == [] and body["returned_at"].startswith("2026-03-05T08:00")
    assert [e["action"] for e in body["timeline"]] == [
        "submit_online", "receive", "forward", "assign", "complete_step", "request_supplement",
        "receive_supplement", "complete_step", "complete_step", "issue_result", "return_result",
    ]  # fmt: skip


def test_a_stale_seen_version_is_a_409_and_nothing_changes(client, world, bearer):
    dossier = receive_walk_in(world)
    old = dossier.version
    assert act(client, dossier, "forward", {"seen_version": old}, **bearer).status_code == 200
    body = problem(act(client, dossier, "forward", {"seen_version": old}, **bearer), 409)
    assert body["title"] == "Xung đột phiên bản"
    assert version_of(dossier.code) == old + 1


def test_a_version_that_changes_while_the_request_runs_is_a_409(client, world, bearer, monkeypatch):
    dossier = receive_walk_in(world)
    seen = dossier.version
    view = actions.VIEWS[Action.FORWARD]

    def meanwhile(data):  # another officer acts between our read and the engine's lock
        dossier_forward(actor=world.counter_officer, dossier_id=dossier.pk)
        return {}

    monkeypatch.setattr(view, "spec", dataclasses.replace(view.spec, arguments=meanwhile))
    body = problem(act(client, dossier, "forward", {"seen_version": seen}, **bearer), 409)
    assert "tải lại" in body["detail"]
    assert version_of(dossier.code) == seen + 1


def test_missing_or_bad_input_is_a_400_problem(client, world, bearer):
    dossier = receive_walk_in(world)
    assert problem(act(client, dossier, "forward", {}, **bearer), 400)["errors"][0]["field"] == (
        "seen_version"
    )
    bad = {"seen_version": dossier.version, "to_user": "khong-co-ai"}
    assert problem(act(client, dossier, "forward", bad, **bearer), 400)["errors"][0]["field"] == (
        "to_user"
    )
    body = problem(step(client, dossier.code, "refuse", bearer, reasons=[]), 400)
    assert body["errors"][0]["field"] == "reasons"
    not_json = client.post(
        f"/api/v1/dossiers/{dossier.code}/actions/forward", "seen_version=1",
        content_type="text/plain", **bearer,
    )  # fmt: skip
    problem(not_json, 415)


def test_an_action_the_workflow_refuses_is_a_422_in_vietnamese(client, world, bearer):
    dossier = receive_walk_in(world)
    body = problem(step(client, dossier.code, "receive", bearer), 422)
    assert "Tiếp nhận hồ sơ" in body["detail"] and body["errors"][0]["detail"] == body["detail"]
    submitted = _without_the_form(client, world, bearer)
    body = problem(step(client, submitted, "receive", bearer), 422)
    assert "thiếu thành phần bắt buộc" in body["detail"]


def test_an_action_the_engine_refuses_to_the_caller_is_a_403(client, world, bearer):
    dossier = receive_walk_in(world)
    dossier_forward(actor=world.counter_officer, dossier_id=dossier.pk)
    seen = version_of(dossier.code)
    # the counter officer is no leader: assigning is refused whatever the input
    body = problem(
        step(client, dossier.code, "assign", bearer, to_user=world.specialist.username), 403
    )
    assert "lãnh đạo" in body["detail"].lower()
    client.force_login(world.specialist)  # not the holder: the leader holds step 2
    body = problem(step(client, dossier.code, "stop", reason="Không đủ điều kiện"), 403)
    assert body["detail"]
    assert version_of(dossier.code) == seen


def test_request_completion_then_the_supplement_brings_it_back_for_a_new_check(
    client, world, bearer
):
    code = _without_the_form(client, world, bearer)
    items = [{"component_id": world.form.pk, "requirement": "Nộp tờ khai theo mẫu"}]
    response = step(client, code, "request-completion", bearer, items=items, reason="Thiếu tờ khai")
    assert response.status_code == 200 and response.json()["status"] == 5
    other = upload(client, code, bearer, files=[pdf()], components=[world.proof.pk])
    assert "đã được yêu cầu" in problem(other, 422)["detail"]
    wrong = SimpleUploadedFile("to-khai.pdf", b"plain text, not a pdf", "application/pdf")
    problem(upload(client, code, bearer, files=[wrong], components=[world.form.pk]), 400)
    response = upload(client, code, bearer, files=[pdf()], components=[world.form.pk])
    assert response.status_code == 200 and response.json()["status"] == 1
    assert response.json()["pauses"][0]["ended_at"]


def test_the_supplement_upload_checks_its_input(client, world, bearer, settings):
    dossier = receive_walk_in(world)
    url = f"/api/v1/dossiers/{dossier.code}/files"
    seen = dossier.version
    no_pause = upload(client, dossier.code, bearer, files=[pdf()], components=[world.proof.pk])
    assert "không" in problem(no_pause, 422)["detail"].lower()
    uneven = client.post(url, {"seen_version": seen, "files": [pdf()]}, **bearer)
    assert problem(uneven, 400)["errors"][0]["field"] == "components"
    nothing = client.post(url, {"seen_version": seen}, **bearer)
    assert problem(nothing, 400)["errors"][0]["field"] == "files"
    stale = client.post(url, {"seen_version": seen + 5, "paper": [world.proof.pk]}, **bearer)
    problem(stale, 409)
    as_json = post_json(client, url, {"seen_version": seen}, **bearer)
    problem(as_json, 415)
    settings.UPLOAD_MAX_BYTES = 10
    too_big = upload(client, dossier.code, bearer, files=[pdf()], components=[world.proof.pk])
    problem(too_big, 413)


def test_issue_result_accepts_json_without_a_file(client, world):
    dossier = receive_walk_in(world)
    dossier_forward(actor=world.counter_officer, dossier_id=dossier.pk)
    client.force_login(world.leader)
    result = {
        "seen_version": version_of(dossier.code), "kind": "Văn bản trả lời", "number": "5/TL",
        "signer": "Phạm Văn Lãnh Đạo", "issued_on": str(date(2026, 3, 2)), "approved": False,
    }  # fmt: skip
    body = act(client, dossier, "issue-result", result).json()
    assert body["status"] == 9 and body["result"]["approved"] is False
    assert body["result"]["file_id"] is None


def test_every_action_of_the_table_has_its_endpoint(client, world, bearer):
    dossier = receive_walk_in(world)
    for spec in actions.SPECS:
        response = act(client, dossier, spec.slug, {}, **bearer)
        assert response.status_code == 400, (spec.slug, response.content)


def test_the_committed_schema_lists_the_dossier_operations():
    text = (Path(__file__).resolve().parents[3] / "docs/api/openapi.yaml").read_text()
    for operation in ("dossier_list", "dossier_create", "dossier_retrieve", "dossier_receive",
                      "dossier_files_create", "dossier_file_retrieve", "bearerAuth"):  # fmt: skip
        assert operation in text


# --------------------------------------------------------------------------- idempotency race


def _blocked_on_a_lock(second: threading.Thread, refused: list[int]) -> bool:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            return cursor.fetchone()[0] >= 1
    return bool(refused) or not second.is_alive()  # SQLite refuses a second writer at once


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_identical_requests_in_flight_create_one_dossier(world, bearer, monkeypatch):
    """The first request is held inside its transaction, after its dossier and audit entry
    are written; the second arrives with the same key and must wait, then answer the
    first dossier (Idempotent-Replayed) and leave no second one behind. On SQLite a writer
    refused as "locked" is retried whole, as in `dossiers/tests/test_concurrency.py`."""
    real = dossiers_api.dossier_submit_online
    inside, release = threading.Event(), threading.Event()

    def held(**kwargs):
        dossier = real(**kwargs)
        if threading.current_thread().name == "first":
            inside.set()
            assert release.wait(timeout=60), "never released"
        return dossier

    monkeypatch.setattr(dossiers_api, "dossier_submit_online", held)
    answers: dict[str, object] = {}
    refused: list[int] = []

    def post(name: str) -> None:
        try:
            while True:
                try:
                    files = {"to-khai": pdf()}
                    data = {"payload": json.dumps(submission(world)), **files}
                    response = Client().post(
                        "/api/v1/dossiers", data, HTTP_IDEMPOTENCY_KEY="cung-mot-khoa", **bearer
                    )
                    answers[name] = response
                    return
                except OperationalError as exc:  # SQLite: another writer holds the database
                    if connection.vendor != "sqlite" or "locked" not in str(exc):
                        raise
                    refused.append(1)
                    time.sleep(0.01)
        except BaseException as exc:
            answers[name] = exc
        finally:
            connection.close()

    first = threading.Thread(target=post, args=("first",), name="first", daemon=True)
    second = threading.Thread(target=post, args=("second",), name="second", daemon=True)
    first.start()
    try:
        assert inside.wait(timeout=60), "the first request never reached its transaction"
        second.start()
        deadline = time.monotonic() + 60
        while not _blocked_on_a_lock(second, refused):
            assert time.monotonic() < deadline, "the second request never waited"
            time.sleep(0.01)
    finally:
        release.set()
        first.join(timeout=60)
        second.join(timeout=60)
    one, two = answers["first"], answers["second"]
    assert getattr(one, "status_code", one) == 201, one
    assert getattr(two, "status_code", two) == 201, two
    assert one.json()["code"] == two.json()["code"]
    if connection.vendor == "postgresql":  # the second waited, then found the first's key
        assert "Idempotent-Replayed" not in one and two["Idempotent-Replayed"] == "true"
    else:  # SQLite refuses a writer at once: whichever was refused retried and replayed
        assert "Idempotent-Replayed" in one or "Idempotent-Replayed" in two
    assert Dossier.objects.count() == 1
    from motcua.clients.models import IdempotencyKey

    assert IdempotencyKey.objects.filter(key="cung-mot-khoa").count() == 1
