# SPDX-License-Identifier: MPL-2.0
"""The record of a dossier for the National Public Service Portal (Cổng DVCQG).

Provincial one-stop systems sync every dossier and its history to the national portal
(SPEC §5.3; QĐ 31/2021/QĐ-TTg on the portal's operation), and the province's service index
is computed from that data in real time (SPEC §7.4, QĐ 766/QĐ-TTg), so a missing date or a
wrong status costs points. The field names are the national ones (SPEC §4.4, [V-impl]
``ISyncLocalDataToDVCQGService.cs`` and the OpenCPS ``DongBoHoSoMC`` client); dates are
``yyyyMMddHHmmss`` in Vietnam time and an unknown date is ``""``. Names marked [B] in
`FIELDS_TO_CONFIRM` were not seen in a verified sample and must be confirmed with the LGSP.

The record is built when the worker delivers it, from the dossier as it is then, never
stored in the outbox: it holds the applicant's personal data, which the national sync needs
but the queue does not, and a late retry never overwrites newer data with an older snapshot.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Prefetch

from motcua.domain.deadlines import VN_TZ
from motcua.domain.workflow import Action, Status
from motcua.dossiers.models import (
    ApplicantKind,
    Dossier,
    DossierEvent,
    DossierPause,
    PauseKind,
    ResultDelivery,
)

#: DVCQG LoaiDoiTuong: 1 công dân, 2 doanh nghiệp, 3 tổ chức ([B] for 3).
APPLICANT_TYPES = {
    ApplicantKind.CITIZEN: 1,
    ApplicantKind.BUSINESS: 2,
    ApplicantKind.ORGANISATION: 3,
}
#: Our names for fields whose national name was not confirmed in a sample [B].
FIELDS_TO_CONFIRM = ("MaDinhDanhDV", "TrangThaiDVCQG", "SoKyHieu", "NgayBanHanh")


def national_date(moment: datetime | None) -> str:
    """``yyyyMMddHHmmss`` in Vietnam time, or ``""``."""
    return moment.astimezone(VN_TZ).strftime("%Y%m%d%H%M%S") if moment else ""


def national_status_text(dossier: Dossier) -> str:
    """The portal's text status: the sub-state's when there is one (interoperating,
    posting), else the status's (SPEC §2.2)."""
    return dossier.sub_state or Status(dossier.status).dvcqg


def load_for_sync(code: str) -> Dossier | None:
    """The dossier with everything the record needs, in a fixed number of queries."""
    return (
        Dossier.objects.select_related(
            "procedure_version__procedure",
            "procedure_version__field",
            "receiving_agency",
            "lead_agency",
            "applicant",
            "result",
        )
        .prefetch_related(
            "components__component",
            "fees",
            Prefetch(
                "pauses",
                queryset=DossierPause.objects.filter(kind=PauseKind.SUPPLEMENT)
                .select_related("requested_by")
                .order_by("started_at", "id"),
                to_attr="supplement_rounds",
            ),
            Prefetch(
                "events",
                queryset=DossierEvent.objects.select_related("actor").order_by("at", "id"),
                to_attr="timeline",
            ),
        )
        .filter(code=code)
        .first()
    )


