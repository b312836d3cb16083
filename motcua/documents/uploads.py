# SPDX-License-Identifier: MPL-2.0
"""Check an uploaded file by its content, not its name (STACK.md: python-magic + libmagic).

A file is accepted when it is not empty, not larger than the limit, its sniffed type is one
of the accepted kinds, and its extension names that same kind. Every refusal says in
Vietnamese what to fix. Nothing is stored here; callers store the checked file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Final

import magic
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

#: Kinds of file the system accepts, by sniffed MIME type → the extensions that name it.
KINDS: Final[dict[str, tuple[str, ...]]] = {
    "application/pdf": ("pdf",),
    "image/jpeg": ("jpg", "jpeg"),
    "image/png": ("png",),
    "image/heic": ("heic",),
    "image/webp": ("webp",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx",),
}
_SNIFF_BYTES: Final = 8192


class UploadRejected(ValueError):
    """The file cannot be accepted; the message (Vietnamese) says why and what to do."""


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    size: int
    sha256: str


def accepted_extensions(accepted: str) -> tuple[str, ...]:
    """ "pdf, JPG,jpeg" → ("pdf", "jpg", "jpeg")."""
    return tuple(e.strip().lower().lstrip(".") for e in accepted.split(",") if e.strip())


def check_upload(
    stream: IO[bytes], *, name: str, accepted: str = "pdf,jpg,jpeg,png", max_bytes: int = 0
) -> CheckedFile:
    """Sniff, size and hash `stream` (rewound afterwards); raise `UploadRejected` if unfit."""
    limit = max_bytes or settings.UPLOAD_MAX_BYTES
    stream.seek(0)
    head = stream.read(_SNIFF_BYTES)
    digest, size = hashlib.sha256(head), len(head)
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
        size += len(chunk)
    stream.seek(0)
    if size == 0:
        raise UploadRejected(
            _("Tệp “%(name)s” rỗng (0 byte). Vui lòng chọn lại tệp.") % {"name": name}
        )
    if size > limit:
        raise UploadRejected(
            _(
                "Tệp “%(name)s” dung lượng %(size)s, vượt mức tối đa %(limit)s. "
                "Vui lòng nén hoặc chia nhỏ tệp."
            )
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    sniffed = magic.from_buffer(head, mime=True)
    allowed = accepted_extensions(accepted)
    kind_exts = KINDS.get(sniffed, ())
    if not set(kind_exts) & set(allowed):
        raise UploadRejected(
            _(
                "Tệp “%(name)s” không phải định dạng được chấp nhận (%(allowed)s). "
                "Vui lòng nộp tệp đúng định dạng."
            )
            % {"name": name, "allowed": ", ".join(allowed).upper()}
        )
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in kind_exts:
        raise UploadRejected(
            _(
                "Tệp “%(name)s” có phần mở rộng không khớp với nội dung (nội dung là tệp "
                "%(kind)s). Vui lòng đổi tên tệp cho đúng rồi nộp lại."
            )
            % {"name": name, "kind": kind_exts[0].upper()}
        )
    return CheckedFile(
        name=PurePath(name).name[-200:], content_type=sniffed, size=size, sha256=digest.hexdigest()
    )
