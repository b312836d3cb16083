# SPDX-License-Identifier: MPL-2.0
"""The official papers of a dossier, built from its stored data (documents app renders them).

One function per form (SPEC §3). Each reads what the services stored — the dossier, its
pauses, its timeline events, its control-sheet rows — and never the clock, except the
register's print date. The rule set is the dossier's own (SPEC §0.2), so a dossier
received under TT 01/2018 keeps its 2018 numbering; the register, which spans many
dossiers, takes the rule set in force on the last day of its period.

Form bodies are official Vietnamese text: catalogue labels are read in Vietnamese whatever
the officer's language.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation

from motcua.catalog.models import Component, DurationUnitChoice, Field, Requirement
from motcua.core.templatetags.motcua import vnd
from motcua.documents.contexts import (
    ApologyContext,
    ComponentLine,
    ControlSheetContext,
    Handover,
    HandoverResult,
    Issuer,
    Party,
    ReceiptContext,
    RefusalContext,
    RegisterContext,
    RegisterRow,
    StopNoticeContext,
    SupplementContext,
    SupplementItem,
)
from motcua.documents.formatting import day
from motcua.documents.forms_pdf import FormNotInRuleSet, render_form
from motcua.domain.workflow import Action, FormKind, Status, rule_set_by_code, rule_set_for
from motcua.dossiers.models import (
    Dossier,
    DossierEvent,
    HandoverKind,
    PauseKind,
    ResultDelivery,
    Timeliness,
)
from motcua.dossiers.services import Applicant, Guidance
from motcua.org.models import AdministrativeUnit, Agency, Role, StaffPosition, UnitLevel

_HANDOVER_RESULT: dict[str, HandoverResult] = {
    Timeliness.EARLY.value: HandoverResult.EARLY,
    Timeliness.ON_TIME.value: HandoverResult.ON_TIME,
    Timeliness.LATE.value: HandoverResult.LATE,
}


def _vi(choice: Any) -> str:
    """A model choice's label in Vietnamese: official forms are Vietnamese."""
    with translation.override("vi"):
        return str(choice.label)


def _unit_vi(unit: str) -> str:
    """The catalogue's unit label, always in Vietnamese: official forms are Vietnamese."""
    return _vi(DurationUnitChoice(unit))


def _delivery_vi(value: str) -> str:
    """How the result is (or was) handed back, in Vietnamese; "" if unknown."""
    return _vi(ResultDelivery(value)) if value in ResultDelivery.values else ""


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


def _party(
    *, name: str, identity: str, tax_code: str, address: str, phone: str, email: str
) -> Party:
    """A Party; the id line is the personal number, else the organisation's tax code."""
    return Party(
        name=name, id_number=identity or tax_code, address=address, phone=phone, email=email
    )


def applicant_of(dossier: Dossier) -> Party:
    """The dossier's applicant as the forms name them."""
    return _party(
        name=dossier.applicant_name,
        identity=dossier.applicant_identity,
        tax_code=dossier.applicant_tax_code,
        address=dossier.applicant_address,
        phone=dossier.applicant_phone,
        email=dossier.applicant_email,
    )


def _party_of(applicant: Applicant) -> Party:
    """A walk-in's applicant (no dossier record), trimmed as the services store it."""
    return _party(
        name=applicant.name.strip(),
        identity=applicant.identity_number.strip(),
        tax_code=applicant.tax_code.strip(),
        address=applicant.address.strip(),
        phone=applicant.phone.strip(),
        email=applicant.email.strip(),
    )


def _local_day(value: datetime) -> date:
    return timezone.localtime(value).date()


def _last_event(dossier: Dossier, *actions: Action, form: str, needs: str) -> DossierEvent:
    """The dossier's latest timeline event of `actions`, or a ValueError naming the form."""
    event = (
        dossier.events.filter(action__in=[a.value for a in actions]).order_by("-at", "-id").first()
    )
    if event is None:
        raise ValueError(f"form {form} needs {needs}; dossier {dossier.code} has none")
    return event


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