def dossier_record(dossier: Dossier) -> dict[str, Any]:
    """The national sync record of ``dossier`` (load it with `load_for_sync`)."""
    version = dossier.procedure_version
    handler = dossier.lead_agency or dossier.receiving_agency
    applicant_account = dossier.applicant
    return {
        "MaHoSo": dossier.code,
        "MaTTHC": version.procedure.code,
        "TenTTHC": version.name,
        "MaLinhVuc": version.field.code,
        "TenLinhVuc": version.field.name,
        "MaDinhDanhDV": dossier.receiving_agency.identifier_code or "",
        "KenhThucHien": str(dossier.channel),
        "ChuHoSo": dossier.applicant_name,
        "LoaiDoiTuong": str(APPLICANT_TYPES.get(dossier.applicant_kind, 1)),
        "MaDoiTuong": "",  # the person's DVCQG user id: not known until DVCQG sign-on maps it
        "SoGiayToChuHoSo": dossier.applicant_identity or dossier.applicant_tax_code,
        "Email": dossier.applicant_email,
        "SoDienThoai": dossier.applicant_phone,
        "TrichYeuHoSo": dossier.summary or version.name,
        "NgayNopHoSo": national_date(dossier.submitted_at),
        "NgayTiepNhan": national_date(dossier.received_at),
        "NgayHenTra": national_date(dossier.due_at),
        "NgayKetThucXuLy": national_date(dossier.resolved_at),
        "NgayTra": national_date(dossier.returned_at),
        "NgayTuChoi": national_date(
            dossier.closed_at if dossier.status == Status.REFUSED else None
        ),
        "TrangThaiHoSo": str(dossier.status),
        "TrangThaiDVCQG": national_status_text(dossier),
        "HinhThuc": "1" if dossier.result_delivery == ResultDelivery.POST else "0",
        "ThongTinTra": dossier.delivery_address
        if dossier.result_delivery == ResultDelivery.POST
        else "",
        "DonViXuLy": handler.name,
        "HoSoCoThanhPhanSoHoa": int(any(c.digitised for c in dossier.components.all())),
        "TaiKhoanDuocXacThucVoiVNeID": int(
            applicant_account is not None and applicant_account.identity_verified_at is not None
        ),
        "DuocThanhToanTrucTuyen": 0,  # online payment is not offered yet
        "TaiLieuNop": _components(dossier),
        "DanhSachLePhi": _fees(dossier),
        "DanhSachHoSoBoSung": _supplements(dossier),
        "DanhSachGiayToKetQua": _results(dossier),
        "QuaTrinhXuLy": _history(dossier),
    }


def _components(dossier: Dossier) -> list[dict[str, Any]]:
    return [
        {
            "MaThanhPhanHoSo": str(item.component_id),
            "TenThanhPhanHoSo": item.component.name,
            "DuocSoHoa": int(item.digitised),
            "DuocTaiSuDung": int(item.reused),
            "DuocLayTuKhoDMQG": int(item.from_store),
        }
        for item in dossier.components.all()
    ]


def _fees(dossier: Dossier) -> list[dict[str, Any]]:
    return [
        {
            "TenPhiLePhi": fee.name,
            "MaPhiLePhi": str(fee.fee_id or ""),
            "HinhThucThu": fee.collection,
            "Gia": fee.amount_vnd or 0,
            "DaThu": int(fee.paid_at is not None),
        }
        for fee in dossier.fees.all()
    ]


def _supplements(dossier: Dossier) -> list[dict[str, Any]]:
    return [
        {
            "NguoiYeuCauBoSung": pause.requested_by.full_name if pause.requested_by else "",
            "NoiDungBoSung": pause.reason,
            "NgayBoSung": national_date(pause.started_at),
            "NgayTiepNhanBoSung": national_date(pause.ended_at),
            "NgayHenTraTruoc": national_date(pause.due_before),
            "NgayHenTraMoi": national_date(pause.due_after),
        }
        for pause in dossier.supplement_rounds  # type: ignore[attr-defined]
    ]


def _results(dossier: Dossier) -> list[dict[str, Any]]:
    result = getattr(dossier, "result", None)
    if result is None:
        return []
    return [
        {
            "TenGiayTo": result.kind,
            "SoKyHieu": result.number,
            "NgayBanHanh": result.issued_on.strftime("%Y%m%d"),
        }
    ]


def _history(dossier: Dossier) -> list[dict[str, Any]]:
    """QuaTrinhXuLy: who did what and when. The officer's notes are not sent (they may name
    third parties); the action's name says what was done."""
    return [
        {
            "NguoiXuLy": event.actor.full_name if event.actor else "Hệ thống",
            "ThoiDiemXuLy": national_date(event.at),
            "NoiDungXuLy": _action_label(event.action),
            "TrangThai": str(event.to_status),
        }
        for event in dossier.timeline  # type: ignore[attr-defined]
    ]


def _action_label(action: str) -> str:
    try:
        return Action(action).label_vi
    except ValueError:
        return action
