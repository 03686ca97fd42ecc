"""Charts: exposure bars in the terminal; self-contained SVG (no plotting library) for the deal timeline and the
exposure by cure date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from rrcalc.output.hygiene import xml_text as escape  # XML 1.0: forbidden characters dropped too

BLOCKS = " ▏▎▍▌▋▊▉█"


def bar(value: Decimal, top: Decimal, width: int = 40) -> str:
    """A horizontal bar of ``value`` on a scale whose maximum ``top`` fills ``width`` characters."""
    if top <= 0 or value <= 0:
        return ""
    eighths = int(value / top * width * 8)
    return "█" * (eighths // 8) + (BLOCKS[eighths % 8] if eighths % 8 else "")


@dataclass(frozen=True)
class Bar:
    """A bar in a table cell: the table draws it as wide as the terminal leaves room for (at most ``width``)."""

    value: Decimal
    top: Decimal
    width: int = 40

    def draw(self, width: int | None = None) -> str:
        return bar(self.value, self.top, self.width if width is None else width)

    def __str__(self) -> str:
        return self.draw()


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


# -- the exposure chart -----------------------------------------------------------------------------------

STACK = ("#3b6ea5", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c")


def _money_label(value: Decimal) -> str:
    return f"${value:,.0f}"


def exposure_svg(points: list[tuple[date, dict[str, Decimal]]], investors: list[str], title: str, subtitle: str,
                 actual: date | None = None, width: int = 900, height: int = 440) -> str:
    """What a track costs by cure date, as stacked bars (one colour per Investor) on a dollar axis.

    The steps are marked: each cure date where the total rises faster than the day before (a jump when a period
    "or portion thereof" begins, or a higher rate from a period boundary) gets a tick and the new total;
    ``actual`` (the cure the facts give) is a dashed line with its total.
    Each day has a transparent bar whose tooltip lists every Investor's amount."""
    left, right, top_pad, bottom = 96, 24, 74, 62
    plot_w, plot_h = Decimal(width - left - right), Decimal(height - top_pad - bottom)
    totals = [sum(v.values(), Decimal("0.00")) for _, v in points]
    top = max(totals, default=Decimal(0)) or Decimal(1)
    n = max(len(points), 1)
    step = plot_w / n
    base_y = top_pad + plot_h
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="white"/>',
        f'<text x="{left}" y="22" font-size="15" font-weight="bold">{escape(title)}</text>',
        f'<text x="{left}" y="40" fill="#4a5568">{escape(subtitle)}</text>',
    ]
    for k in range(5):
        value = top * k / 4
        y = base_y - plot_h * k / 4
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#e2e8f0"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{_money_label(value)}</text>')
    parts.append(f'<text x="18" y="{top_pad + plot_h / 2:.0f}" text-anchor="middle" '
                 f'transform="rotate(-90 18 {top_pad + plot_h / 2:.0f})">total owed (USD)</text>')
    label_every = max(1, -(-n * 80 // int(plot_w)))
    prev: Decimal | None = None
    last_rise: Decimal | None = None
    free = [Decimal(-10**6)] * 2  # where each row of step labels is free again
    for i, ((day, by_investor), amount) in enumerate(zip(points, totals, strict=True)):
        x = left + step * i
        y = base_y
        for j, name in enumerate(investors):
            h = by_investor.get(name, Decimal(0)) / top * plot_h
            if h > 0:
                y -= h
                bar_x, bar_w = x + step * Decimal("0.1"), step * Decimal("0.8")
                parts.append(f'<rect x="{bar_x:.2f}" y="{y:.2f}" width="{bar_w:.2f}" height="{h:.2f}" '
                             f'fill="{STACK[j % len(STACK)]}"/>')
        tip = f"cured {day}: total {amount:,.2f}" + "".join(
            f"; {name} {by_investor.get(name, Decimal(0)):,.2f}" for name in investors)
        parts.append(f'<rect x="{x:.2f}" y="{top_pad}" width="{step:.2f}" height="{plot_h:.2f}" fill="transparent">'
                     f"<title>{escape(tip)}</title></rect>")
        rise = amount - prev if prev is not None else None
        if rise is not None and last_rise is not None and rise > last_rise + max(Decimal("0.05"), abs(last_rise) / 50):
            # a step: the total rises faster than the day before (a jump, or a new period's higher rate)
            parts.append(f'<line x1="{x:.2f}" y1="{base_y}" x2="{x:.2f}" y2="{base_y + 6}" stroke="#c53030"/>')
            label = f"{day:%b %d}: {_money_label(amount)}"
            size = Decimal(len(label)) * Decimal("5.5")
            anchor = "end" if x + size > width - right else "start"  # near the right edge: the label ends at x
            start = x - size if anchor == "end" else x
            row = next((k for k, edge in enumerate(free) if start >= edge), None)
            if row is not None:  # two rows of labels; a third step in a crowd keeps its tick and tooltip only
                parts.append(f'<text x="{x:.1f}" y="{top_pad - 8 - 12 * row}" fill="#c53030" font-size="10" '
                             f'text-anchor="{anchor}" class="step">{escape(label)}</text>')
                free[row] = start + size + 6
        prev, last_rise = amount, rise
        if i % label_every == 0:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{base_y + 18}" text-anchor="middle">{day:%Y-%m-%d}</text>')
    parts.append(f'<line x1="{left}" y1="{base_y}" x2="{left + plot_w}" y2="{base_y}" stroke="black"/>')
    parts.append(f'<line x1="{left}" y1="{top_pad}" x2="{left}" y2="{base_y}" stroke="black"/>')
    if actual is not None and points and points[0][0] <= actual <= points[-1][0]:
        i = (actual - points[0][0]).days
        ax = left + step * i + step / 2
        owed = totals[i] if i < len(totals) else Decimal(0)
        parts.append(f'<line x1="{ax:.1f}" y1="{top_pad - 4}" x2="{ax:.1f}" y2="{base_y}" stroke="#1a202c" '
                     'stroke-dasharray="5 3"/>')
        parts.append(f'<text x="{ax + 4:.1f}" y="{top_pad + 12}" font-weight="bold">actual cure {actual}: '
                     f"{_money_label(owed)}</text>")
    parts.append(f'<text x="{left + plot_w / 2:.0f}" y="{base_y + 36}" text-anchor="middle">cure date '
                 "(red ticks: where the total steps up)</text>")
    lx = left
    for j, name in enumerate(investors):
        parts.append(f'<rect x="{lx}" y="{height - 16}" width="10" height="10" fill="{STACK[j % len(STACK)]}"/>')
        parts.append(f'<text x="{lx + 14}" y="{height - 7}">{escape(name)}</text>')
        lx += 24 + int(len(name) * 6)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
