"""Every user-facing string is translated to English, and the compiled catalogues are fresh."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[3] / "locale"


def _entries(po: Path) -> list[tuple[str, list[str], str]]:
    text = po.read_text(encoding="utf-8")
    entries = []
    for block in text.split("\n\n")[1:]:
        msgid = "".join(re.findall(r'^msgid ((?:".*"\n?)+)', block, re.M))
        msgstrs = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)
        if msgid:
            flags = "".join(line for line in block.splitlines() if line.startswith("#,"))
            entries.append((msgid, ["".join(re.findall(r'"(.*)"', s)) for s in msgstrs], flags))
    return entries


def test_every_english_string_is_translated_and_not_fuzzy():
    entries = _entries(LOCALE / "en" / "LC_MESSAGES" / "django.po")
    assert len(entries) > 100
    untranslated = [msgid for msgid, strs, _ in entries if not all(strs)]
    fuzzy = [msgid for msgid, _, flags in entries if "fuzzy" in flags]
    assert untranslated == [] and fuzzy == []


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_compiled_catalogue_matches_its_source(language, tmp_path):
    if shutil.which("msgfmt") is None:
        if os.environ.get("CI"):
            pytest.fail("msgfmt is missing: apt-get install gettext")
        pytest.skip("msgfmt (gettext) is not installed")
    source = LOCALE / language / "LC_MESSAGES" / "django.po"
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(source)], check=True)
    assert compiled.read_bytes() == (source.with_suffix(".mo")).read_bytes(), (
        "Run `make messages` and commit the .mo files"
    )


def test_english_catalogue_is_active():
    with translation.override("en"):
        assert translation.gettext("Dịch vụ công trực tuyến") == "Online public services"
    with translation.override("vi"):
        assert translation.gettext("Dịch vụ công trực tuyến") == "Dịch vụ công trực tuyến"
