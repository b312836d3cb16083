# SPDX-License-Identifier: MPL-2.0
"""The official papers of a dossier, built from its stored data (documents app renders them)."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation

from motcua.catalog.models import Component, DurationUnitChoice, Requirement
from motcua.core.templatetags.motcua import vnd
from motcua.documents.contexts import ComponentLine, Issuer, Party, ReceiptContext
from motcua.documents.forms_pdf import render_form
from motcua.domain.workflow import FormKind, rule_set_by_code
from motcua.dossiers.models import Dossier
from motcua.org.models import AdministrativeUnit, Agency, UnitLevel


def _unit_vi(unit: str) -> str:
    """The catalogue's unit label, always in Vietnamese: official forms are Vietnamese."""
    with translation.override("vi"):
        return str(DurationUnitChoice(unit).label)


def place_name(unit: AdministrativeUnit) -> str:
    """The province's place name for the date line: "Tỉnh Hưng Yên" → "Hưng Yên"."""
    while unit.level != UnitLevel.PROVINCE and unit.parent_id:
        unit = unit.parent  # type: ignore[assignment]
    for prefix in ("Tỉnh ", "Thành phố "):
        if unit.name.startswith(prefix):
            return unit.name.removeprefix(prefix)
    return unit.name


def issuer_for(agency: Agency) -> Issuer:
    parent = agency.parent.name if agency.parent_id else agency.administrative_unit.name
    return Issuer(parent=parent, name=agency.name, place=place_name(agency.administrative_unit))


def status_url(dossier: Dossier) -> str:
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}/tra-cuu/{dossier.code}/"


def _components(dossier: Dossier) -> tuple[ComponentLine, ...]:
    """The required components of the dossier's case. (Until the dossier records which
    components were actually handed in, conditional ones are not printed.)"""
    rows = (
        Component.objects.filter(
            version=dossier.procedure_version, requirement=Requirement.REQUIRED
        )
        .filter(Q(case__isnull=True) | Q(case=dossier.case))
        .order_by("order", "id")
    )
    return tuple(
        ComponentLine(name=c.name, originals=c.originals, photocopies=c.copies) for c in rows
    )


def _fee(dossier: Dossier) -> str:
    amounts = [
        f.amount_vnd
        for f in dossier.procedure_version.fees.filter(Q(case__isnull=True) | Q(case=dossier.case))
        if f.amount_vnd is not None
    ]
    if not amounts:
        return ""
    return vnd(sum(amounts)) if sum(amounts) else "Miễn phí"


def receipt_pdf(*, dossier: Dossier, officer_name: str) -> bytes:
    """Form 01 of a received dossier, numbered as its rule set prescribes."""
    if dossier.received_at is None or dossier.due_at is None:
        raise ValueError("form 01 needs a received dossier")
    agency, case = dossier.receiving_agency, dossier.case
    amount = f"{case.processing_amount.normalize():f}".replace(".", ",")
    context = ReceiptContext(
        issuer=issuer_for(agency),
        issued_on=timezone.localtime(dossier.received_at).date(),
        dossier_code=dossier.code,
        status_url=status_url(dossier),
        applicant=Party(
            name=dossier.applicant_name,
            id_number=dossier.applicant_identity,
            address=dossier.applicant_address,
            phone=dossier.applicant_phone,
            email=dossier.applicant_email,
        ),
        procedure_name=dossier.procedure_version.name,
        components=_components(dossier),
        processing_time=f"{amount} {_unit_vi(case.processing_unit)}",
        received_at=dossier.received_at,
        appointment_at=dossier.due_at,
        return_place=agency.address or agency.name,
        return_method="Nhận trực tiếp",
        officer_name=officer_name,
        fee=_fee(dossier),
    )
    return render_form(FormKind.RECEIPT, rule_set_by_code(dossier.rule_set), context)
