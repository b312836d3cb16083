"""Browser tests: Playwright drives Debian's Chromium against a live server."""

from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"


@pytest.fixture
def axe_check():
    """Run axe-core (WCAG 2.0/2.1 A and AA) on the page; return the violations."""

    def check(page):
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        )
        return [
            {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in result["violations"]
        ]

    return check
