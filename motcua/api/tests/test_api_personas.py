"""Who may call the dossier endpoints, endpoint by endpoint (STYLE.md: shared personas).

Agency A is Sở Tư pháp (stp, received at the service center's counter), agency B is Sở Xây
dựng (sxd) with a procedure and a dossier of its own. Every new endpoint is called by:

* a client of A on B's dossier — 404, the same answer as for a code that does not exist,
  and nothing of B in the body; B's dossier never appears in A's list;
* a client of A without the scope — 403; with only one action's scope — that action only;
* a revoked credential, an expired one, a malformed header, no credential — 401;
* a citizen signed in on the portal — 401 (only staff sessions count);
* an officer of A through the desk session — works on A, 404 on B.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.api.actions import SPECS
from motcua.api.tests import test_dossiers_api as base
from motcua.api.tests.test_dossiers_api import api_client, problem, submission
from motcua.clients.services import credential_issue, credential_revoke
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import (
    Applicant,
    ComponentInput,
    dossier_forward,
    dossier_receive_at_counter,
)
from motcua.org.models import Role
from motcua.testing.catalog_factories import VersionFactory
from motcua.testing.dossier_world import World, pdf_upload, receive_walk_in
from motcua.testing.factories import PositionFactory

pytestmark = pytest.mark.django_db
# The fixtures of the functional tests: the world, the clock, the client of stp.
world, clock, bearer, _fresh_counters = base.world, base.clock, base.bearer, base._fresh_counters

#: Every new endpoint: (name, method, path template). {code} and {file} are filled in.
ENDPOINTS = [
    ("list", "get", "/api/v1/dossiers"),
    ("create", "post", "/api/v1/dossiers"),
    ("detail", "get", "/api/v1/dossiers/{code}"),
    ("upload", "post", "/api/v1/dossiers/{code}/files"),
    ("download", "get", "/api/v1/dossiers/{code}/files/{file}"),
    *[(spec.slug, "post", f"/api/v1/dossiers/{{code}}/actions/{spec.slug}") for spec in SPECS],
]
ON_A_DOSSIER = [e for e in ENDPOINTS if "{code}" in e[2]]
B_NAME = "Trần Thị Bình"


@pytest.fixture
def dossiers(world: World):
    """A's dossier (received at the counter for stp) and B's (received by sxd itself)."""
    a = receive_walk_in(world)
    version = VersionFactory(published=True, processing_agency=world.sxd)
    officer = PositionFactory(agency=world.sxd, role=Role.COUNTER_OFFICER).user
    b = dossier_receive_at_counter(
        actor=officer,
        procedure_code=version.procedure.code,
        case_id=version.cases.first().pk,
        receiving_agency=world.sxd,
        applicant=Applicant(name=B_NAME, identity_number="001190000001"),
        components=[
            ComponentInput(version.components.first().pk, originals=1, files=(pdf_upload(),))
        ],
    )
    assert b.lead_agency == world.sxd and a.lead_agency == world.stp
    return a, b


def call(client, endpoint, dossier: Dossier | None, world: World, **headers):
    """Call `endpoint` on `dossier` with a plausible body (the checks come first anyway)."""
    _name, method, template = endpoint
    file = dossier.files.first().pk if dossier is not None else 1
    code = dossier.code if dossier is not None else "000.00.06.H31-260302-9999"
    url = template.format(code=code, file=file)
    if method == "get":
        return client.get(url, **headers)
    if template.endswith("/files"):
        body = {"seen_version": dossier.version if dossier else 1, "paper": [world.proof.pk]}
        return client.post(url, body, **headers)
    if template == "/api/v1/dossiers":
        data = submission(world, components=[{"component_id": world.form.pk, "originals": 1}])
        return client.post(url, json.dumps(data), content_type="application/json", **headers)
    body = {"seen_version": dossier.version if dossier else 1}
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


# --------------------------------------------------------------------------- another agency


@pytest.mark.parametrize("endpoint", ON_A_DOSSIER, ids=lambda e: e[0])
def test_a_client_of_agency_a_gets_404_on_agency_bs_dossier_like_a_missing_one(
    client, world, dossiers, bearer, endpoint
):
    _a, b = dossiers
    before = (b.version, b.status, b.files.count())
    response = call(client, endpoint, b, world, **bearer)
    body = problem(response, 404)
    missing = problem(call(client, endpoint, None, world, **bearer), 404)
    assert body["title"] == missing["title"]
    text = response.content.decode()
    assert B_NAME not in text and "001190000001" not in text and "sxd" not in text.lower()
    b.refresh_from_db()
    assert (b.version, b.status, b.files.count()) == before


def test_agency_bs_dossier_is_never_in_agency_as_list(client, world, dossiers, bearer):
    a, b = dossiers
    codes = [row["code"] for row in client.get("/api/v1/dossiers", **bearer).json()["results"]]
    assert codes == [a.code]
    assert client.get("/api/v1/dossiers", {"search": b.code}, **bearer).json()["results"] == []
    assert (
        B_NAME not in client.get("/api/v1/dossiers", {"search": B_NAME}, **bearer).content.decode()
    )


def test_a_client_of_a_cannot_submit_for_agency_b(client, world, dossiers, bearer):
    data = submission(world, components=[], receiving_agency=world.sxd.code)
    response = client.post(
        "/api/v1/dossiers", json.dumps(data), content_type="application/json", **bearer
    )
    problem(response, 403)
    assert not Dossier.objects.filter(receiving_agency=world.sxd).exclude(pk=dossiers[1].pk)


def test_a_file_of_b_is_not_reachable_through_as_dossier(client, world, dossiers, bearer):
    a, b = dossiers
    problem(client.get(f"/api/v1/dossiers/{a.code}/files/{b.files.get().pk}", **bearer), 404)


# --------------------------------------------------------------------------- scopes


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e[0])
def test_a_client_without_the_scope_gets_403(client, world, dossiers, endpoint):
    a, _b = dossiers
    _client, none = api_client(world.stp, code="khong-quyen", scopes=[])
    body = problem(call(client, endpoint, a, world, **none), 403)
    assert body["title"] == "Không có quyền truy cập"
    assert "Nguyễn Văn An" not in json.dumps(body, ensure_ascii=False)


@pytest.mark.parametrize(
    ("scopes", "allowed"),
    [
        (["dossiers.read"], {"list", "detail"}),
        (["dossiers.create"], {"create"}),
        (["documents.read"], {"download"}),
        (["documents.write"], {"upload"}),
        (["dossiers.act:forward"], {"forward"}),
        (["dossiers.act"], {spec.slug for spec in SPECS}),
    ],
)
def test_each_scope_opens_its_own_endpoints_only(client, world, dossiers, scopes, allowed):
    a, _b = dossiers
    _client, headers = api_client(world.stp, code="mot-quyen", scopes=scopes)
    for endpoint in ENDPOINTS:
        status = call(client, endpoint, a, world, **headers).status_code
        if endpoint[0] in allowed:
            assert status not in (401, 403), (endpoint[0], status)
        else:
            assert status == 403, (endpoint[0], status)


def test_the_engine_still_judges_a_client_with_every_scope(client, world, dossiers, bearer):
    """dossiers.act opens the endpoint; the counter officer's role still cannot assign."""
    a, _b = dossiers
    dossier_forward(actor=world.counter_officer, dossier_id=a.pk)
    a.refresh_from_db()
    body = {"seen_version": a.version, "to_user": world.specialist.username}
    response = client.post(
        f"/api/v1/dossiers/{a.code}/actions/assign",
        json.dumps(body),
        content_type="application/json",
        **bearer,
    )
    problem(response, 403)