def _reception_place(dossier: Dossier) -> str:
    """Where the applicant comes back for the result: the service center whose counter
    received the dossier, else the receiving agency (its address when known)."""
    event = dossier.events.filter(action="receive").select_related("actor").first()
    position = (
        StaffPosition.objects.filter(
            user=event.actor, role=Role.COUNTER_OFFICER, counter__isnull=False
        )
        .select_related("counter__service_center")
        .first()
        if event is not None and event.actor is not None
        else None
    )
    place = position.counter.service_center if position and position.counter else None
    place = place or dossier.receiving_agency
    return place.address or place.name


def receipt_pdf(*, dossier: Dossier, officer_name: str) -> bytes:
    """Form 01 of a received dossier, numbered as its rule set prescribes."""
    if dossier.received_at is None or dossier.due_at is None:
        raise ValueError("form 01 needs a received dossier")
    agency, case = dossier.receiving_agency, dossier.case
    amount = f"{case.processing_amount.normalize():f}".replace(".", ",")
    context = ReceiptContext(
        issuer=issuer_for(agency),
        issued_on=_local_day(dossier.received_at),
        dossier_code=dossier.code,
        status_url=status_url(dossier),
        applicant=applicant_of(dossier),
        procedure_name=dossier.procedure_version.name,
        components=_components(dossier),
        processing_time=f"{amount} {_unit_vi(case.processing_unit)}",
        received_at=dossier.received_at,
        appointment_at=dossier.due_at,
        return_place=_reception_place(dossier),
        return_method=_delivery_vi(dossier.result_delivery) or "Nhận trực tiếp",
        officer_name=officer_name,
        fee=_fee(dossier),
        lookup_secret=dossier.lookup_secret,
    )
    return render_form(FormKind.RECEIPT, rule_set_by_code(dossier.rule_set), context)


# --- form 02: supplement request (a dossier) and guidance (a walk-in, no record) -----------


def _supplement_items(rows: list[dict[str, Any]]) -> tuple[SupplementItem, ...]:
    """The stored request rows ({component, name, requirement}) with the counts the
    published component asks for (originals, copies), as on form 01."""
    published = Component.objects.in_bulk([int(r["component"]) for r in rows])
    items = []
    for row in rows:
        component = published.get(int(row["component"]))
        items.append(
            SupplementItem(
                component=str(row.get("name") or (component.name if component else "")),
                requirement=str(row.get("requirement") or ""),
                originals=component.originals if component else 0,
                photocopies=component.copies if component else 0,
            )
        )
    return tuple(items)


def _lookup_website() -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/")


def supplement_request_pdf(*, dossier: Dossier, officer_name: str) -> bytes:
    """Form 02 from the dossier's latest supplement request (SPEC §3.2).

    Covers both the completeness check of a submitted dossier (status 1 → 5, not yet
    received: the "received" moment printed is the submission) and a request during
    processing (2/4 → 5). The receiving agency issues it: the one-stop section is where
    the applicant deals with the administration.
    """
    pause = dossier.pauses.filter(kind=PauseKind.SUPPLEMENT).order_by("-started_at", "-id").first()
    if pause is None:
        raise ValueError(f"form 02 needs a supplement request; dossier {dossier.code} has none")
    agency = dossier.receiving_agency
    context = SupplementContext(
        issuer=issuer_for(agency),
        issued_on=_local_day(pause.started_at),
        dossier_code=dossier.code,
        status_url=status_url(dossier),
        applicant=applicant_of(dossier),
        procedure_name=dossier.procedure_version.name,
        received_at=dossier.received_at or dossier.submitted_at,
        items=_supplement_items(pause.items),
        reason=pause.reason,
        officer_name=officer_name,
        contact_phone=agency.phone,
        lookup_website=_lookup_website(),
    )
    return render_form(FormKind.SUPPLEMENT_REQUEST, rule_set_by_code(dossier.rule_set), context)


def guidance_pdf(*, guidance: Guidance, officer_name: str) -> bytes:
    """Form 02 for a walk-in guided at the counter (`services.guidance_issue`).

    No dossier exists, so the form has no dossier code and no QR code; the rule set is the
    one in force on the day of the guidance.
    """
    at: datetime = guidance.at  # type: ignore[assignment]
    agency = guidance.agency
    context = SupplementContext(
        issuer=issuer_for(agency),
        issued_on=_local_day(at),
        dossier_code="",
        status_url="",
        applicant=_party_of(guidance.applicant),
        procedure_name=guidance.version.name,
        received_at=at,
        items=_supplement_items(guidance.items),
        reason=guidance.reason,
        officer_name=officer_name,
        contact_phone=agency.phone,
        lookup_website=_lookup_website(),
    )
    return render_form(FormKind.SUPPLEMENT_REQUEST, rule_set_for(_local_day(at)), context)


