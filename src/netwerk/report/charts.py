"""Small inline SVG bar charts for the report (no JavaScript, no external files).

Every text that goes into a chart is XML-escaped here; numbers are formatted with fixed precision so
the same data gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

__all__ = ["PALETTE", "stacked_bars", "score_bars", "hbars", "criterion_colour",
           "timeline_svg"]

#: One colour per criterion, in :data:`netwerk.report.criteria.CRITERIA` order (colour-blind safe).
PALETTE = ("#4477aa", "#66ccee", "#228833", "#ccbb44", "#ee6677", "#aa3377", "#bbbbbb", "#332288")


def criterion_colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def _f(x: float) -> str:
    return f"{x:.1f}"


def stacked_bars(
    rows: Sequence[tuple[str, Sequence[tuple[str, float]]]],
    *,
    total: float = 100.0,
    width: int = 720,
    bar_height: int = 18,
    label_width: int = 180,
    title: str = "Case score by criterion (points)",
) -> str:
    """Horizontal stacked bars: one bar per row, one segment per (criterion, points).

    Parameters
    ----------
    rows : sequence of (label, [(criterion label, points), ...])
        Segments are drawn in the given order; their colours follow the segment position.
    total : float
        Value of a full-width bar.

    Returns
    -------
    str
        An ``<svg>`` element (with ``role="img"`` and a ``<title>``).
    """
    legend = list(dict.fromkeys(name for _, segs in rows for name, _ in segs))
    plot_w = width - label_width - 60
    legend_h = 18 * ((len(legend) + 1) // 2) + 6
    height = legend_h + len(rows) * (bar_height + 6) + 8
    out = [f'<svg role="img" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" class="chart"><title>{escape(title)}</title>']
    for i, name in enumerate(legend):
        x = 4 + (i % 2) * (width // 2)
        y = 4 + (i // 2) * 18
        out.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{criterion_colour(i)}"/>'
                   f'<text x="{x + 16}" y="{y + 10}" font-size="11">{escape(name)}</text>')
    for r, (label, segs) in enumerate(rows):
        y = legend_h + r * (bar_height + 6)
        out.append(f'<text x="{label_width - 6}" y="{y + bar_height - 5}" font-size="12" '
                   f'text-anchor="end">{escape(label)}</text>')
        x = float(label_width)
        sum_pts = 0.0
        for name, pts in segs:
            w = max(0.0, pts) / total * plot_w if total else 0.0
            colour = criterion_colour(legend.index(name))
            out.append(f'<rect x="{_f(x)}" y="{y}" width="{_f(w)}" height="{bar_height}" '
                       f'fill="{colour}"><title>{escape(name)}: {pts:.1f}</title></rect>')
            x += w
            sum_pts += pts
        out.append(f'<text x="{_f(x + 4)}" y="{y + bar_height - 5}" font-size="12">'
                   f'{sum_pts:.1f}</text>')
    out.append("</svg>")
    return "".join(out)


def score_bars(
    items: Sequence[tuple[str, float, float]],
    *,
    width: int = 520,
    bar_height: int = 14,
    label_width: int = 260,
    title: str = "Criterion scores (0-1)",
) -> str:
    """Horizontal bars of criterion scores (0–1), each labelled with its weight.

    Parameters
    ----------
    items : sequence of (label, score 0-1, weight share 0-1)
    """
    plot_w = width - label_width - 70
    height = len(items) * (bar_height + 6) + 6
    out = [f'<svg role="img" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" class="chart"><title>{escape(title)}</title>']
    for i, (label, score, weight) in enumerate(items):
        y = 3 + i * (bar_height + 6)
        s = min(1.0, max(0.0, score))
        out.append(
            f'<text x="{label_width - 6}" y="{y + bar_height - 3}" font-size="11" '
            f'text-anchor="end">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{plot_w}" height="{bar_height}" fill="#eeeeee"/>'
            f'<rect x="{label_width}" y="{y}" width="{_f(s * plot_w)}" height="{bar_height}" '
            f'fill="{criterion_colour(i)}"/>'
            f'<text x="{label_width + plot_w + 4}" y="{y + bar_height - 3}" font-size="11">'
            f'{s:.2f} × {weight * 100:.0f}%</text>')
    out.append("</svg>")
    return "".join(out)


def hbars(
    items: Sequence[tuple[str, float]],
    *,
    max_value: float | None = None,
    width: int = 520,
    bar_height: int = 14,
    label_width: int = 200,
    digits: int = 3,
    title: str = "",
) -> str:
    """Simple horizontal bars, one per (label, value ≥ 0); negative values draw as zero width."""
    top = max_value if max_value is not None else max([v for _, v in items] + [0.0])
    plot_w = width - label_width - 70
    height = len(items) * (bar_height + 6) + 6
    out = [f'<svg role="img" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" class="chart"><title>{escape(title)}</title>']
    for i, (label, value) in enumerate(items):
        y = 3 + i * (bar_height + 6)
        w = max(0.0, value) / top * plot_w if top > 0 else 0.0
        out.append(
            f'<text x="{label_width - 6}" y="{y + bar_height - 3}" font-size="11" '
            f'text-anchor="end">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{_f(w)}" height="{bar_height}" '
            f'fill="{criterion_colour(i)}"/>'
            f'<text x="{label_width + w + 4:.1f}" y="{y + bar_height - 3}" font-size="11">'
            f'{value:.{digits}f}</text>')
    out.append("</svg>")
    return "".join(out)


def timeline_svg(timeline: dict, *, width: int = 720, row_height: int = 15,
                 label_width: int = 150, title: str = "Tijdlijn") -> str:
    """The case timeline as a static strip: one row per category, one dot per event on a time
    axis with a line per year (the HTML map draws the same data interactively).

    Parameters
    ----------
    timeline : dict
        :func:`netwerk.viz.certainty.timeline_records` output (``events`` with ``d``, ``c``,
        ``cl``, ``e``, ``a``; ``categories``; ``span``).

    Returns
    -------
    str
        An ``<svg>`` element, or ``""`` without dated events. Each dot's ``<title>`` names date,
        category, event and the nodes' map names. Dots take their category's colour
        (:data:`netwerk.viz.certainty.TIMELINE_COLOURS`, as on the map); events after the
        reference date (``f``) are not drawn and the span never runs past it.

    Examples
    --------
    >>> tl = {"events": [{"d": "2020-01-01", "c": "company", "cl": "onderneming", "e": "opgericht",
    ...                   "a": "B01"}], "categories": [{"name": "company", "label": "onderneming",
    ...                   "count": 1}], "span": ["2020-01-01", "2020-01-01"]}
    >>> timeline_svg(tl).count("<circle")
    1
    """
    import datetime as dt

    from ..viz.certainty import category_colour

    events = [ev for ev in timeline.get("events") or [] if not ev.get("f")]
    cats = timeline.get("categories") or []
    if not events or not cats or not (timeline.get("span") or [None])[0]:
        return ""
    row = {c["name"]: i for i, c in enumerate(cats)}
    t0 = dt.date.fromisoformat(timeline["span"][0]).toordinal()
    t1 = max(dt.date.fromisoformat(timeline["span"][1]).toordinal(), t0 + 1)
    plot = width - label_width - 12
    top = 4
    height = top + row_height * len(cats) + 20

    def x(d: str) -> float:
        return label_width + plot * (dt.date.fromisoformat(d).toordinal() - t0) / (t1 - t0)

    out = [f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
           f'class="chart timeline"><title>{escape(title)}</title>']
    for i, c in enumerate(cats):
        y = top + row_height * i
        if i % 2:
            out.append(f'<rect x="0" y="{y}" width="{width}" height="{row_height}" fill="#f1f3f6"/>')
        out.append(f'<text x="2" y="{y + row_height - 4}" font-size="10">'
                   f'{escape(str(c["label"]))} ({int(c["count"])})</text>')
    y0 = dt.date.fromordinal(t0).year
    y1 = dt.date.fromordinal(t1).year
    step = max(1, -(-(y1 - y0 + 1) // 10))
    for yr in range(y0, y1 + 2, step):
        xx = x(f"{yr:04d}-01-01")
        if label_width <= xx <= width - 12:
            out.append(f'<line x1="{_f(xx)}" y1="{top}" x2="{_f(xx)}" '
                       f'y2="{top + row_height * len(cats)}" stroke="#cccccc" stroke-width="1"/>'
                       f'<text x="{_f(xx)}" y="{height - 5}" font-size="10" '
                       f'text-anchor="middle">{yr}</text>')
    for ev in events:
        r = row.get(ev["c"], len(cats) - 1)
        tip = " · ".join(str(v) for v in (ev["d"], ev["cl"], ev.get("e"), ev.get("a")) if v)
        out.append(f'<circle cx="{_f(x(ev["d"]))}" cy="{_f(top + row_height * r + row_height / 2)}" '
                   f'r="3.5" fill="{category_colour(ev["c"])}" fill-opacity="0.8">'
                   f'<title>{escape(tip)}</title></circle>')
    out.append("</svg>")
    return "".join(out)
