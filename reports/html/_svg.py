"""Charts as inline SVG, drawn from the library's series: no library, no network.

Each chart is a string of SVG markup (every text escaped) with a ``<title>`` and a
``<desc>`` for screen readers and one ``<title>`` per mark for a pointer. Marks carry
their value in ``data-value`` so tests compare them with the library. Current and
previous differ by fill *and* pattern (solid against hatched, solid lines against
dashed), so a chart reads in greyscale and in print.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

__all__ = ["Line", "Point", "bar_chart", "legend_swatch", "line_chart", "nice_ticks",
           "share_bar"]

WIDTH, HEIGHT = 900, 230
LEFT, RIGHT, TOP, BOTTOM = 52, 12, 14, 34
MAX_LABELS = 14
CURRENT, PREVIOUS = "#1f4e8c", "#5f6b7a"
#: Okabe–Ito colours (distinct for colour-blind readers) with dashes and marker shapes,
#: so lines differ in greyscale too.
LINE_STYLES = (
    ("#0072b2", "", "circle"),
    ("#d55e00", "8 4", "square"),
    ("#009e73", "2 3", "triangle"),
    ("#cc79a7", "10 3 2 3", "diamond"),
    ("#6b5200", "14 5", "cross"),
    ("#56b4e9", "4 2", "circle"),
    ("#e69f00", "1 2", "square"),
    ("#000000", "6 2 1 2", "triangle"),
)


@dataclass(frozen=True)
class Point:
    """One bucket: its label on the axis, its full name for a pointer, its value."""

    label: str
    name: str
    value: int


@dataclass(frozen=True)
class Line:
    """One user's (or team's) series in a line chart."""

    name: str
    points: Sequence[Point]


def nice_ticks(top: float, steps: int = 4) -> list[int]:
    """Round axis ticks from 0 covering `top`: steps of 1, 2 or 5 × 10^k.

    >>> nice_ticks(38), nice_ticks(0), nice_ticks(7), nice_ticks(1234)
    ([0, 10, 20, 30, 40], [0, 1], [0, 2, 4, 6, 8], [0, 500, 1000, 1500])
    """
    if top <= 0:
        return [0, 1]
    raw = top / steps
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next((m * power for m in (1, 2, 5, 10) if m * power >= raw), 10 * power)
    step = max(1, int(step))
    return list(range(0, int(math.ceil(top / step)) * step + 1, step))


def _f(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _axis(ticks: list[int], plot_w: float, plot_h: float) -> list[str]:
    """Horizontal grid lines with their values."""
    out = []
    top = ticks[-1]
    for t in ticks:
        y = TOP + plot_h - plot_h * t / top
        out.append(f'<line class="grid" x1="{LEFT}" x2="{_f(LEFT + plot_w)}" y1="{_f(y)}" '
                   f'y2="{_f(y)}"/>')
        out.append(f'<text class="tick" x="{LEFT - 6}" y="{_f(y + 4)}" '
                   f'text-anchor="end">{t:,}</text>')
    return out


def _x_labels(labels: Sequence[str], centre: Sequence[float]) -> list[str]:
    """Every k-th bucket's label under its centre (at most `MAX_LABELS`), kept inside the
    plot at both ends."""
    every = max(1, math.ceil(len(labels) / MAX_LABELS))
    out = []
    last = -math.inf
    for i, (label, x) in enumerate(zip(labels, centre, strict=True)):
        if i % every or x - last < 56:  # too close to the label before
            continue
        last = x
        anchor, at = "middle", x
        if x - LEFT < 24:
            anchor, at = "start", max(x - 8, LEFT - 8)
        elif WIDTH - RIGHT - x < 24:
            anchor, at = "end", min(x + 8, WIDTH)
        out.append(f'<text class="tick" x="{_f(at)}" y="{HEIGHT - BOTTOM + 18}" '
                   f'text-anchor="{anchor}">{escape(label)}</text>')
    return out


def _frame(ident: str, title: str, desc: str, body: list[str], defs: str = "") -> Markup:
    head = (f'<svg class="chart" id="{escape(ident)}" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'role="img" aria-labelledby="{escape(ident)}-t {escape(ident)}-d" '
            f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">'
            f'<title id="{escape(ident)}-t">{escape(title)}</title>'
            f'<desc id="{escape(ident)}-d">{escape(desc)}</desc>')
    return Markup(head + (f"<defs>{defs}</defs>" if defs else "") + "".join(body) + "</svg>")


def _hatch(ident: str) -> str:
    return (f'<pattern id="{escape(ident)}-hatch" width="6" height="6" '
            f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            f'<rect width="6" height="6" fill="#ffffff"/>'
            f'<line x1="0" y1="0" x2="0" y2="6" stroke="{PREVIOUS}" stroke-width="3"/>'
            f"</pattern>")


def _many(n: int, unit: tuple[str, str]) -> str:
    """ "1 reply", "2 replies": `n` with the word of `unit` (one, many) it takes."""
    return f"{n:,} {unit[0] if n == 1 else unit[1]}"


def bar_chart(ident: str, title: str, unit: tuple[str, str], current: Sequence[Point],
              previous: Sequence[Point] | None = None) -> Markup:
    """Bars per bucket: the current range solid, the previous range hatched beside it
    (bucket k of each range side by side). `unit` names a value, one and many
    (("reply", "replies"))."""
    n = max(len(current), len(previous or ()))
    values = [p.value for p in current] + [p.value for p in previous or ()]
    ticks = nice_ticks(max(values, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    group = plot_w / max(n, 1)
    series = [("current", current)] + ([("previous", previous)] if previous is not None else [])
    gap = min(group * 0.2, 12)
    bar = max((group - gap) / len(series), 1.0)
    body = _axis(ticks, plot_w, plot_h)
    for s, (which, points) in enumerate(series):
        fill = CURRENT if which == "current" else f"url(#{escape(ident)}-hatch)"
        for k, p in enumerate(points):
            h = plot_h * p.value / ticks[-1]
            x = LEFT + k * group + gap / 2 + s * bar
            y = TOP + plot_h - h
            tip = f"{'Previous range, ' if which == 'previous' else ''}{p.name}: " \
                  f"{_many(p.value, unit)}"
            body.append(
                f'<rect class="mark {which}" data-series="{which}" data-value="{p.value}" '
                f'x="{_f(x)}" y="{_f(y)}" width="{_f(max(bar - 1, 1))}" height="{_f(h)}" '
                f'fill="{fill}" stroke="{CURRENT if which == "current" else PREVIOUS}" '
                f'stroke-width="{1 if h else 0}"><title>{escape(tip)}</title></rect>')
    body.append(f'<line class="axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" '
                f'y2="{TOP + plot_h}"/>')
    centres = [LEFT + k * group + group / 2 for k in range(len(current))]
    body += _x_labels([p.label for p in current], centres)
    if not any(values):
        body.append(f'<text class="empty" x="{_f(LEFT + plot_w / 2)}" '
                    f'y="{_f(TOP + plot_h / 2)}" text-anchor="middle">No {escape(unit[1])} in '
                    f"this range</text>")
    desc = (f"Bars of {unit[1]} per bucket, {_many(len(current), ('bucket', 'buckets'))}"
            + (", each beside the same bucket of the previous range (hatched)"
               if previous is not None else "")
            + "; the table below the chart lists every value.")
    return _frame(ident, title, desc, body, _hatch(ident) if previous is not None else "")


def _marker(shape: str, x: float, y: float, colour: str, attrs: str = "",
            inner: str = "") -> str:
    """A marker of `shape` centred on (x, y): a whole SVG element."""
    r = 3.5
    if shape == "circle":
        tag, geo = "circle", f'cx="{_f(x)}" cy="{_f(y)}" r="{r}" fill="{colour}"'
    elif shape == "square":
        tag, geo = "rect", (f'x="{_f(x - r)}" y="{_f(y - r)}" width="{2 * r}" '
                            f'height="{2 * r}" fill="{colour}"')
    elif shape in ("triangle", "diamond"):
        if shape == "triangle":
            corners = [(x, y - r - 1), (x - r - 0.5, y + r), (x + r + 0.5, y + r)]
        else:
            corners = [(x, y - r - 1), (x + r + 1, y), (x, y + r + 1), (x - r - 1, y)]
        tag = "polygon"
        geo = f'points="{" ".join(f"{_f(a)},{_f(b)}" for a, b in corners)}" fill="{colour}"'
    else:
        tag = "path"
        geo = (f'd="M{_f(x - r)},{_f(y - r)}L{_f(x + r)},{_f(y + r)}'
               f'M{_f(x - r)},{_f(y + r)}L{_f(x + r)},{_f(y - r)}" stroke="{colour}" '
               f'stroke-width="2" fill="none"')
    return f"<{tag} {geo}{attrs}>{inner}</{tag}>"


def line_chart(ident: str, title: str, unit: tuple[str, str], lines: Sequence[Line]
               ) -> Markup:
    """One line per series (each with its own colour, dash and marker shape) over the
    same buckets, and a legend; `unit` names a value, one and many."""
    n = max((len(line.points) for line in lines), default=0)
    ticks = nice_ticks(max((p.value for line in lines for p in line.points), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(n, 1)
    body = _axis(ticks, plot_w, plot_h)
    for i, line in enumerate(lines):
        colour, dash, shape = LINE_STYLES[i % len(LINE_STYLES)]
        xy = [(LEFT + k * step + step / 2, TOP + plot_h - plot_h * p.value / ticks[-1])
              for k, p in enumerate(line.points)]
        path = " ".join(f"{'M' if k == 0 else 'L'}{_f(x)},{_f(y)}" for k, (x, y) in enumerate(xy))
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        body.append(f'<g class="series" data-series="{escape(line.name)}">'
                    f'<path class="line" d="{path}" fill="none" stroke="{colour}" '
                    f'stroke-width="2"{dashes}/>')
        for (x, y), p in zip(xy, line.points, strict=True):
            tip = f"{line.name}, {p.name}: {_many(p.value, unit)}"
            body.append(_marker(shape, x, y, colour, f' class="mark" data-value="{p.value}"',
                                f"<title>{escape(tip)}</title>"))
        body.append("</g>")
    body.append(f'<line class="axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" '
                f'y2="{TOP + plot_h}"/>')
    if lines:
        labels = [p.label for p in lines[0].points]
        body += _x_labels(labels, [LEFT + k * step + step / 2 for k in range(len(labels))])
    desc = (f"Lines of {unit[1]} per bucket for {len(lines)} series: "
            + "; ".join(line.name for line in lines)
            + ". The legend below gives each line's style.")
    return _frame(ident, title, desc, body)


def legend_swatch(index: int) -> Markup:
    """A small SVG sample of line `index`'s colour, dash and marker, for a legend."""
    colour, dash, shape = LINE_STYLES[index % len(LINE_STYLES)]
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return Markup(f'<svg class="swatch" width="36" height="12" viewBox="0 0 36 12" '
                  f'aria-hidden="true"><path d="M1,6 L35,6" stroke="{colour}" '
                  f'stroke-width="2"{dashes}/>{_marker(shape, 18, 6, colour)}</svg>')


