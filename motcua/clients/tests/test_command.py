# SPDX-License-Identifier: MPL-2.0
"""`manage.py api_client`: operators create clients and manage their keys from a shell."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from motcua.audit.models import AuditEntry
from motcua.audit.services import SYSTEM_ACTOR_LABEL
from motcua.clients.models import ApiClient, ApiCredential
from motcua.clients.services import CredentialError, authenticate_token
from motcua.org.access import active_positions
from motcua.org.models import Role
from motcua.testing.factories import AgencyFactory, StaffFactory

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("api_client", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def agency():
    return AgencyFactory(code="so-tu-phap", name="Sở Tư pháp")


@pytest.fixture
def api_client(agency):
    run(
        "create",
        "--code=he-thong-a",
        "--name=Hệ thống A",
        "--agency=so-tu-phap",
        "--scope=dossiers.read,dossiers.act:receive",
        "--scope=documents.read",
    )
    return ApiClient.objects.get(code="he-thong-a")


def test_create_makes_a_client_with_its_service_account(api_client, agency):
    assert api_client.agency == agency
    assert api_client.scopes == ["dossiers.read", "dossiers.act:receive", "documents.read"]
    assert [p.role for p in active_positions(api_client.user)] == [Role.COUNTER_OFFICER]
    entry = AuditEntry.objects.get(action="api_client.create")
    assert entry.actor is None and entry.actor_label == SYSTEM_ACTOR_LABEL


def test_create_takes_roles(agency):
    out, _ = run(
        "create",
        "--code=b",
        "--name=B",
        "--agency=so-tu-phap",
        "--scope=dossiers.act",
        "--role=specialist",
        "--role=unit_head",
    )
    assert "Đã tạo hệ thống kết nối “B” (b) của Sở Tư pháp" in out
    client = ApiClient.objects.get(code="b")
    assert {p.role for p in active_positions(client.user)} == {Role.SPECIALIST, Role.UNIT_HEAD}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--agency=khong-co", "--scope=dossiers.read"], "Không có cơ quan mã “khong-co”"),
        (["--agency=so-tu-phap", "--scope=root"], "Quyền không hợp lệ: root"),
        (["--agency=so-tu-phap", "--scope=dossiers.act:bay"], "Quyền không hợp lệ"),
        (["--agency=so-tu-phap", "--scope=dossiers.read", "--role=system_admin"], "Vai trò"),
        (["--agency=so-tu-phap", "--scope=dossiers.read", "--role=boss"], "Vai trò"),
    ],
)
def test_create_refuses_unknown_agencies_scopes_and_roles(agency, args, message):
    with pytest.raises(CommandError, match=message):
        run("create", "--code=c", "--name=C", *args)
    assert not ApiClient.objects.exists()


def test_create_refuses_a_code_in_use(api_client):
    StaffFactory(username="api.da-co")  # an account already named like a service account
    with pytest.raises(CommandError, match="“da-co” đã được dùng"):
        run("create", "--code=da-co", "--name=D", "--agency=so-tu-phap", "--scope=dossiers.read")
    with pytest.raises(CommandError, match="đã được dùng"):
        run(
            "create",
            "--code=he-thong-a",
            "--name=A2",
            "--agency=so-tu-phap",
            "--scope=dossiers.read",
        )


def test_issue_prints_the_token_and_nothing_else(api_client, time_machine):
    time_machine.move_to("2026-11-26 09:00 +07:00", tick=False)
    out, err = run("issue", "he-thong-a", "--expires-days=30")
    token = out.strip()
    assert out == token + "\n" and "MỘT LẦN" in err
    client, credential = authenticate_token(token)
    assert client == api_client
    assert credential.expires_at == timezone.now() + timedelta(days=30)
    assert AuditEntry.objects.filter(action="api_credential.issue").count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["issue", "khong-co"], "Không có hệ thống kết nối mã “khong-co”"),
        (["issue", "he-thong-a", "--expires-days=0"], "số ngày dương"),
        (["rotate", "khong-co"], "Không có khóa mã “khong-co”"),
        (["revoke", "khong-co"], "Không có khóa mã “khong-co”"),
    ],
)
def test_unknown_clients_and_keys_are_clear_errors(api_client, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_rotate_prints_the_new_token_and_keeps_the_old_one_for_a_while(api_client, time_machine):
    time_machine.move_to("2026-11-26 09:00 +07:00", tick=False)
    old = run("issue", "he-thong-a")[0].strip()
    key_id = ApiCredential.objects.get().key_id
    out, err = run("rotate", key_id, "--overlap-hours=2")
    new = out.strip()
    assert new != old and f"{key_id} còn dùng được 2 giờ" in err
    authenticate_token(old)
    authenticate_token(new)
    time_machine.move_to("2026-11-26 11:01 +07:00", tick=False)
    with pytest.raises(CredentialError, match="hết hạn"):
        authenticate_token(old)
    authenticate_token(new)


def test_revoke_is_immediate_and_a_revoked_key_cannot_be_rotated(api_client):
    token = run("issue", "he-thong-a")[0].strip()
    key_id = ApiCredential.objects.get().key_id
    out, _ = run("revoke", key_id)
    assert f"Đã thu hồi khóa {key_id} của he-thong-a" in out
    with pytest.raises(CredentialError, match="thu hồi"):
        authenticate_token(token)
    with pytest.raises(CommandError, match="không thể xoay vòng"):
        run("rotate", key_id)
    assert AuditEntry.objects.filter(action="api_credential.revoke").count() == 1


def test_list_shows_clients_and_the_state_of_their_keys(api_client, time_machine):
    time_machine.move_to("2026-11-26 09:00 +07:00", tick=False)
    revoked = run("issue", "he-thong-a")[0].strip()
    run("revoke", ApiCredential.objects.get().key_id)
    run("issue", "he-thong-a", "--expires-days=1")
    run("issue", "he-thong-a")
    out, _ = run("list")
    assert "he-thong-a  Hệ thống A  [so-tu-phap]  hoạt động" in out
    assert "dossiers.read, dossiers.act:receive, documents.read" in out
    assert "đã thu hồi lúc 26/11/2026 09:00" in out
    assert "còn hiệu lực, hết hạn lúc 27/11/2026 09:00, dùng lần cuối: chưa dùng" in out
    assert "còn hiệu lực, không hết hạn" in out
    assert revoked not in out  # never a token


def test_list_says_when_there_is_no_client():
    assert "Chưa có hệ thống kết nối nào." in run("list")[0]
