"""Charts of exposure: bars in the terminal, and a small self-contained SVG (no plotting library)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

BLOCKS = " ▏▎▍▌▋▊▉█"


def bar(value: Decimal, top: Decimal, width: int = 40) -> str:
    """A horizontal bar of ``value`` on a scale whose maximum ``top`` fills ``width`` characters."""
    if top <= 0 or value <= 0:
        return ""
    eighths = int(value / top * width * 8)
    return "█" * (eighths // 8) + (BLOCKS[eighths % 8] if eighths % 8 else "")


def svg(points: list[tuple[date, Decimal]], title: str, width: int = 800, height: int = 360) -> str:
    """A bar chart of ``points`` (date, total) as an SVG document."""
    left, right, top_pad, bottom = 90, 20, 40, 50
    plot_w, plot_h = width - left - right, Decimal(height - top_pad - bottom)
    top = max((v for _, v in points), default=Decimal(0)) or Decimal(1)
    n = max(len(points), 1)
    step = plot_w / n
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="white"/>',
        f'<text x="{width / 2:.0f}" y="22" text-anchor="middle" font-size="14">{escape(title)}</text>',
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{left + plot_w}" y2="{top_pad + plot_h}" stroke="black"/>',
        f'<line x1="{left}" y1="{top_pad}" x2="{left}" y2="{top_pad + plot_h}" stroke="black"/>',
    ]
    for k in range(5):
        value = top * k / 4
        y = top_pad + plot_h - plot_h * k / 4
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{value:,.0f}</text>')
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#ddd"/>')
    label_every = max(1, -(-n * 80 // plot_w))  # about one date label per 80 pixels
    for i, (day, value) in enumerate(points):
        h = value / top * plot_h  # Decimal pixels, formatted below
        x = left + i * step
        parts.append(f'<rect x="{x + step * 0.1:.2f}" y="{top_pad + plot_h - h:.2f}" width="{step * 0.8:.2f}" '
                     f'height="{h:.2f}" fill="#3b6ea5"><title>{day}: {value:,.2f}</title></rect>')
        if i % label_every == 0:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{top_pad + plot_h + 16}" text-anchor="middle">'
                         f"{day:%Y-%m-%d}</text>")
    parts.append(f'<text x="{left + plot_w / 2:.0f}" y="{height - 10}" text-anchor="middle">cure date</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


# -- the deal timeline ------------------------------------------------------------------------------------

@dataclass
class Mark:
    """One thing on a timeline lane: a day (``last`` None) or a run of days, first and last included."""

    first: date
    label: str
    tip: str = ""
    last: date | None = None
    tone: str = "neutral"  # neutral, good, bad, pending, accrual, pay


@dataclass
class Lane:
    name: str
    marks: list[Mark] = field(default_factory=list)


TONES = {"neutral": "#4a5568", "good": "#2f855a", "bad": "#c53030", "pending": "#b7791f", "accrual": "#3b6ea5",
         "pay": "#6b46c1"}


LABEL_ROWS = (-12, 22, -24, 34)  # label baselines relative to a lane's middle: above, below, higher, lower
CHAR_W = Decimal("5.8")  # the width of one character at 11px, near enough to keep labels apart


def _months(first: date, last: date) -> list[date]:
    out, d = [], date(first.year, first.month, 1)
    while d <= last:
        if d >= first:
            out.append(d)
        d = date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return out


def timeline_svg(lanes: list[Lane], first: date, last: date, as_of: date | None, title: str,
                 width: int = 1000) -> str:
    """A timeline of ``lanes`` from ``first`` to ``last`` as inline SVG: days as dots, runs as bars, the as-of
    date as a dashed line, month ticks on the axis. Each label takes the first of four rows where it fits."""
    left, right, top, lane_h = 200, 24, 40, 70
    height = top + lane_h * len(lanes) + 40
    days = Decimal(max((last - first).days, 1))
    plot_w = Decimal(width - left - right)

    def x(d: date) -> Decimal:
        return left + plot_w * Decimal((d - first).days) / days

    def x_end(d: date) -> Decimal:  # the right edge of day d
        return left + plot_w * Decimal((d - first).days + 1) / days

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" width="100%" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
    ]
    axis_y = top + lane_h * len(lanes)
    for m in _months(first, last):
        parts.append(f'<line x1="{x(m):.1f}" y1="{top - 6}" x2="{x(m):.1f}" y2="{axis_y}" stroke="#e2e8f0"/>')
        parts.append(f'<text x="{x(m):.1f}" y="{axis_y + 16}" text-anchor="middle" fill="#4a5568">'
                     f"{m:%b %Y}</text>")
    parts.append(f'<line x1="{left}" y1="{axis_y}" x2="{width - right}" y2="{axis_y}" stroke="#2d3748"/>')
    for i, lane in enumerate(lanes):
        y0 = top + lane_h * i
        mid = y0 + lane_h // 2
        parts.append(f'<text x="{left - 10}" y="{mid + 4}" text-anchor="end" font-weight="bold">'
                     f"{escape(lane.name)}</text>")
        parts.append(f'<line x1="{left}" y1="{mid}" x2="{width - right}" y2="{mid}" stroke="#edf2f7"/>')
        taken = [Decimal(-10**6)] * len(LABEL_ROWS)  # where each label row is free again
        for mark in sorted(lane.marks, key=lambda m: m.first):
            color = TONES.get(mark.tone, TONES["neutral"])
            tip = escape(mark.tip or mark.label)
            if mark.last is not None:
                x0, x1 = x(mark.first), x_end(mark.last)
                parts.append(f'<rect x="{x0:.1f}" y="{mid - 7}" width="{max(x1 - x0, Decimal(2)):.1f}" height="14" '
                             f'rx="2" fill="{color}" fill-opacity="0.8"><title>{tip}</title></rect>')
                cx = x0
            else:
                cx = x(mark.first) + (x_end(mark.first) - x(mark.first)) / 2
                parts.append(f'<circle cx="{cx:.1f}" cy="{mid}" r="5" fill="{color}"><title>{tip}</title></circle>')
            label = mark.label if len(mark.label) <= 30 else mark.label[:29] + "…"
            size = CHAR_W * len(label)
            anchor, lx = ("end", cx) if cx + size > width - right else ("start", cx)
            start_x = lx - size if anchor == "end" else lx
            row = next((j for j, free in enumerate(taken) if start_x >= free), None)
            if label and row is not None:  # no room: the label is left out (the tooltip keeps it)
                taken[row] = start_x + size + 8
                parts.append(f'<text x="{lx:.1f}" y="{mid + LABEL_ROWS[row]}" text-anchor="{anchor}" '
                             f'fill="{color}">{escape(label)}</text>')
    if as_of is not None and first <= as_of <= last:
        ax = x_end(as_of)
        parts.append(f'<line x1="{ax:.1f}" y1="{top - 14}" x2="{ax:.1f}" y2="{axis_y}" stroke="#1a202c" '
                     'stroke-dasharray="4 3"/>')
        parts.append(f'<text x="{ax:.1f}" y="{top - 18}" text-anchor="middle" font-weight="bold">as of {as_of}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
