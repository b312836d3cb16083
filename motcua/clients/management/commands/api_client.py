# SPDX-License-Identifier: MPL-2.0
"""``manage.py api_client``: machine clients of the API for operators (docs/api.md).

    api_client create --code he-thong-a --name "Hệ thống A" --agency so-tu-phap \\
        --scope dossiers.read --scope dossiers.act:receive [--role counter_officer]
    api_client issue he-thong-a [--expires-days 90]     # prints the token, and only it
    api_client rotate <key_id> [--overlap-hours 24]     # prints the new token, and only it
    api_client revoke <key_id>
    api_client list

Every change goes through `motcua.clients.services` (audited, actor "Hệ thống"). `issue`
and `rotate` write the token alone on stdout, so a script can capture it; notes go to
stderr. The token is shown once: only its hash is stored.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.clients.models import ApiClient, ApiCredential, Scope
from motcua.clients.services import (
    CredentialError,
    client_create,
    credential_issue,
    credential_revoke,
    credential_rotate,
)
from motcua.domain.workflow import Action
from motcua.org.models import PROVINCE_WIDE_ROLES, Agency, Role

KNOWN_SCOPES = frozenset(
    [s.value for s in Scope] + [f"{Scope.DOSSIERS_ACT.value}:{a.value}" for a in Action]
)


class Command(BaseCommand):
    help = "Quản lý hệ thống kết nối API: tạo, cấp khóa, xoay vòng khóa, thu hồi khóa, liệt kê."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="lệnh")
        create = sub.add_parser("create", help="Tạo hệ thống kết nối và tài khoản dịch vụ.")
        create.add_argument("--code", required=True, help="Mã hệ thống (chữ thường, gạch nối).")
        create.add_argument("--name", required=True, help="Tên hệ thống.")
        create.add_argument("--agency", required=True, help="Mã viết tắt của cơ quan.")
        create.add_argument(
            "--scope",
            action="append",
            required=True,
            help="Quyền (nhắc lại hoặc cách nhau bởi dấu phẩy): "
            + ", ".join(s.value for s in Scope)
            + ", dossiers.act:<thao tác>.",
        )
        create.add_argument(
            "--role",
            action="append",
            help="Vai trò của tài khoản dịch vụ trong cơ quan (mặc định: counter_officer).",
        )
        issue = sub.add_parser("issue", help="Cấp khóa mới; in ra khóa (chỉ một lần).")
        issue.add_argument("code", help="Mã hệ thống.")
        issue.add_argument("--expires-days", type=int, help="Hết hạn sau số ngày này.")
        rotate = sub.add_parser("rotate", help="Xoay vòng khóa; in ra khóa mới (chỉ một lần).")
        rotate.add_argument("key_id", help="Mã khóa cũ.")
        rotate.add_argument(
            "--overlap-hours", type=int, default=24, help="Khóa cũ còn dùng được bao lâu (giờ)."
        )
        revoke = sub.add_parser("revoke", help="Thu hồi khóa ngay lập tức.")
        revoke.add_argument("key_id", help="Mã khóa.")
        sub.add_parser("list", help="Liệt kê các hệ thống kết nối và khóa của chúng.")

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        getattr(self, f"_{subcommand}")(**options)

    def _create(
        self, *, code: str, name: str, agency: str, scope: list[str], **options: Any
    ) -> None:
        found = Agency.objects.filter(code=agency).first()
        if found is None:
            raise CommandError(_("Không có cơ quan mã “%(code)s”.") % {"code": agency})
        scopes = _parse_scopes(scope)
        roles = _parse_roles(options.get("role") or [Role.COUNTER_OFFICER.value])
        if (
            ApiClient.objects.filter(code=code).exists()
            or User.objects.filter(username=f"api.{code}").exists()
        ):
            raise CommandError(_("Mã hệ thống “%(code)s” đã được dùng.") % {"code": code})
        try:
            client = client_create(
                actor=None, code=code, name=name, agency=found, scopes=scopes, roles=roles
            )
        except (ValueError, IntegrityError) as exc:
            raise CommandError(_("Không tạo được hệ thống kết nối: %(e)s") % {"e": exc}) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Đã tạo hệ thống kết nối “%(name)s” (%(code)s) của %(agency)s; "
                    "quyền: %(scopes)s."
                )
                % {
                    "name": client.name,
                    "code": client.code,
                    "agency": found.name,
                    "scopes": ", ".join(scopes) or "—",
                }
            )
        )

    def _issue(self, *, code: str, expires_days: int | None, **options: Any) -> None:
        client = ApiClient.objects.filter(code=code).first()
        if client is None:
            raise CommandError(_("Không có hệ thống kết nối mã “%(code)s”.") % {"code": code})
        if expires_days is not None and expires_days < 1:
            raise CommandError(_("--expires-days phải là số ngày dương."))
        expires_at = timezone.now() + timedelta(days=expires_days) if expires_days else None
        issued = credential_issue(actor=None, client=client, expires_at=expires_at)
        self._print_token(issued.credential, issued.token)

    def _rotate(self, *, key_id: str, overlap_hours: int, **options: Any) -> None:
        if overlap_hours < 0:
            raise CommandError(_("--overlap-hours không được âm."))
        credential = _credential(key_id)
        try:
            issued = credential_rotate(
                actor=None, credential=credential, overlap=timedelta(hours=overlap_hours)
            )
        except CredentialError as exc:
            raise CommandError(str(exc)) from exc
        self.stderr.write(
            _("Khóa cũ %(old)s còn dùng được %(hours)s giờ nữa.")
            % {"old": credential.key_id, "hours": overlap_hours}
        )
        self._print_token(issued.credential, issued.token)

    def _revoke(self, *, key_id: str, **options: Any) -> None:
        credential = credential_revoke(actor=None, credential=_credential(key_id))
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã thu hồi khóa %(key)s của %(client)s.")
                % {"key": credential.key_id, "client": credential.client.code}
            )
        )

    def _list(self, **options: Any) -> None:
        clients = ApiClient.objects.select_related("agency").prefetch_related("credentials")
        if not clients:
            self.stdout.write(_("Chưa có hệ thống kết nối nào."))
        now = timezone.now()
        for client in clients:
            state = _("hoạt động") if client.is_active else _("tạm dừng")
            self.stdout.write(
                f"{client.code}  {client.name}  [{client.agency.code}]  {state}  "
                + (", ".join(client.scopes) or "—")
            )
            for credential in client.credentials.all():
                self.stdout.write(f"    {credential.key_id}  {_credential_state(credential, now)}")

    def _print_token(self, credential: ApiCredential, token: str) -> None:
        self.stderr.write(
            _(
                "Khóa %(key)s: chỉ hiển thị MỘT LẦN. Hãy lưu vào kho bí mật ngay; "
                "hệ thống chỉ giữ giá trị băm, không thể xem lại."
            )
            % {"key": credential.key_id}
        )
        self.stdout.write(token)


def _parse_scopes(values: list[str]) -> list[str]:
    scopes = list(dict.fromkeys(s.strip() for v in values for s in v.split(",") if s.strip()))
    unknown = [s for s in scopes if s not in KNOWN_SCOPES]
    if unknown:
        raise CommandError(
            _("Quyền không hợp lệ: %(bad)s. Các quyền: %(known)s, dossiers.act:<thao tác>.")
            % {"bad": ", ".join(unknown), "known": ", ".join(s.value for s in Scope)}
        )
    return scopes


def _parse_roles(values: list[str]) -> list[str]:
    # A machine never gets a province-wide role: it acts for its own agency only.
    known = {r.value for r in Role if r not in PROVINCE_WIDE_ROLES}
    unknown = [r for r in values if r not in known]
    if unknown:
        raise CommandError(
            _("Vai trò không hợp lệ: %(bad)s. Các vai trò: %(known)s.")
            % {"bad": ", ".join(unknown), "known": ", ".join(sorted(known))}
        )
    return list(dict.fromkeys(values))


def _credential(key_id: str) -> ApiCredential:
    credential = ApiCredential.objects.select_related("client").filter(key_id=key_id).first()
    if credential is None:
        raise CommandError(_("Không có khóa mã “%(key)s”.") % {"key": key_id})
    return credential


def _at(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def _credential_state(credential: ApiCredential, now: datetime) -> str:
    if credential.revoked_at is not None:
        return _("đã thu hồi lúc %(at)s") % {"at": _at(credential.revoked_at)}
    if credential.expires_at is not None and credential.expires_at <= now:
        return _("đã hết hạn lúc %(at)s") % {"at": _at(credential.expires_at)}
    until = (
        _("hết hạn lúc %(at)s") % {"at": _at(credential.expires_at)}
        if credential.expires_at
        else _("không hết hạn")
    )
    used = _at(credential.last_used_at) if credential.last_used_at else _("chưa dùng")
    return _("còn hiệu lực, %(until)s, dùng lần cuối: %(used)s") % {"until": until, "used": used}