# --------------------------------------------------------------------------- credentials


def _with(issued) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {issued.token}"}


@pytest.fixture
def stp_client(world):
    return api_client(world.stp, code="he-thong-a")[0]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e[0])
def test_a_revoked_credential_gets_401(client, world, dossiers, stp_client, endpoint):
    issued = credential_issue(actor=None, client=stp_client)
    credential_revoke(actor=None, credential=issued.credential)
    response = call(client, endpoint, dossiers[0], world, **_with(issued))
    body = problem(response, 401)
    assert body["title"] == "Chưa xác thực"
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e[0])
def test_an_expired_credential_gets_401(client, world, dossiers, stp_client, endpoint):
    issued = credential_issue(
        actor=None, client=stp_client, expires_at=timezone.now() - timedelta(seconds=1)
    )
    problem(call(client, endpoint, dossiers[0], world, **_with(issued)), 401)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e[0])
def test_anonymous_gets_401_with_the_bearer_challenge(client, world, dossiers, endpoint):
    response = call(client, endpoint, dossiers[0], world)
    problem(response, 401)
    assert response["WWW-Authenticate"] == 'Bearer realm="motcua-api"'


@pytest.mark.parametrize(
    "header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer mc_khongco_bimat", "Token abc"]
)
def test_a_malformed_or_unknown_token_gets_401(client, world, dossiers, header):
    problem(client.get("/api/v1/dossiers", HTTP_AUTHORIZATION=header), 401)