SHARE_FILLS = {"great": ("#1f4e8c", ""), "okay": ("#c9d3df", ""),
               "not_good": ("url(#{ident}-hatch)", "#333333")}


def share_bar(ident: str, title: str, parts: Sequence[tuple[str, str, float, int]]) -> Markup:
    """A 100% bar of shares (the happiness breakdown): `parts` are (key, label, percent,
    count); great solid dark, okay light, not good hatched (the page's key names them)."""
    w, h = WIDTH, 28
    body = []
    x = 0.0
    for key, label, share, n in parts:
        width = w * share / 100
        fill, stroke = SHARE_FILLS.get(key, ("#999999", ""))
        fill = fill.format(ident=escape(ident))
        edge = f' stroke="{stroke}" stroke-width="1"' if stroke and width else ""
        body.append(f'<rect class="mark {escape(key)}" data-value="{share!r}" '
                    f'x="{_f(x)}" y="0" width="{_f(width)}" height="{h}" fill="{fill}"'
                    f'{edge}><title>{escape(label)}: {share:.1f}% '
                    f'({escape(_many(n, ("rating", "ratings")))})</title></rect>')
        x += width
    head = (f'<svg class="chart share" id="{escape(ident)}" viewBox="0 0 {w} {h}" role="img" '
            f'aria-labelledby="{escape(ident)}-t" xmlns="http://www.w3.org/2000/svg" '
            f'preserveAspectRatio="none">'
            f'<title id="{escape(ident)}-t">{escape(title)}</title>'
            f"<defs>{_hatch(ident).replace(PREVIOUS, '#333333')}</defs>")
    return Markup(head + "".join(body) + "</svg>")
