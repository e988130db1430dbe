"""A small trend chart of a measure: its values over time and the target, as PNG (Pillow).

One picture serves HTML/PDF (as a data URI) and DOCX (embedded), so the documents agree.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from praksisplan.plan.measures import MeasureEvaluation

WIDTH, HEIGHT, MARGIN = 480, 150, 14
_LINE = (31, 78, 121)
_TARGET = (200, 90, 20)
_AXIS = (170, 170, 170)


def trend_chart_png(evaluation: MeasureEvaluation, target: float | None) -> bytes:
    """The measure's values (dots joined by a line) and its target (dashed), as PNG bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    draw.line([(MARGIN, HEIGHT - MARGIN), (WIDTH - MARGIN, HEIGHT - MARGIN)], fill=_AXIS, width=1)
    points = evaluation.points
    values = [p.value for p in points] + ([target] if target is not None else [])
    if points:
        low, high = min(values), max(values)
        if high == low:
            low, high = low - 1, high + 1
        low, high = low - 0.1 * (high - low), high + 0.1 * (high - low)
        first, last = points[0].date.toordinal(), points[-1].date.toordinal()
        span = max(last - first, 1)

        def y(value: float) -> float:
            return HEIGHT - MARGIN - (value - low) / (high - low) * (HEIGHT - 2 * MARGIN)

        def x(ordinal: int) -> float:
            if last == first:
                return WIDTH / 2
            return MARGIN + (ordinal - first) / span * (WIDTH - 2 * MARGIN)

        if target is not None:
            for start in range(MARGIN, WIDTH - MARGIN, 12):
                draw.line([(start, y(target)), (start + 6, y(target))], fill=_TARGET, width=2)
        xy = [(x(p.date.toordinal()), y(p.value)) for p in points]
        if len(xy) > 1:
            draw.line(xy, fill=_LINE, width=3)
        for px, py in xy:
            draw.ellipse([px - 4, py - 4, px + 4, py + 4], fill=_LINE)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
