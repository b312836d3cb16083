# SPDX-License-Identifier: MPL-2.0
"""Components, files and fee lines of a dossier, always checked against the published list.

Directive 01/CT-UBND and SPEC §2.3 step 2: an officer may only ask for, and record, the
components the pinned procedure version publishes for the dossier's case. Files are
checked by content (`documents.uploads`) before anything is stored; if the transaction
fails, the files stored so far are removed again, so no orphan file is left behind.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO

from django.core.files import File
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.catalog.models import Collection, Component, Fee, ProcedureCase, ProcedureVersion
from motcua.documents.uploads import UploadRejected, check_upload
from motcua.dossiers.models import Dossier, DossierComponent, DossierFee, DossierFile
from motcua.dossiers.services._base import DossierError


@dataclass(frozen=True)
class Upload:
    """A file as it arrives: a binary stream and the name the user gave it."""

    stream: IO[bytes]
    name: str


@dataclass(frozen=True)
class ComponentInput:
    """One published component as handed in (counts, flags, files)."""

    component_id: int
    originals: int = 0
    certified_copies: int = 0
    photocopies: int = 0
    digitised: bool = False
    reused: bool = False
    from_store: bool = False
    files: Sequence[Upload] = field(default_factory=tuple)


@dataclass(frozen=True)
class RequestItem:
    """One thing to add or correct, naming a published component (form 02, SPEC §3.2)."""

    component_id: int
    requirement: str


def published_components(version: ProcedureVersion, case: ProcedureCase) -> QuerySet[Component]:
    """The components the version publishes for `case` (general ones and the case's own)."""
    return version.components.filter(Q(case__isnull=True) | Q(case=case)).order_by("order", "id")


def _by_id(
    version: ProcedureVersion, case: ProcedureCase, ids: Iterable[int]
) -> dict[int, Component]:
    wanted = set(ids)
    found = {c.pk: c for c in published_components(version, case).filter(pk__in=wanted)}
    if wanted - set(found):
        raise DossierError(
            [_("Chỉ được yêu cầu, tiếp nhận các thành phần hồ sơ đã công bố của thủ tục.")]
        )
    return found


def check_items(dossier: Dossier, items: Sequence[RequestItem]) -> list[dict[str, object]]:
    """`items` as stored (component id, name, requirement); refuses unpublished components."""
    return checked_items(dossier.procedure_version, dossier.case, items)


def checked_items(
    version: ProcedureVersion, case: ProcedureCase, items: Sequence[RequestItem]
) -> list[dict[str, object]]:
    """`items` of a request for `case` as stored; each names a published component once,
    with what to add or correct."""
    if not items:
        raise DossierError([_("Vui lòng chọn ít nhất một thành phần hồ sơ cần bổ sung.")])
    if len({i.component_id for i in items}) != len(items):
        raise DossierError([_("Mỗi thành phần hồ sơ chỉ được khai một lần.")])
    components = _by_id(version, case, (i.component_id for i in items))
    rows = []
    for item in items:
        if not item.requirement.strip():
            raise DossierError(
                [_("Vui lòng ghi rõ nội dung cần bổ sung cho từng thành phần hồ sơ.")]
            )
        component = components[item.component_id]
        rows.append(
            {
                "component": component.pk,
                "name": component.name,
                "requirement": item.requirement.strip(),
            }
        )
    return rows


@contextmanager
def cleanup_on_error() -> Iterator[list[DossierFile]]:
    """Collect files stored inside the block; delete them from storage if the block fails."""
    stored: list[DossierFile] = []
    try:
        yield stored
    except BaseException:
        for row in stored:
            row.file.delete(save=False)
        raise


def store_file(
    dossier: Dossier,
    upload: Upload,
    *,
    actor: User | None,
    purpose: str,
    accepted: str,
    stored: list[DossierFile],
    component: DossierComponent | None = None,
) -> DossierFile:
    """Check `upload` by content and size, then store it for `dossier`."""
    try:
        checked = check_upload(upload.stream, name=upload.name, accepted=accepted)
    except UploadRejected as exc:
        raise DossierError([str(exc)]) from exc
    row = DossierFile(
        dossier=dossier,
        component=component,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
        uploaded_at=timezone.now(),
        purpose=purpose,
    )
    row.file.save(
        f"{dossier.pk}-{checked.sha256[:12]}{_suffix(checked.name)}",
        File(upload.stream),
        save=False,
    )
    stored.append(row)
    row.save()
    return row


def _suffix(name: str) -> str:
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def store_components(
    dossier: Dossier,
    inputs: Sequence[ComponentInput],
    *,
    actor: User | None,
    stored: list[DossierFile],
) -> None:
    """Record the components handed in, with their files (published components only)."""
    components = _by_id(dossier.procedure_version, dossier.case, (i.component_id for i in inputs))
    if len({i.component_id for i in inputs}) != len(inputs):
        raise DossierError([_("Mỗi thành phần hồ sơ chỉ được khai một lần.")])
    for item in inputs:
        component = components[item.component_id]
        if len(item.files) > component.max_files:
            raise DossierError(
                [
                    _("Thành phần “%(name)s” nhận tối đa %(n)d tệp.")
                    % {"name": component.name[:80], "n": component.max_files}
                ]
            )
        row = DossierComponent.objects.create(
            dossier=dossier,
            component=component,
            originals=item.originals,
            certified_copies=item.certified_copies,
            photocopies=item.photocopies,
            digitised=item.digitised or bool(item.files),
            reused=item.reused,
            from_store=item.from_store,
        )
        for upload in item.files:
            store_file(
                dossier,
                upload,
                actor=actor,
                purpose="component",
                accepted=component.accepted_types,
                stored=stored,
                component=row,
            )


def missing_required(dossier: Dossier) -> list[str]:
    """Names of required published components the dossier has not recorded."""
    have = set(dossier.components.values_list("component_id", flat=True))
    return [
        c.name
        for c in published_components(dossier.procedure_version, dossier.case).filter(
            requirement="required"
        )
        if c.pk not in have
    ]


def open_fee_lines(dossier: Dossier, *, paid: bool) -> None:
    """Copy the version's fees for the case onto the dossier; mark those collected now."""
    fees = dossier.procedure_version.fees.filter(Q(case__isnull=True) | Q(case=dossier.case))
    now = timezone.now()
    for fee in fees.order_by("order", "id"):
        DossierFee.objects.create(
            dossier=dossier,
            fee=fee,
            name=fee.name or fee.get_kind_display(),
            amount_vnd=fee.amount_vnd,
            collection=fee.collection,
            paid_at=now if paid and _collected_at_receipt(fee) else None,
        )


def _collected_at_receipt(fee: Fee) -> bool:
    return fee.collection == Collection.BEFORE and bool(fee.amount_vnd)