# --- form 03: refusal ---------------------------------------------------------------------


def refusal_pdf(*, dossier: Dossier, officer_name: str) -> bytes:
    """Form 03 of a refused dossier, with the reasons of its refuse event (SPEC §3.3)."""
    event = _last_event(dossier, Action.REFUSE, form="03", needs="a refusal")
    reasons = tuple(str(r) for r in event.data.get("reasons", ()) if str(r).strip())
    context = RefusalContext(
        issuer=issuer_for(dossier.receiving_agency),
        issued_on=_local_day(event.at),
        dossier_code=dossier.code,
        status_url=status_url(dossier),
        applicant=applicant_of(dossier),
        procedure_name=dossier.procedure_version.name,
        reasons=reasons or tuple(line for line in event.note.splitlines() if line.strip()),
        officer_name=officer_name,
    )
    return render_form(FormKind.REFUSAL, rule_set_by_code(dossier.rule_set), context)


# --- form 04: apology and new appointment -------------------------------------------------


def _addressee(dossier: Dossier) -> str:
    """ "Ông/Bà Nguyễn Văn An" for a citizen; an organisation by its name."""
    if dossier.applicant_kind == "citizen":
        return f"Ông/Bà {dossier.applicant_name}"
    return dossier.applicant_name


def apology_pdf(*, dossier: Dossier, signer_name: str, signer_title: str) -> bytes:
    """Form 04 of a re-appointed dossier (SPEC §3.4): the receiving agency apologises for
    the lead agency's delay; the old appointment is the one the apology replaced, the new
    one `reappointed_at`, the reason the apology's note."""
    event = _last_event(
        dossier, Action.APOLOGISE_AND_REAPPOINT, form="04", needs="an apology and re-appointment"
    )
    if dossier.received_at is None or dossier.reappointed_at is None:
        raise ValueError(f"form 04 needs a received, re-appointed dossier ({dossier.code})")
    old_due = datetime.fromisoformat(event.data["old_due"])
    processing = dossier.lead_agency or dossier.receiving_agency
    context = ApologyContext(
        issuer=issuer_for(dossier.receiving_agency),
        issued_on=_local_day(event.at),
        dossier_code=dossier.code,
        status_url=status_url(dossier),
        addressee=_addressee(dossier),
        applicant=applicant_of(dossier),
        procedure_name=dossier.procedure_version.name,
        processing_agency=processing.name,
        received_at=dossier.received_at,
        appointment_at=old_due,
        reason=event.note,
        new_appointment_at=dossier.reappointed_at,
        signer_title=signer_title,
        signer_name=signer_name,
    )
    return render_form(FormKind.APOLOGY, rule_set_by_code(dossier.rule_set), context)


# --- form 05 (2025): stop notice ----------------------------------------------------------


def stop_notice_pdf(*, dossier: Dossier, signer_name: str, signer_title: str) -> bytes:
    """Form 05 of TT 03/2025, Thông báo dừng giải quyết hồ sơ, of a stopped dossier.

    The reason is the note of the stop (or of the expired supplement deadline).

    Raises `FormNotInRuleSet` for a dossier of the 2018 rule set: TT 01/2018 has no stop
    notice form, the agency writes an ordinary letter instead (SPEC §2.3 step 13). The
    check comes first, so the error is the same whatever state the dossier is in.
    """
    rule_set = rule_set_by_code(dossier.rule_set)
    if rule_set.form_for(FormKind.STOP_NOTICE) is None:
        raise FormNotInRuleSet(
            f"Hồ sơ {dossier.code} áp dụng {rule_set.name}: không có mẫu Thông báo dừng giải "
            "quyết hồ sơ; hãy thông báo bằng văn bản thông thường."
        )
    event = _last_event(
        dossier,
        Action.STOP,
        Action.SUPPLEMENT_DEADLINE_EXPIRED,
        form="05 (2025)",
        needs="a stop",
    )
    if event.to_status != Status.STOPPED or dossier.received_at is None:
        raise ValueError(f"form 05 (2025) needs a received, stopped dossier ({dossier.code})")
    context = StopNoticeContext(
        issuer=issuer_for(dossier.receiving_agency),
        issued_on=_local_day(event.at),
        dossier_code=dossier.code,
        status_url=status_url(dossier),
        applicant=applicant_of(dossier),
        procedure_name=dossier.procedure_version.name,
        received_at=dossier.received_at,
        reason=event.note,
        signer_title=signer_title,
        signer_name=signer_name,
    )
    return render_form(FormKind.STOP_NOTICE, rule_set, context)


