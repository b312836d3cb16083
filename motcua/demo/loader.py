# SPDX-License-Identifier: MPL-2.0
"""The demo province: real Hưng Yên units and agencies, illustrative codes, demo staff.

Everything is written with ``update_or_create`` on natural keys, in one transaction, so
running the loader again changes nothing and never duplicates a row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import (
    AccountKind,
    MembershipRole,
    Organisation,
    OrganisationKind,
    OrganisationMembership,
    User,
)
from motcua.demo.dossiers import load_dossiers
from motcua.demo.history import load_history
from motcua.demo.procedures import load_procedures
from motcua.org.models import (
    AdministrativeUnit,
    Agency,
    AgencyKind,
    Counter,
    Role,
    StaffPosition,
    UnitLevel,
)
from motcua.reports.refresh import refresh_summaries
from motcua.workcal.models import CalendarDay, DayKind, DaySource, WorkingPolicy
from motcua.workcal.services import calendar_day_set, holidays_seed

DATA = Path(__file__).resolve().parent / "data" / "hung-yen.json"
DEMO_PASSWORD = "Motcua@2026"
TWO_TIER_FROM = date(2025, 7, 1)
THREE_TIER_UNTIL = date(2025, 6, 30)
DEPARTMENT_MERGERS = date(2025, 2, 28)  # departments merged from 01/03/2025
PROVINCE_ADDRESS = "Số 10, đường Chùa Chuông, phường Phố Hiến, tỉnh Hưng Yên"
CENTER_ADDRESS = "Tòa nhà Bưu điện tỉnh Hưng Yên, đường Chùa Chuông, phường Phố Hiến, tỉnh Hưng Yên"


@dataclass(frozen=True)
class DemoLogin:
    door: str
    username: str
    description: str


@dataclass
class DemoResult:
    units: int = 0
    agencies: int = 0
    counters: int = 0
    procedures: int = 0
    dossiers: int = 0
    history: int = 0
    logins: list[DemoLogin] = field(default_factory=list)


def _kind_to_level(kind: str) -> str:
    if kind in {"Huyện", "Thị xã", "Thành phố"}:
        return UnitLevel.DISTRICT
    return UnitLevel.COMMUNE


def _unit(
    code: str,
    name: str,
    kind: str,
    level: str,
    parent: AdministrativeUnit | None,
    valid_from: date | None,
    valid_to: date | None,
) -> AdministrativeUnit:
    unit, _ = AdministrativeUnit.objects.update_or_create(
        code=code,
        valid_from=valid_from,
        defaults={
            "name": name,
            "kind": kind,
            "level": level,
            "parent": parent,
            "valid_to": valid_to,
        },
    )
    return unit


def load_units(data: dict[str, Any]) -> dict[str, AdministrativeUnit]:
    """Both structures: three tiers until 30/06/2025, two tiers from 01/07/2025."""
    old = _unit(
        "33", "Tỉnh Hưng Yên", "Tỉnh", UnitLevel.PROVINCE, None, date(1997, 1, 1), THREE_TIER_UNTIL
    )
    new = _unit("33", "Tỉnh Hưng Yên", "Tỉnh", UnitLevel.PROVINCE, None, TWO_TIER_FROM, None)
    units = {"province_old": old, "province": new}
    for district in data["before_2025"]["districts"]:
        parent = _unit(
            district["code"],
            district["name"],
            district["type"],
            UnitLevel.DISTRICT,
            old,
            date(1997, 1, 1),
            THREE_TIER_UNTIL,
        )
        for commune in district["communes"]:
            _unit(
                commune["code"],
                commune["name"],
                commune["type"],
                UnitLevel.COMMUNE,
                parent,
                date(1997, 1, 1),
                THREE_TIER_UNTIL,
            )
    for commune in data["after_2025"]["communes"]:
        units[commune["name"]] = _unit(
            commune["code"],
            commune["name"],
            commune["type"],
            UnitLevel.COMMUNE,
            new,
            TWO_TIER_FROM,
            None,
        )
    return units


def _agency(
    code: str,
    name: str,
    kind: str,
    number: int | None,
    unit: AdministrativeUnit,
    parent: Agency | None = None,
    **extra: Any,
) -> Agency:
    identifier = f"000.00.{number:02d}.H31" if number is not None else None
    agency, _ = Agency.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "kind": kind,
            "identifier_code": identifier,
            "identifier_verified": False,
            "parent": parent,
            "administrative_unit": unit,
            **extra,
        },
    )
    return agency


# Short codes (slug) for the departments of agencies_2025, in the data file's order.
DEPARTMENT_SLUGS = {
    "SNV": "so-noi-vu",
    "STP": "so-tu-phap",
    "STC": "so-tai-chinh",
    "SXD": "so-xay-dung",
    "SNNMT": "so-nong-nghiep-moi-truong",
    "SCT": "so-cong-thuong",
    "SKHCN": "so-khoa-hoc-cong-nghe",
    "SVHTTDL": "so-van-hoa-the-thao-du-lich",
    "SGDĐT": "so-giao-duc-dao-tao",
    "SYT": "so-y-te",
    "TTr": "thanh-tra-tinh",
    "BQLKCN": "ban-quan-ly-khu-cong-nghiep",
    "SDTTG": "so-dan-toc-ton-giao",
    "SNgV": "so-ngoai-vu",
}
VERTICAL = [
    ("thue-tinh", "Thuế tỉnh Hưng Yên", "Thuế"),
    ("bhxh-tinh", "Bảo hiểm xã hội tỉnh Hưng Yên", "BHXH"),
    ("dien-luc", "Công ty Điện lực Hưng Yên", "Điện lực"),
]
COMMUNES = [("phuong-pho-hien", "Phường Phố Hiến"), ("xa-tan-hung", "Xã Tân Hưng")]


def load_agencies(data: dict[str, Any], units: dict[str, AdministrativeUnit]) -> dict[str, Agency]:
    province = units["province"]
    feedback = (
        "Văn phòng UBND tỉnh Hưng Yên – Phòng Kiểm soát thủ tục hành chính, " + PROVINCE_ADDRESS
    )
    ppc = _agency(
        "ubnd-tinh",
        "Ủy ban nhân dân tỉnh Hưng Yên",
        AgencyKind.PEOPLES_COMMITTEE,
        1,
        province,
        address=PROVINCE_ADDRESS,
        feedback_address=feedback,
    )
    agencies = {"ubnd-tinh": ppc}
    number = 2
    for item in data["agencies_2025"]:
        slug = "vp-ubnd-tinh" if item["short"] == "VPUBND" else DEPARTMENT_SLUGS[item["short"]]
        kind = AgencyKind.OFFICE if slug == "vp-ubnd-tinh" else AgencyKind.DEPARTMENT
        agencies[slug] = _agency(
            slug,
            item["name"],
            kind,
            number,
            province,
            ppc,
            short_name=item["short"],
            feedback_address=feedback,
        )
        number += 1
    center = data["service_center"]
    agencies["ttpvhcc"] = _agency(
        "ttpvhcc",
        center["name"],
        AgencyKind.SERVICE_CENTER,
        40,
        province,
        agencies["vp-ubnd-tinh"],
        short_name="TTPVHCC",
        address=CENTER_ADDRESS,
        feedback_address=feedback,
    )
    for offset, (slug, name, short) in enumerate(VERTICAL):
        agencies[slug] = _agency(
            slug, name, AgencyKind.VERTICAL, 50 + offset, province, short_name=short
        )
    agencies["phong-hanh-chinh-tu-phap"] = _agency(
        "phong-hanh-chinh-tu-phap",
        "Phòng Hành chính tư pháp",
        AgencyKind.DIVISION,
        None,
        province,
        agencies["so-tu-phap"],
    )
    agencies["phong-quan-ly-xay-dung"] = _agency(
        "phong-quan-ly-xay-dung",
        "Phòng Quản lý hoạt động xây dựng",
        AgencyKind.DIVISION,
        None,
        province,
        agencies["so-xay-dung"],
    )
    for offset, (slug, unit_name) in enumerate(COMMUNES):
        unit = units[unit_name]
        local_name = unit_name[0].lower() + unit_name[1:]  # "Phường Phố Hiến" → "phường Phố Hiến"
        committee = _agency(
            f"ubnd-{slug}",
            f"Ủy ban nhân dân {local_name}",
            AgencyKind.PEOPLES_COMMITTEE,
            70 + 2 * offset,
            unit,
            feedback_address=f"Ủy ban nhân dân {local_name}, tỉnh Hưng Yên",
        )
        agencies[f"ubnd-{slug}"] = committee
        agencies[f"ttpvhcc-{slug}"] = _agency(
            f"ttpvhcc-{slug}",
            f"Trung tâm Phục vụ hành chính công {local_name}",
            AgencyKind.ONE_STOP_SECTION,
            71 + 2 * offset,
            unit,
            committee,
        )
    for item in data["agencies_2019"]:  # departments merged away in March 2025: history only
        if item["short"] in {"SKHĐT", "SGTVT", "STNMT", "STTTT", "SLĐTBXH", "SNNPTNT"}:
            slug = "cu-" + item["short"].lower().replace("đ", "d")
            agencies[slug] = _agency(
                slug,
                item["name"],
                AgencyKind.DEPARTMENT,
                None,
                units["province_old"],
                ppc,
                short_name=item["short"],
                valid_to=DEPARTMENT_MERGERS,
                is_active=False,
            )
    return agencies


def load_counters(agencies: dict[str, Agency]) -> list[Counter]:
    """One counter per department and vertical agency at the provincial center."""
    center = agencies["ttpvhcc"]
    served = [
        a
        for a in agencies.values()
        if a.is_active and a.kind in {AgencyKind.DEPARTMENT, AgencyKind.VERTICAL}
    ]
    counters = []
    for number, agency in enumerate(sorted(served, key=lambda a: a.name), start=1):
        counter, _ = Counter.objects.update_or_create(
            service_center=center, number=number, defaults={"name": agency.name}
        )
        counter.agencies.set([agency])
        counters.append(counter)
    for slug, _name in COMMUNES:
        desk = agencies[f"ttpvhcc-{slug}"]
        counter, _ = Counter.objects.update_or_create(
            service_center=desk, number=1, defaults={"name": "Quầy tiếp nhận chung"}
        )
        counter.agencies.set([agencies[f"ubnd-{slug}"]])
        counters.append(counter)
    return counters


# (username, full name, agency slug, role, description)
STAFF = [
    (
        "tiepnhan.stp",
        "Nguyễn Thị Hồng",
        "ttpvhcc",
        Role.COUNTER_OFFICER,
        "Cán bộ tiếp nhận tại quầy Sở Tư pháp, Trung tâm PVHCC tỉnh",
    ),
    (
        "chuyenvien.stp",
        "Trần Văn Đức",
        "phong-hanh-chinh-tu-phap",
        Role.SPECIALIST,
        "Chuyên viên thụ lý, Sở Tư pháp (cơ quan X)",
    ),
    (
        "truongphong.stp",
        "Lê Thị Thu Hằng",
        "phong-hanh-chinh-tu-phap",
        Role.UNIT_HEAD,
        "Trưởng phòng Hành chính tư pháp, Sở Tư pháp",
    ),
    ("lanhdao.stp", "Phạm Quốc Việt", "so-tu-phap", Role.AGENCY_LEADER, "Phó Giám đốc Sở Tư pháp"),
    ("vanthu.stp", "Đỗ Thị Ngọc Ánh", "so-tu-phap", Role.RECORDS_CLERK, "Văn thư Sở Tư pháp"),
    (
        "kstthc.stp",
        "Vũ Minh Tuấn",
        "so-tu-phap",
        Role.PROCEDURE_CONTROLLER,
        "Cán bộ đầu mối kiểm soát TTHC, Sở Tư pháp",
    ),
    (
        "chuyenvien.sxd",
        "Hoàng Văn Sơn",
        "phong-quan-ly-xay-dung",
        Role.SPECIALIST,
        "Chuyên viên thụ lý, Sở Xây dựng (cơ quan Y)",
    ),
    ("lanhdao.sxd", "Bùi Thị Lan", "so-xay-dung", Role.AGENCY_LEADER, "Phó Giám đốc Sở Xây dựng"),
    (
        "tiepnhan.phohien",
        "Ngô Thị Mai",
        "ttpvhcc-phuong-pho-hien",
        Role.COUNTER_OFFICER,
        "Cán bộ một cửa, Trung tâm PVHCC phường Phố Hiến",
    ),
    (
        "giamsat",
        "Đặng Thu Trang",
        "vp-ubnd-tinh",
        Role.PROVINCIAL_SUPERVISOR,
        "Giám sát cấp tỉnh, Văn phòng UBND tỉnh",
    ),
    ("quantri", "Lý Văn Khải", "vp-ubnd-tinh", Role.SYSTEM_ADMIN, "Quản trị hệ thống"),
]
CITIZENS = [
    (
        "0912345678",
        "Nguyễn Văn An",
        "an.nguyen@example.vn",
        "033090001234",
        "Công dân A (đăng nhập bằng số điện thoại hoặc thư điện tử)",
    ),
    ("0987654321", "Trần Thị Bình", "binh.tran@example.vn", "034185005678", "Công dân B"),
]


def _user(username: str, full_name: str, kind: str, **extra: Any) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": full_name, "kind": kind, **extra}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def load_people(agencies: dict[str, Agency], counters: list[Counter]) -> list[DemoLogin]:
    logins = []
    stp_counter = next(c for c in counters if c.name == "Sở Tư pháp")
    for username, name, slug, role, description in STAFF:
        admin = role in {Role.SYSTEM_ADMIN, Role.PROCEDURE_CONTROLLER}
        user = _user(
            username,
            name,
            AccountKind.STAFF,
            is_staff=admin,
            is_superuser=role == Role.SYSTEM_ADMIN,
        )
        counter = stp_counter if username == "tiepnhan.stp" else None
        StaffPosition.objects.update_or_create(
            user=user,
            agency=agencies[slug],
            role=role,
            defaults={"counter": counter, "is_active": True, "title": description},
        )
        logins.append(DemoLogin("/desk/", username, description))
    _grant_reference_data_rights(User.objects.get(username="kstthc.stp"))
    for phone, name, email, identity, description in CITIZENS:
        _user(phone, name, AccountKind.CITIZEN, phone=phone, email=email, identity_number=identity)
        logins.append(DemoLogin("/", phone, f"{description}; {email}"))
    business = Organisation.objects.update_or_create(
        tax_code="0900123456",
        defaults={
            "name": "Công ty TNHH Thương mại Phố Hiến",
            "kind": OrganisationKind.BUSINESS,
            "address": "Phường Phố Hiến, tỉnh Hưng Yên",
        },
    )[0]
    OrganisationMembership.objects.update_or_create(
        user=User.objects.get(username="0912345678"),
        organisation=business,
        defaults={"role": MembershipRole.LEGAL_REPRESENTATIVE},
    )
    return logins


def _grant_reference_data_rights(user: User) -> None:
    """The procedure-control officer keeps their agency's reference data and procedures."""
    from django.contrib.auth.models import Permission

    rights = {
        "org": [
            "view_agency",
            "change_agency",
            "view_counter",
            "change_counter",
            "view_staffposition",
            "add_staffposition",
            "change_staffposition",
        ],
        "catalog": [
            "view_field",
            "add_field",
            "change_field",
            "view_procedure",
            "view_procedureversion",
            "change_procedureversion",
        ],
    }
    query = Permission.objects.none()
    for app_label, codenames in rights.items():
        query |= Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )
    user.user_permissions.set(query)


