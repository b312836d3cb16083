# SPDX-License-Identifier: MPL-2.0
"""Demo dossiers: a handful at every stage, made through the real services.

So that the desk's inboxes and the portal's "my dossiers" are not empty on a fresh demo.
Procedure 2.000635 (bản sao trích lục hộ tịch, Sở Tư pháp) is received at the provincial
center's Sở Tư pháp counter by the demo logins. Made once: skipped if dossiers exist.
"""

from __future__ import annotations

import io

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.catalog.models import ProcedureVersion, Requirement
from motcua.documents.samples import MINIMAL_PDF
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import (
    Applicant,
    ComponentInput,
    RequestItem,
    ResultDocument,
    Upload,
    dossier_assign,
    dossier_forward,
    dossier_issue_result,
    dossier_receive_at_counter,
    dossier_request_supplement,
    dossier_return_result,
    dossier_submit_online,
)
from motcua.org.models import Agency

PROCEDURE = "2.000635"


def _pdf(name: str) -> Upload:
    return Upload(stream=io.BytesIO(MINIMAL_PDF), name=name)


def _components(version: ProcedureVersion) -> list[ComponentInput]:
    required = version.components.filter(requirement=Requirement.REQUIRED, case__isnull=True)
    return [
        ComponentInput(c.pk, originals=1, files=(_pdf(f"giay-to-{c.pk}.pdf"),)) for c in required
    ]


@transaction.atomic
def load_dossiers() -> int:
    """Create the demo dossiers (once); the number created."""
    if Dossier.objects.exists():
        return 0
    version = ProcedureVersion.objects.filter(procedure__code=PROCEDURE, status="published").first()
    if version is None:
        return 0
    stp = Agency.objects.get(code="so-tu-phap")
    staff = {u.username: u for u in User.objects.filter(username__endswith=".stp")}
    counter, specialist = staff["tiepnhan.stp"], staff["chuyenvien.stp"]
    leader, head = staff["lanhdao.stp"], staff["truongphong.stp"]
    citizen_a = User.objects.get(username="0912345678")
    case = version.cases.order_by("order", "id").first()
    assert case is not None
    people = [
        Applicant(
            "Nguyễn Văn An",
            "034090001234",
            "0912345678",
            "an.nguyen@example.vn",
            "Phường Phố Hiến, tỉnh Hưng Yên",
        ),
        Applicant("Lê Thị Hoa", "034190005678", "0904123456", "", "Xã Tân Hưng, tỉnh Hưng Yên"),
        Applicant(
            "Phạm Minh Quân", "034095002468", "0977555666", "", "Phường Sơn Nam, tỉnh Hưng Yên"
        ),
        Applicant(
            "Đỗ Thu Trang", "034196001357", "0988777111", "", "Xã Hoàng Hoa Thám, tỉnh Hưng Yên"
        ),
        Applicant(
            "Vũ Đức Thắng", "034089009753", "0913222333", "", "Phường Hưng Yên, tỉnh Hưng Yên"
        ),
    ]

    def walk_in(person: Applicant) -> Dossier:
        return dossier_receive_at_counter(
            actor=counter, procedure_code=PROCEDURE, case_id=case.pk, receiving_agency=stp,
            applicant=person, components=_components(version), fees_paid=True,
        )  # fmt: skip

    dossier_submit_online(  # waits at the counter: status 1
        actor=citizen_a, procedure_code=PROCEDURE, case_id=case.pk, receiving_agency=stp,
        applicant=people[0], components=_components(version),
    )  # fmt: skip
    walk_in(people[1])  # received, at the counter
    processing = walk_in(people[2])
    dossier_forward(actor=counter, dossier_id=processing.pk, to_user=leader)
    dossier_assign(actor=leader, dossier_id=processing.pk, to_user=specialist)
    waiting = walk_in(people[3])
    dossier_forward(actor=counter, dossier_id=waiting.pk, to_user=head)
    dossier_assign(actor=head, dossier_id=waiting.pk, to_user=specialist)
    optional = version.components.exclude(requirement=Requirement.REQUIRED).first()
    if optional is not None:
        dossier_request_supplement(
            actor=specialist, dossier_id=waiting.pk, reason="Cần bổ sung giấy tờ chứng minh",
            items=[RequestItem(optional.pk, "Bổ sung bản chụp giấy tờ theo danh mục")],
        )  # fmt: skip
    done = walk_in(people[4])
    dossier_forward(actor=counter, dossier_id=done.pk, to_user=leader)
    result = ResultDocument(
        kind="Bản sao trích lục hộ tịch", number="125/BS-STP", signer="Phạm Quốc Việt",
        issued_on=timezone.localdate(), file=_pdf("ket-qua.pdf"),
    )  # fmt: skip
    dossier_issue_result(actor=leader, dossier_id=done.pk, result=result)
    returned = walk_in(Applicant("Trần Văn Bình", "034088004444", "0987654321"))
    dossier_forward(actor=counter, dossier_id=returned.pk, to_user=leader)
    dossier_issue_result(actor=leader, dossier_id=returned.pk, result=result)
    dossier_return_result(
        actor=counter, dossier_id=returned.pk, via="counter", recipient_name="Trần Văn Bình",
        recipient_identity="034088004444",
    )  # fmt: skip
    return Dossier.objects.count()