# --- form 05 (2018) / 06 (2025): control sheet ---------------------------------------------


def control_sheet_pdf(*, dossier: Dossier) -> bytes:
    """Phiếu kiểm soát quá trình giải quyết hồ sơ from the dossier's hand-over rows.

    One row per hand-over: the unit is the receiving agency, the giver and receiver their
    full names (blank when the dossier went to an agency's queue, to be signed on paper),
    the result how the giver did against its budget. The coordinating agencies are those
    the dossier was sent to (liên thông); the appointment is the current one.
    """
    if dossier.received_at is None or dossier.due_at is None:
        raise ValueError(f"the control sheet needs a received dossier ({dossier.code})")
    rows = list(
        dossier.handovers.select_related("giver", "receiver", "receiver_agency").order_by("seq")
    )
    coordinating = dict.fromkeys(
        h.receiver_agency.name for h in rows if h.kind == HandoverKind.SEND_INTERAGENCY
    )
    handling = dossier.lead_agency or dossier.receiving_agency
    context = ControlSheetContext(
        issuer=issuer_for(dossier.receiving_agency),
        issued_on=_local_day(rows[0].at if rows else dossier.received_at),
        dossier_code=dossier.code,
        status_url=status_url(dossier),
        applicant=applicant_of(dossier),
        procedure_name=dossier.procedure_version.name,
        handling_agency=handling.name,
        coordinating_agency="; ".join(coordinating),
        received_at=dossier.received_at,
        appointment_at=dossier.due_at,
        handovers=tuple(
            Handover(
                unit=h.receiver_agency.name,
                giver=h.giver.full_name if h.giver else "",
                receiver=h.receiver.full_name if h.receiver else "",
                at=h.at,
                result=_HANDOVER_RESULT.get(h.result),  # blank: nobody held it against a budget
                note=h.note,
            )
            for h in rows
        ),
    )
    return render_form(FormKind.CONTROL_SHEET, rule_set_by_code(dossier.rule_set), context)


# --- form 06 (2018) / 07 (2025): register -------------------------------------------------


def _local_midnight(value: date) -> datetime:
    return timezone.make_aware(datetime.combine(value, time.min))


def register_pdf(*, agency: Agency, field: Field, start: date, end: date) -> bytes:
    """Sổ theo dõi hồ sơ of `agency` for one catalogue field (SPEC §3.6): every dossier it
    received (as receiving agency) from `start` to `end`, local dates inclusive, in order
    of receipt. Numbered by the rule set in force on `end`; dated the day it is printed.
    """
    if end < start:
        raise ValueError("the register's period ends before it starts")
    dossiers = (
        Dossier.objects.filter(
            receiving_agency=agency,
            procedure_version__field=field,
            received_at__gte=_local_midnight(start),
            received_at__lt=_local_midnight(end + timedelta(days=1)),
        )
        .select_related("procedure_version", "lead_agency", "receiving_agency")
        .order_by("received_at", "id")
    )
    rows = tuple(
        RegisterRow(
            dossier_code=d.code,
            procedure_name=d.procedure_version.name,
            applicant_name=d.applicant_name,
            address_phone="; ".join(v for v in (d.applicant_address, d.applicant_phone) if v),
            lead_agency=(d.lead_agency or d.receiving_agency).name,
            received_at=d.received_at,  # type: ignore[arg-type]
            appointment_at=d.due_at,  # type: ignore[arg-type]
            returned_at=d.returned_at,
            return_method=_delivery_vi(d.returned_via) if d.returned_at else "",
        )
        for d in dossiers
    )
    context = RegisterContext(
        issuer=issuer_for(agency),
        issued_on=timezone.localdate(),
        field_name=field.name,
        period=f"Từ ngày {day(start)} đến ngày {day(end)}",
        rows=rows,
    )
    return render_form(FormKind.REGISTER, rule_set_for(end), context)
