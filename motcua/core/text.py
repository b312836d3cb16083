# SPDX-License-Identifier: MPL-2.0
"""Text helpers for Vietnamese: folding for diacritic-insensitive search."""

import unicodedata

_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ → d) and collapse spaces: "Sở Tư pháp" → "so tu phap"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA).lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())