# The Government's swap for New Year 2026 (found in press copies of 12729/VPCP-KGVX; the
# holidays package 0.109 does not have it): Fri 02/01/2026 off, Sat 10/01/2026 worked.
KNOWN_CORRECTIONS = [
    (date(2026, 1, 2), DayKind.OFF, "Ngày nghỉ (thay cho ngày 10/01/2026)"),
    (date(2026, 1, 10), DayKind.WORK, "Làm bù cho ngày nghỉ 02/01/2026"),
]


def load_calendar() -> None:
    """Holidays 2019 → next year from the `holidays` package, and default working hours.

    Hưng Yên publishes no timetable (data/README.md), so the demo uses the common
    07:00–11:30 / 13:30–17:00 day and says so.
    """
    holidays_seed(actor=None, years=range(2019, timezone.localdate().year + 2))
    for day, kind, reason in KNOWN_CORRECTIONS:  # what the holidays package does not know yet
        if not CalendarDay.objects.filter(day=day, source=DaySource.ADMIN).exists():
            calendar_day_set(
                actor=None,
                day=day,
                kind=kind,
                reason=reason,
                notice="Công văn 12729/VPCP-KGVX ngày 25/12/2025",
            )
    WorkingPolicy.objects.get_or_create(
        valid_from=date(2019, 1, 1),
        defaults={"note": "Giờ làm việc mặc định 07:00–11:30, 13:30–17:00 (tỉnh cần xác nhận)"},
    )


@transaction.atomic
def load_demo() -> DemoResult:
    """Load (or refresh) the whole demo province; safe to run any number of times."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    units = load_units(data)
    agencies = load_agencies(data, units)
    counters = load_counters(agencies)
    logins = load_people(agencies, counters)
    load_calendar()
    procedures = load_procedures(agencies)
    dossiers = load_dossiers()
    history = load_history()
    refresh_summaries(rebuild=True)
    return DemoResult(
        units=AdministrativeUnit.objects.count(),
        agencies=Agency.objects.count(),
        counters=len(counters),
        logins=logins,
        procedures=procedures,
        dossiers=dossiers,
        history=history,
    )
