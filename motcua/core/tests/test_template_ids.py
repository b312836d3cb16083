"""Numbers in HTML attributes are never localised: with USE_THOUSAND_SEPARATOR, `{{ x.pk }}`
prints "5.399" for 5399 in Vietnamese, which broke element ids once rows passed 999."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
RAW_PK_IN_ATTRIBUTE = re.compile(r'=\s*"[^"]*\{\{\s*[\w.]+\.(pk|id)\s*\}\}')


def test_no_template_prints_a_raw_pk_inside_an_attribute():
    offenders = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in TEMPLATES.rglob("*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if RAW_PK_IN_ATTRIBUTE.search(line)
    ]
    assert offenders == [], "use {{ x.pk|unlocalize }} (load l10n): " + ", ".join(offenders)


def test_the_check_catches_the_pattern():
    assert RAW_PK_IN_ATTRIBUTE.search('<div id="tp-{{ row.component.pk }}">')
    assert not RAW_PK_IN_ATTRIBUTE.search('<div id="tp-{{ row.component.pk|unlocalize }}">')