def test_a_rotated_credential_keeps_working_during_the_overlap_only(
    client, world, dossiers, stp_client, clock
):
    from motcua.clients.services import credential_rotate

    old = credential_issue(actor=None, client=stp_client)
    new = credential_rotate(actor=None, credential=old.credential, overlap=timedelta(hours=1))
    assert client.get("/api/v1/dossiers", **_with(old)).status_code == 200
    clock("2026-03-02 09:31")
    problem(client.get("/api/v1/dossiers", **_with(old)), 401)
    assert client.get("/api/v1/dossiers", **_with(new)).status_code == 200


# --------------------------------------------------------------------------- sessions


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e[0])
def test_a_citizen_session_gets_401(client, world, dossiers, endpoint):
    client.force_login(world.citizen)
    problem(call(client, endpoint, dossiers[0], world), 401)


def test_an_officer_of_a_works_on_as_dossiers_through_the_desk_session(client, world, dossiers):
    a, _b = dossiers
    client.force_login(world.counter_officer)
    assert [r["code"] for r in client.get("/api/v1/dossiers").json()["results"]] == [a.code]
    detail = client.get(f"/api/v1/dossiers/{a.code}")
    assert detail.status_code == 200
    file = detail.json()["components"][0]["files"][0]
    assert client.get(file["url"]).status_code == 200
    response = client.post(
        f"/api/v1/dossiers/{a.code}/actions/forward",
        json.dumps({"seen_version": a.version}),
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == 4


@pytest.mark.parametrize("endpoint", ON_A_DOSSIER, ids=lambda e: e[0])
def test_an_officer_of_a_gets_404_on_bs_dossier(client, world, dossiers, endpoint):
    _a, b = dossiers
    client.force_login(world.counter_officer)
    response = call(client, endpoint, b, world)
    problem(response, 404)
    assert B_NAME not in response.content.decode()


def test_an_officer_of_b_does_not_see_as_dossier(client, world, dossiers):
    a, b = dossiers
    client.force_login(world.sxd_specialist)
    problem(client.get(f"/api/v1/dossiers/{a.code}"), 404)
    assert [r["code"] for r in client.get("/api/v1/dossiers").json()["results"]] == [b.code]


def test_the_staff_session_needs_the_csrf_token_for_writes(world, dossiers):
    from django.test import Client

    a, _b = dossiers
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.counter_officer)
    response = strict.post(
        f"/api/v1/dossiers/{a.code}/actions/forward",
        json.dumps({"seen_version": a.version}),
        content_type="application/json",
    )
    problem(response, 403)
    assert Dossier.objects.get(pk=a.pk).status == 2


def test_each_client_has_its_own_rate_limit(client, settings, world):
    """Authenticated callers are throttled per caller, not per address."""
    from motcua.clients.services import client_create, credential_issue

    settings.API_CLIENT_RATE = "3/minute"
    first = client_create(
        actor=None, code="nhanh-1", name="Hệ thống 1", agency=world.center, scopes=["dossiers.read"]
    )
    second = client_create(
        actor=None, code="nhanh-2", name="Hệ thống 2", agency=world.center, scopes=["dossiers.read"]
    )
    one = {"HTTP_AUTHORIZATION": f"Bearer {credential_issue(actor=None, client=first).token}"}
    two = {"HTTP_AUTHORIZATION": f"Bearer {credential_issue(actor=None, client=second).token}"}
    codes = [client.get("/api/v1/dossiers", **one).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert client.get("/api/v1/dossiers", **two).status_code == 200
