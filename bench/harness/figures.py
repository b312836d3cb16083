# SPDX-License-Identifier: MPL-2.0
"""Figures: each a scenario measured next to its reference, A B A B A B, and the gates.

The figure of a scenario is the median of the per-pair ratios scenario / reference, so a
machine that slows down or speeds up during the run moves both halves of a pair alike.
"""

from __future__ import annotations

import json
import operator
import statistics
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

_OPS = {">=": operator.ge, "<=": operator.le}


@dataclass
class Check:
    """A sanity floor, a latency ceiling or a correctness check of a figure."""

    name: str
    value: float | int | str
    target: str  # e.g. ">= 100", "<= 250", "== 0"
    passed: bool

    @classmethod
    def compare(cls, name: str, value: float | None, op: str, limit: float) -> Check:
        if value is None:  # nothing was measured: the check fails
            return cls(name, "none", f"{op} {limit:g}", False)
        return cls(name, round(value, 3), f"{op} {limit:g}", _OPS[op](value, limit))

    @classmethod
    def zero(cls, name: str, value: int) -> Check:
        return cls(name, value, "== 0", value == 0)


@dataclass
class Figure:
    id: str
    scenario: str
    reference: str
    unit: str
    op: str  # ">=" or "<=": how the ratio must compare with `target`
    target: float
    pairs: list[tuple[float, float]] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)
    error: str = ""

    @property
    def ratios(self) -> list[float]:
        return [a / b for a, b in self.pairs if b]

    @property
    def ratio(self) -> float | None:
        return statistics.median(self.ratios) if self.ratios else None

    @property
    def value(self) -> float | None:
        return statistics.median(a for a, _ in self.pairs) if self.pairs else None

    @property
    def reference_value(self) -> float | None:
        return statistics.median(b for _, b in self.pairs) if self.pairs else None

    @property
    def passed(self) -> bool:
        ratio = self.ratio
        return (
            not self.error
            and ratio is not None
            and _OPS[self.op](ratio, self.target)
            and all(check.passed for check in self.checks)
        )

    def measure(
        self,
        scenario: Callable[[], float],
        reference: Callable[[], float],
        *,
        repetitions: int = 3,
        log: Callable[[str], None] = print,
    ) -> None:
        """A B A B A B: each pair measured back to back."""
        for repetition in range(1, repetitions + 1):
            a = scenario()
            b = reference()
            self.pairs.append((a, b))
            log(
                f"  {self.id} #{repetition}: {self.scenario} {a:,.2f} {self.unit}, "
                f"{self.reference} {b:,.2f} {self.unit}, ratio {a / b if b else float('nan'):.3f}"
            )

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "figure": self.id,
                "scenario": self.scenario,
                "reference": self.reference,
                "repetition": i,
                "value": a,
                "reference_value": b,
                "unit": self.unit,
                "ratio": a / b if b else None,
            }
            for i, (a, b) in enumerate(self.pairs, start=1)
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "scenario": self.scenario,
            "reference": self.reference,
            "unit": self.unit,
            "value": self.value,
            "reference_value": self.reference_value,
            "ratio": self.ratio,
            "target": f"{self.op} {self.target:g}",
            "pass": self.passed,
            "repetitions": self.rows(),
            "checks": [asdict(check) for check in self.checks],
            "notes": self.notes,
            "error": self.error,
        }


def _num(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "–"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}"


def markdown(figures: list[Figure], *, noisy: bool) -> str:
    lines = [
        "| id | scenario | value | reference | ratio (median of pairs) | target | checks | pass |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for fig in figures:
        checks = "; ".join(
            f"{c.name} {c.value} ({c.target}){'' if c.passed else ' ✗'}" for c in fig.checks
        )
        if fig.error:
            checks = f"error: {fig.error}"
        lines.append(
            f"| {fig.id} | {fig.scenario} | {_num(fig.value)} {fig.unit} | {fig.reference} "
            f"{_num(fig.reference_value)} {fig.unit} | {_num(fig.ratio, 3)} | "
            f"{fig.op} {fig.target:g} | {checks} | {'yes' if fig.passed else 'NO'} |"
        )
    if noisy:
        lines.append("")
        lines.append(
            "**Noisy run**: the calibration blocks before and after differ by more than 15 %."
        )
    return "\n".join(lines) + "\n"


def write(
    directory: Path,
    stamp: str,
    *,
    environment: dict[str, Any],
    calibration: dict[str, Any],
    figures: list[Figure],
) -> tuple[Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    data = {
        "environment": environment,
        "calibration": calibration,
        "noisy": calibration.get("noisy", False),
        "figures": [fig.as_dict() for fig in figures],
    }
    json_path = directory / f"{stamp}.json"
    json_path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
    md_path = directory / f"{stamp}.md"
    md_path.write_text(
        f"# Benchmark run {stamp}\n\n{describe(environment)}\n\n"
        + markdown(figures, noisy=bool(calibration.get("noisy")))
    )
    return json_path, md_path


def describe(environment: dict[str, Any]) -> str:
    e = environment
    return (
        f"Machine: {e.get('cpu')} ({e.get('cpus')} CPUs, {e.get('memory_gb')} GB); "
        f"PostgreSQL {e.get('postgresql')}; Python {e.get('python')}; Django {e.get('django')}; "
        f"commit {e.get('commit')}; data sets {e.get('datasets')} (seed {e.get('seed')})."
    )


def latest(directory: Path) -> str:
    """The newest result of every figure among the runs in `directory` (a run of some
    figures only, `--only`, replaces just their lines), as a Markdown table naming each
    figure's run."""
    newest: dict[str, tuple[str, dict[str, Any], bool]] = {}
    for path in sorted(directory.glob("2*.json")):
        data = json.loads(path.read_text())
        for fig in data["figures"]:
            if not fig.get("error") or fig["id"] not in newest:
                newest[fig["id"]] = (path.stem, fig, bool(data.get("noisy")))
    lines = [
        "| id | scenario | value | reference | ratio | target | pass | run |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for fid, (stamp, fig, noisy) in newest.items():
        failed = [c["name"] for c in fig["checks"] if not c["passed"]]
        verdict = "yes" if fig["pass"] else "NO" + (f" ({'; '.join(failed)})" if failed else "")
        if fig.get("error"):
            verdict = f"error: {fig['error'][:80]}"
        reference, ratio = "—", "—"  # a correctness figure (G10) has no reference
        if fig["reference"]:
            reference = f"{fig['reference']} {_num(fig['reference_value'])}"
            ratio = _num(fig["ratio"], 3)
        lines.append(
            f"| {fid} | {fig['scenario']} | {_num(fig['value'])} {fig['unit']} | {reference} | "
            f"{ratio} | {fig['target'] if fig['reference'] else 'checks'} | {verdict} | "
            f"{stamp}{' (noisy)' if noisy else ''} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import sys

    print(latest(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("bench/results")), end="")
