"""Charts of exposure: bars in the terminal, and a small self-contained SVG (no plotting library)."""

from __future__ import annotations

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
