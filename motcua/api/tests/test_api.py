"""REST API v1, first slice: public catalogue, agencies and status lookup; problem details;
throttling; the committed OpenAPI schema; the documentation pages."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.urls import reverse

from motcua.catalog.models import VersionStatus
from motcua.testing.catalog_factories import VersionFactory
from motcua.testing.dossier_world import build_world, receive_walk_in
from motcua.testing.factories import AgencyFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]
PROBLEM = "application/problem+json"


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def khai_sinh():
    return VersionFactory(published=True, name="Đăng ký khai sinh", procedure__code="1.001193")


def _problem(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["type"] == "about:blank"
    assert body["instance"] == response.wsgi_request.path
    return body


# --- procedures ------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["khai sinh", "KHAI SINH", "sinh khai", "Đăng ký khai sinh"])
def test_search_ignores_diacritics_like_the_portal(client, khai_sinh, query):
    VersionFactory(published=True, name="Đăng ký kết hôn")
    response = client.get("/api/v1/procedures", {"search": query})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert [row["code"] for row in body["results"]] == ["1.001193"]
    assert body["count"] == 1
    assert body["results"][0]["name"] == "Đăng ký khai sinh"


def test_drafts_are_never_listed_nor_shown(client, khai_sinh):
    draft = VersionFactory(name="Đăng ký khai sinh lưu động")
    assert draft.status == VersionStatus.DRAFT
    codes = [row["code"] for row in client.get("/api/v1/procedures").json()["results"]]
    assert codes == ["1.001193"]
    found = client.get("/api/v1/procedures", {"search": "luu dong"}).json()
    assert found["count"] == 0
    _problem(client.get(f"/api/v1/procedures/{draft.procedure.code}"), 404)


def test_the_list_is_paged(client):
    for _ in range(3):
        VersionFactory(published=True)
    body = client.get("/api/v1/procedures", {"page_size": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]
    second = client.get(body["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None


def test_detail_shows_the_version_in_force_with_cases_components_fees(client, khai_sinh):
    response = client.get(reverse("api:procedure_detail", args=["1.001193"]))
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Đăng ký khai sinh"
    assert [c["name"] for c in body["cases"]] == ["Trường hợp chung"]
    assert body["cases"][0]["processing_amount"] == "5.0"
    assert [c["name"] for c in body["components"]] == ["Tờ khai theo mẫu"]
    # the ids a connected system needs to submit a dossier (POST /api/v1/dossiers)
    assert body["cases"][0]["id"] == khai_sinh.cases.get().pk
    assert body["components"][0]["id"] == khai_sinh.components.get().pk
    assert body["fees"][0]["amount_vnd"] == 50_000
    assert body["subjects"] == ["Công dân Việt Nam"]


def test_unknown_procedure_is_a_vietnamese_problem(client, db):
    body = _problem(client.get("/api/v1/procedures/9.999999"), 404)
    assert body["title"] == "Không tìm thấy"
    assert "9.999999" in body["detail"]


@pytest.mark.parametrize(
    "params",
    [{"level": "galaxy"}, {"online": "perhaps"}, {"search": "x" * 201}, {"search": "a\x00b"}],
)
def test_bad_input_is_a_400_problem_with_field_errors(client, db, params):
    body = _problem(client.get("/api/v1/procedures", params), 400)
    assert body["title"] == "Yêu cầu không hợp lệ"
    assert body["errors"] and body["errors"][0]["field"] == next(iter(params))


def test_a_bad_page_is_a_404_problem_not_a_500(client, khai_sinh):
    _problem(client.get("/api/v1/procedures", {"page": "abc"}), 404)
    _problem(client.get("/api/v1/procedures", {"page": "999"}), 404)


def test_unknown_address_and_wrong_method_are_problems(client, db):
    body = _problem(client.get("/api/v1/nothing-here"), 404)
    assert body["title"] == "Không tìm thấy"
    body = _problem(client.post("/api/v1/procedures", {}, content_type="application/json"), 405)
    assert body["title"] == "Phương thức không được hỗ trợ"
    assert "POST" in body["detail"]


def test_outside_the_api_a_missing_page_stays_html(client, db):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


# --- agencies --------------------------------------------------------------------------


def test_agencies_list_and_detail(client, db):
    agency = AgencyFactory(name="Sở Tư pháp", code="stp")
    AgencyFactory(name="Sở cũ", code="so-cu", is_active=False)
    body = client.get("/api/v1/agencies").json()
    assert [row["code"] for row in body["results"]] == ["stp"]
    detail = client.get("/api/v1/agencies/stp").json()
    assert detail["name"] == "Sở Tư pháp"
    assert detail["identifier_code"] == agency.identifier_code
    assert _problem(client.get("/api/v1/agencies/so-cu"), 404)["title"] == "Không tìm thấy"


# --- status ----------------------------------------------------------------------------


@pytest.fixture
def dossier(time_machine):
    time_machine.move_to("2026-03-02 08:30 +07:00", tick=False)
    return receive_walk_in(build_world())


def test_status_shows_the_status_and_no_personal_data(client, dossier):
    response = client.get(f"/api/v1/status/{dossier.code}")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["code"] == dossier.code
    assert body["status"] and body["due_at"]
    text = response.content.decode()
    for private in ("Nguyễn Văn An", "034090001234", "0912345678", "Nguyễn Văn Linh"):
        assert private not in text
    assert set(body) == {
        "code", "procedure_name", "agency_name", "status", "sub_state", "received_at",
        "due_at", "reappointed", "paused", "resolved_at", "returned_at", "timeline",
    }  # fmt: skip


def test_status_code_is_read_like_the_portal(client, dossier):
    assert client.get(f"/api/v1/status/{dossier.code.lower()}").status_code == 200


def test_unknown_dossier_is_a_404_problem(client, dossier):
    _problem(client.get("/api/v1/status/000.00.06.H31-260302-9999"), 404)


def test_status_lookups_share_the_portal_budget(client, dossier, settings):
    settings.LOOKUP_RATE_LIMIT = 2
    assert client.get(f"/api/v1/status/{dossier.code}").status_code == 200
    assert client.get(reverse("portal:lookup_status", args=[dossier.code])).status_code == 200
    body = _problem(client.get(f"/api/v1/status/{dossier.code}"), 429)
    assert body["title"] == "Quá nhiều yêu cầu"
    assert int(client.get(f"/api/v1/status/{dossier.code}")["Retry-After"]) >= 1


# --- throttling ------------------------------------------------------------------------


def test_anonymous_clients_are_throttled_with_a_problem(client, db, settings):
    settings.API_ANON_RATE = "3/minute"
    for _ in range(3):
        assert client.get("/api/v1/agencies").status_code == 200
    response = client.get("/api/v1/agencies")
    body = _problem(response, 429)
    assert body["title"] == "Quá nhiều yêu cầu"
    assert int(response["Retry-After"]) >= 1
    assert response["Retry-After"] in body["detail"]
    # another address has its own budget
    assert client.get("/api/v1/agencies", REMOTE_ADDR="10.0.0.9").status_code == 200


# --- schema and documentation ----------------------------------------------------------


def test_schema_endpoint_answers(client, db):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"motcua" in response.content and b"/api/v1/procedures" in response.content


def test_committed_schema_matches_the_code(tmp_path):
    generated = tmp_path / "openapi.yaml"
    subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--validate", "--fail-on-warn",
         "--file", str(generated)],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    committed = (ROOT / "docs" / "api" / "openapi.yaml").read_text(encoding="utf-8")
    assert generated.read_text(encoding="utf-8") == committed, (
        "docs/api/openapi.yaml is stale: run manage.py spectacular --validate "
        "--file docs/api/openapi.yaml"
    )


URL = re.compile(r"""(?:src|href|spec-url)=["']([^"']+)["']""")


@pytest.mark.parametrize("page", ["/api/docs/", "/api/redoc/"])
def test_docs_pages_load_only_local_assets(client, db, settings, page):
    response = client.get(page)
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"https?://", html), "the docs page names another host"
    assets = URL.findall(html)
    assert assets and all(url.startswith("/") for url in assets)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp
    for url in assets:
        if url.startswith(settings.STATIC_URL):
            assert finders.find(url.removeprefix(settings.STATIC_URL)), f"{url} is not shipped"


def test_swagger_start_up_script_is_a_separate_local_script(client, db):
    response = client.get("/api/docs/", {"script": ""})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in response.content


def test_problem_bodies_are_json_even_when_html_is_asked_for(client, db):
    response = client.get("/api/v1/procedures/9.999999", HTTP_ACCEPT="text/html")
    assert response["Content-Type"] == PROBLEM
    json.loads(response.content)


def test_a_page_that_does_not_exist_is_a_documented_vietnamese_404(client):
    VersionFactory(published=True)
    for url in ("/api/v1/procedures?page=0", "/api/v1/agencies?page=99"):
        body = _problem(client.get(url), 404)
        assert "Không có trang này" in body["detail"]
