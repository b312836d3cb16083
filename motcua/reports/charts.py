# SPDX-License-Identifier: MPL-2.0
"""Server-side charts as inline SVG: no JavaScript, no library, nothing to download.

Each function takes plain lists of (label, value) and returns safe markup of one `<svg>`
element, well-formed XML, that:

- is an image to assistive technology (`role="img"`, `aria-label` with the title,
  `aria-describedby` its `<desc>`), whose `<desc>` also lists every value in words;
- prints the data labels and values as text, so nothing depends on colour or hovering;
- uses colours with at least 3:1 contrast on white for marks and 7:1 for text
  (WCAG 2.2, 1.4.3 and 1.4.11), and only presentation attributes, no `style` (the CSP
  forbids inline styles).

Pages put a visually hidden table with the same figures next to each chart. Numbers are
formatted for the active language (Vietnamese: 1.234 and 40,5%).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

Value = float | int | None
Formatter = Callable[[Value], str]

WIDTH = 720
TEXT = "#1f2937"  # 14.7:1 on white
MUTED = "#4b5563"  # 7.6:1 on white
GRID = "#d1d5db"  # decorative only
PRIMARY = "#1d4f91"  # 8.6:1 on white
SECONDARY = "#b45309"  # 5.0:1 on white; with PRIMARY separated by a white gap
FLAG = "#6b7280"  # 4.8:1 on white: bars of agencies with too few dossiers
FONT = "12"
LABEL_CHARS = 32  # longer category labels are shortened on the chart (full in <title>)


def count(value: Value) -> str:
    """A count: 1.234 ("—" for none)."""
    return "—" if value is None else number_format(int(value), force_grouping=True)


def percent(value: Value) -> str:
    """A fraction as a percentage with one decimal: 0.405 → 40,5% ("—" for none)."""
    if value is None:
        return "—"
    share = (Decimal(str(value)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{number_format(share, 1)}%"


# --- markup helpers ------------------------------------------------------------------------
def _n(x: float) -> str:
    return f"{x:.1f}"


def _el(tag: str, attrs: dict[str, object], content: object = None) -> SafeString:
    """One element; attribute values and text content are escaped."""
    attributes = format_html_join("", ' {}="{}"', ((k, str(v)) for k, v in attrs.items()))
    if content is None:
        return format_html("<{}{} />", tag, attributes)
    return format_html("<{}{}>{}</{}>", tag, attributes, content, tag)


def _join(parts: Iterable[SafeString | str]) -> SafeString:
    return format_html_join("", "{}", ((part,) for part in parts))


def _text(x: float, y: float, content: str, *, anchor: str = "middle", **attrs: object) -> str:
    base: dict[str, object] = {
        "x": _n(x),
        "y": _n(y),
        "text-anchor": anchor,
        "font-size": FONT,
        "fill": TEXT,
    }
    return _el("text", {**base, **attrs}, content)


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def _svg(
    chart_id: str, title: str, description: str, height: float, body: Iterable[str]
) -> SafeString:
    head = [
        _el("title", {"id": f"{chart_id}-title"}, title),
        _el("desc", {"id": f"{chart_id}-desc"}, description),
        _el("rect", {"x": 0, "y": 0, "width": WIDTH, "height": _n(height), "fill": "#ffffff"}),
    ]
    attrs = {
        "xmlns": "http://www.w3.org/2000/svg",
        "id": chart_id,
        "class": "mc-chart",
        "role": "img",
        "aria-label": title,
        "aria-describedby": f"{chart_id}-desc",
        "viewBox": f"0 0 {WIDTH} {_n(height)}",
        "width": "100%",
        "preserveAspectRatio": "xMinYMin meet",
        "font-family": "Noto Sans, sans-serif",
    }
    return _el("svg", attrs, _join([*head, *body]))


def _described(description: str, pairs: Iterable[tuple[str, str]]) -> str:
    listed = "; ".join(f"{label}: {value}" for label, value in pairs)
    if not listed:
        return f"{description} {_('Không có số liệu.')}".strip()
    return f"{description} {listed}.".strip()


def _ceiling(values: Iterable[Value], given: float | None) -> float:
    if given is not None:
        return given
    top = max((float(v) for v in values if v is not None), default=0.0)
    return top if top > 0 else 1.0


def _nice(top: float) -> float:
    """The smallest "round" axis maximum ≥ `top` with four equal whole steps (1, 2, 5 × 10ⁿ)."""
    step = 1.0
    while step * 4 < top:
        for factor in (2, 2.5, 2):  # 1 → 2 → 5 → 10 → 20 …
            step *= factor
            if step * 4 >= top:
                break
    return step * 4


# --- charts --------------------------------------------------------------------------------
def bar_chart(
    data: Sequence[tuple[str, Value]],
    *,
    chart_id: str,
    title: str,
    description: str = "",
    fmt: Formatter = count,
    max_value: float | None = None,
    flagged: Sequence[bool] = (),
) -> SafeString:
    """Horizontal bars, one per (label, value), labels on the left and values at the bar's
    end; `flagged` bars (e.g. too few dossiers) are drawn in grey and marked "*"."""
    row, top, left, right = 28, 8, 250, 80
    height = top * 2 + row * max(len(data), 1)
    scale = (WIDTH - left - right) / _ceiling((v for _l, v in data), max_value)
    body: list[str] = []
    for i, (label, value) in enumerate(data):
        y = top + i * row
        flag = i < len(flagged) and flagged[i]
        length = 0.0 if value is None else max(float(value) * scale, 0.0)
        shown = fmt(value) + (" *" if flag else "")
        parts = [
            _el("title", {}, f"{label}: {shown}"),
            _text(left - 8, y + 18, _short(label), anchor="end"),
            _el(
                "rect",
                {
                    "x": left,
                    "y": _n(y + 5),
                    "width": _n(length),
                    "height": 18,
                    "fill": FLAG if flag else PRIMARY,
                },
            ),
            _text(left + length + 6, y + 18, shown, anchor="start"),
        ]
        body.append(_el("g", {}, _join(parts)))
    pairs = [
        (label, fmt(value) + (" *" if i < len(flagged) and flagged[i] else ""))
        for i, (label, value) in enumerate(data)
    ]
    return _svg(chart_id, title, _described(description, pairs), height, body)


def _x_axis(labels: Sequence[str], left: float, step: float, baseline: float) -> list[str]:
    axis = [
        _el(
            "line",
            {
                "x1": _n(left),
                "x2": _n(left + step * len(labels)),
                "y1": _n(baseline),
                "y2": _n(baseline),
                "stroke": MUTED,
            },
        )
    ]
    for i, label in enumerate(labels):
        axis.append(_text(left + step * (i + 0.5), baseline + 18, label, fill=MUTED))
    return axis


def _y_grid(
    ceiling: float, fmt: Formatter, left: float, top: float, plot: float, fraction: bool
) -> list[str]:
    grid = []
    for k in range(5):
        share = k / 4
        y = top + plot * (1 - share)
        grid.append(
            _el(
                "line",
                {"x1": _n(left), "x2": WIDTH - 8, "y1": _n(y), "y2": _n(y), "stroke": GRID},
            )
        )
        value = ceiling * share
        tick = f"{round(100 * value)}%" if fraction else fmt(round(value))
        grid.append(_text(left - 6, y + 4, tick, anchor="end", fill=MUTED))
    return grid


def line_chart(
    data: Sequence[tuple[str, Value]],
    *,
    chart_id: str,
    title: str,
    description: str = "",
    fmt: Formatter = percent,
    max_value: float | None = 1.0,
) -> SafeString:
    """A line through one point per (label, value) in order, each value printed above its
    point; a None value (e.g. nothing resolved that month) breaks the line."""
    left, top, bottom, plot = 56, 24, 36, 180
    height = top + plot + bottom
    ceiling = _ceiling((v for _l, v in data), max_value)
    step = (WIDTH - left - 8) / max(len(data), 1)
    body = _y_grid(ceiling, fmt, left, top, plot, fraction=max_value == 1.0)
    body += _x_axis([label for label, _v in data], left, step, top + plot)
    segments: list[list[str]] = [[]]
    marks: list[str] = []
    for i, (label, value) in enumerate(data):
        if value is None:
            segments.append([])
            continue
        x, y = left + step * (i + 0.5), top + plot * (1 - float(value) / ceiling)
        segments[-1].append(f"{_n(x)},{_n(y)}")
        dot = _el("circle", {"cx": _n(x), "cy": _n(y), "r": 4, "fill": PRIMARY})
        marks.append(_el("g", {}, _join([_el("title", {}, f"{label}: {fmt(value)}"), dot])))
        marks.append(_text(x, y - 8, fmt(value)))
    line = {"fill": "none", "stroke": PRIMARY, "stroke-width": 2}
    body += [_el("polyline", {"points": " ".join(p), **line}) for p in segments if len(p) > 1]
    body += marks
    pairs = [(label, fmt(value)) for label, value in data]
    return _svg(chart_id, title, _described(description, pairs), height, body)


def stacked_bar_chart(
    data: Sequence[tuple[str, Sequence[Value]]],
    *,
    chart_id: str,
    title: str,
    series: Sequence[str],
    description: str = "",
    fmt: Formatter = count,
) -> SafeString:
    """Vertical columns, one per (label, (value of each series)), the series stacked from
    the bottom (at most two: dark blue, then dark orange, split by a white gap), the total
    printed above each column and a legend at the top."""
    colours = (PRIMARY, SECONDARY)
    left, top, bottom, plot = 56, 40, 36, 170
    height = top + plot + bottom
    totals = [sum(float(v or 0) for v in values) for _l, values in data]
    ceiling = _nice(_ceiling(totals, None))
    step = (WIDTH - left - 8) / max(len(data), 1)
    body = _legend(series, colours, left)
    body += _y_grid(ceiling, fmt, left, top, plot, fraction=False)
    body += _x_axis([label for label, _v in data], left, step, top + plot)
    for i, (label, values) in enumerate(data):
        x, base = left + step * i + step * 0.2, top + plot
        marks = [_el("title", {}, _stack_text(label, series, values, fmt))]
        for value, colour in zip(values, colours, strict=False):
            h = plot * float(value or 0) / ceiling
            if h <= 0:
                continue
            base -= h
            rect = {"x": _n(x), "y": _n(base), "width": _n(step * 0.6), "height": _n(h)}
            marks.append(_el("rect", {**rect, "fill": colour, "stroke": "#ffffff"}))
        marks.append(_text(x + step * 0.3, base - 6, fmt(totals[i])))
        body.append(_el("g", {}, _join(marks)))
    pairs = [(label, _stack_text("", series, values, fmt)) for label, values in data]
    return _svg(chart_id, title, _described(description, pairs), height, body)


def _legend(series: Sequence[str], colours: Sequence[str], left: float) -> list[str]:
    legend: list[str] = []
    x = float(left)
    for name, colour in zip(series, colours, strict=False):
        legend.append(_el("rect", {"x": _n(x), "y": 8, "width": 14, "height": 14, "fill": colour}))
        legend.append(_text(x + 20, 20, name, anchor="start"))
        x += 28 + 8 * len(name)
    return legend


def _stack_text(label: str, series: Sequence[str], values: Sequence[Value], fmt: Formatter) -> str:
    parts = ", ".join(f"{name} {fmt(v)}" for name, v in zip(series, values, strict=False))
    return f"{label}: {parts}" if label else parts
