"""Diagrams drawn as SVG from a few lines of Python: flows, cycles, code anatomy, ladders, decisions, sequences
and timelines. The text stays text (crisp at any zoom, found by the browser's find, read by screen readers),
and a figure's source is the function that draws it, so a diagram is rebuilt with the book, never hand-edited.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
INK = "#1f2933"
MUTED = "#52606d"
LINE = "#7b8794"
# Fills for boxes, gentle enough to print and to read dark text on (WCAG AA for INK on each).
PALETTE = ("#e3f2fd", "#e8f5e9", "#fff8e1", "#fce4ec", "#ede7f6", "#e0f7fa", "#fbe9e7", "#f1f8e9")
ACCENT = ("#1565c0", "#2e7d32", "#b26a00", "#ad1457", "#5e35b1", "#00838f", "#bf360c", "#558b2f")
CHAR_W = 0.56  # average width of a character, in font sizes (system sans-serif)


@dataclass(frozen=True)
class Step:
    """A box: a short title and up to a few lines of detail."""

    title: str
    detail: str = ""
    tone: int = 0  # index into PALETTE / ACCENT


def wrap(text: str, width: int) -> list[str]:
    """Break text into lines of at most `width` characters, at spaces (a longer word keeps its own line)."""
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split():
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        lines.append(line)
    return [ln for ln in lines if ln] or [""]


class Canvas:
    """An SVG document built element by element; `svg()` closes it with a title for screen readers."""

    def __init__(self, width: float, height: float, title: str) -> None:
        self.width, self.height, self.title = width, height, title
        self.parts: list[str] = []

    def rect(self, x: float, y: float, w: float, h: float, fill: str, stroke: str = LINE, rx: float = 8,
             width: float = 1.5) -> None:
        self.parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="{rx}" '
                          f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>')

    def text(self, x: float, y: float, text: str, size: float = 14, weight: str = "normal", fill: str = INK,
             anchor: str = "middle", italic: bool = False, halo: bool = False) -> None:
        style = ' font-style="italic"' if italic else ""
        if halo:  # a white outline under the letters, so a label stays legible where it crosses a line
            style += ' stroke="#ffffff" stroke-width="4" paint-order="stroke"'
        self.parts.append(f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" '
                          f'fill="{fill}" text-anchor="{anchor}"{style}>{escape(text)}</text>')

    def lines(self, x: float, y: float, lines: Sequence[str], size: float = 13, **kw: object) -> float:
        """Lines of text from baseline y; returns the y below the last line."""
        for i, line in enumerate(lines):
            self.text(x, y + i * size * 1.3, line, size, **kw)  # type: ignore[arg-type]
        return y + len(lines) * size * 1.3

    def arrow(self, x1: float, y1: float, x2: float, y2: float, label: str = "", color: str = LINE,
              dashed: bool = False, label_side: float = -6) -> None:
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        self.parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{color}" '
                          f'stroke-width="2" marker-end="url(#arrow)"{dash}/>')
        if label:
            self.text((x1 + x2) / 2, (y1 + y2) / 2 + label_side, label, 12, fill=MUTED, halo=True)

    def path(self, d: str, color: str = LINE, arrow: bool = True) -> None:
        end = ' marker-end="url(#arrow)"' if arrow else ""
        self.parts.append(f'<path d="{d}" fill="none" stroke="{color}" stroke-width="2"{end}/>')

    def svg(self) -> str:
        defs = ('<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
                f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{LINE}"/></marker></defs>')
        return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width:.0f} {self.height:.0f}" '
                f'width="{self.width:.0f}" height="{self.height:.0f}" role="img" font-family="{FONT}">'
                f"<title>{escape(self.title)}</title>{defs}" + "".join(self.parts) + "</svg>\n")


def _box(c: Canvas, x: float, y: float, w: float, h: float, step: Step, size: float = 14) -> None:
    """A step's box with its title (bold) and detail, centred."""
    tone = step.tone % len(PALETTE)
    c.rect(x, y, w, h, PALETTE[tone], ACCENT[tone])
    chars = max(8, int((w - 16) / (size * CHAR_W)))
    title = wrap(step.title, chars)
    detail = wrap(step.detail, int(chars * 1.1)) if step.detail else []
    block = len(title) * size * 1.3 + len(detail) * (size - 2) * 1.3
    top = y + (h - block) / 2 + size
    after = c.lines(x + w / 2, top, title, size, weight="bold")
    if detail:
        c.lines(x + w / 2, after, detail, size - 2, fill=MUTED)


def _height(steps: Sequence[Step], w: float, size: float = 14) -> float:
    chars = max(8, int((w - 16) / (size * CHAR_W)))
    tallest = max(len(wrap(s.title, chars)) * size * 1.3 +
                  (len(wrap(s.detail, int(chars * 1.1))) * (size - 2) * 1.3 if s.detail else 0) for s in steps)
    return tallest + 24


def flow(title: str, steps: Sequence[Step], columns: int = 4, box_w: float = 190, gap: float = 46,
         labels: Sequence[str] = ()) -> str:
    """Steps in reading order, left to right in rows of `columns`, each row continuing below the last (the
    arrow turns down at a row's end). `labels[i]` names the arrow from step i to step i + 1."""
    rows = math.ceil(len(steps) / columns)
    box_h = _height(steps, box_w)
    vgap = 56
    width = columns * box_w + (columns - 1) * gap + 40
    c = Canvas(width, rows * box_h + (rows - 1) * vgap + 40, title)

    def at(i: int) -> tuple[float, float]:
        row, col = divmod(i, columns)
        if row % 2:  # snake: odd rows run right to left, so every arrow is short
            col = columns - 1 - col
        return 20 + col * (box_w + gap), 20 + row * (box_h + vgap)

    for i, step in enumerate(steps):
        x, y = at(i)
        _box(c, x, y, box_w, box_h, step)
        if i + 1 < len(steps):
            nx, ny = at(i + 1)
            label = labels[i] if i < len(labels) else ""
            if ny > y:
                c.arrow(x + box_w / 2, y + box_h, nx + box_w / 2, ny - 2, label)
            elif nx > x:
                c.arrow(x + box_w, y + box_h / 2, nx - 2, ny + box_h / 2, label)
            else:
                c.arrow(x, y + box_h / 2, nx + box_w + 2, ny + box_h / 2, label)
    return c.svg()


def cycle(title: str, steps: Sequence[Step], centre: str = "", box_w: float = 170, radius: float = 250) -> str:
    """Steps around a loop, clockwise from the top, each arrow leading to the next and the last back to the
    first (a cycle: the revenue cycle, the claim's life)."""
    box_h = _height(steps, box_w, 13)
    rx, ry = radius * 1.25, radius
    width, height = 2 * rx + box_w + 40, 2 * ry + box_h + 40
    cx, cy = width / 2, height / 2
    c = Canvas(width, height, title)
    n = len(steps)
    points = [(cx + rx * math.sin(2 * math.pi * i / n), cy - ry * math.cos(2 * math.pi * i / n)) for i in range(n)]
    for i in range(n):  # arrows first, so boxes sit on top of them
        (x1, y1), (x2, y2) = points[i], points[(i + 1) % n]
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        # bow the arrow outwards, away from the centre
        bx, by = mx + (mx - cx) * 0.18, my + (my - cy) * 0.18
        sx, sy = _towards(x1, y1, bx, by, box_w, box_h)
        ex, ey = _towards(x2, y2, bx, by, box_w, box_h)
        c.path(f"M{sx:.1f},{sy:.1f} Q{bx:.1f},{by:.1f} {ex:.1f},{ey:.1f}")
    for (x, y), step in zip(points, steps, strict=True):
        _box(c, x - box_w / 2, y - box_h / 2, box_w, box_h, step, 13)
    if centre:
        c.lines(cx, cy - 10, wrap(centre, 22), 17, weight="bold", fill=MUTED)
    return c.svg()


def _towards(x: float, y: float, tx: float, ty: float, w: float, h: float) -> tuple[float, float]:
    """Where the line from a box's centre (x, y) towards (tx, ty) leaves the box (plus a small gap)."""
    dx, dy = tx - x, ty - y
    if dx == 0 and dy == 0:
        return x, y
    scale = min((w / 2 + 4) / abs(dx) if dx else math.inf, (h / 2 + 4) / abs(dy) if dy else math.inf)
    return x + dx * scale, y + dy * scale


def anatomy(title: str, characters: Sequence[str], groups: Sequence[tuple[int, int, str, str]],
            cell: float = 58, caption_w: float = 150, compact: bool = False) -> str:
    """A code drawn character by character, with brackets below naming what each run of characters means:
    `groups` holds (first, last, name, detail) with 0-based character positions. `compact` shares a row between
    brackets whose labels, measured at their printed width, do not overlap (fewer rows for a long code)."""
    n = len(characters)
    levels = _levels(groups, cell if compact else 0)
    depth = max(levels) + 1 if levels else 1
    width = max(n * cell + 40, len(groups) and max(
        (g[0] + g[1] + 1) / 2 * cell + caption_w / 2 + 40 for g in groups) or 0)
    c = Canvas(width, 40 + cell + 30 + depth * 86, title)
    for i, ch in enumerate(characters):
        x = 20 + i * cell
        plain = ch in ".-*"
        c.rect(x + 3, 20, cell - 6, cell, "#ffffff" if plain else PALETTE[0], LINE if plain else ACCENT[0], rx=6)
        c.text(x + cell / 2, 20 + cell * 0.68, ch, cell * 0.52, "bold", INK if not plain else MUTED)
        position = sum(ch not in ".-*" for ch in characters[:i + 1])  # a decimal point or dash is no position
        c.text(x + cell / 2, 20 + cell + 16, str(position) if not plain else "", 11, fill=MUTED)
    for (first, last, name, detail), level in zip(groups, levels, strict=True):
        tone = ACCENT[(level + first) % len(ACCENT)]
        x1, x2 = 20 + first * cell + 6, 20 + (last + 1) * cell - 6
        y = 20 + cell + 28 + level * 86
        c.path(f"M{x1:.1f},{y:.1f} L{x1:.1f},{y + 8:.1f} L{x2:.1f},{y + 8:.1f} L{x2:.1f},{y:.1f}", tone, arrow=False)
        mid = (x1 + x2) / 2
        c.text(mid, y + 28, name, 14, "bold", tone)
        if detail:
            c.lines(mid, y + 46, wrap(detail, 24), 12, fill=MUTED)
    return c.svg()


def _levels(groups: Sequence[tuple[int, int, str, str]], cell: float = 0) -> list[int]:
    """A row for each bracket so that labels of neighbouring brackets never overlap (with `cell`, the width of a
    character's box, labels are measured at their printed width; without it, generously)."""
    placed: list[tuple[float, float, int]] = []
    out = []
    for first, last, name, detail in groups:
        mid = (first + last + 1) / 2
        if cell:
            text = max(len(name) * 14 * 0.62, max((len(ln) for ln in wrap(detail, 24)), default=0) * 12 * CHAR_W)
            half = max(text / 2 + 8, (last - first + 1) * cell / 2) / cell
        else:
            half = max(len(name) * 0.3, len(wrap(detail, 24)[0]) * 0.22 if detail else 0, (last - first + 1) / 2)
        level = 0
        while any(lv == level and not (mid + half < a or mid - half > b) for a, b, lv in placed):
            level += 1
        placed.append((mid - half, mid + half, level))
        out.append(level)
    return out


def ladder(title: str, steps: Sequence[Step], notes: Sequence[str] = (), box_w: float = 200) -> str:
    """Levels climbing from the lower left (an appeals ladder, escalating steps); `notes[i]` is written on the
    riser between step i and step i + 1 (a deadline, a threshold)."""
    n = len(steps)
    box_h = _height(steps, box_w, 13)
    rise = box_h * 0.62
    run = box_w + 30
    width = n * run + 40
    c = Canvas(width, n * rise + box_h + 60, title)
    for i, step in enumerate(steps):
        x = 20 + i * run
        y = 20 + (n - 1 - i) * rise
        _box(c, x, y, box_w, box_h, step, 13)
        if i + 1 < n:
            nx, ny = x + run, y - rise
            c.path(f"M{x + box_w:.1f},{y + box_h / 2:.1f} L{nx + 10:.1f},{y + box_h / 2:.1f} L{nx + 10:.1f},"
                   f"{ny + box_h + 2:.1f}")
            if i < len(notes) and notes[i]:
                c.lines(x + box_w + 14, y + box_h / 2 + 18, wrap(notes[i], 18), 11, fill=MUTED, anchor="start")
    return c.svg()


def decision(title: str, questions: Sequence[tuple[str, str]], otherwise: str, box_w: float = 300,
             out_w: float = 250) -> str:
    """A chain of yes/no questions: each `(question, outcome if yes)`; a "no" leads down to the next question,
    and the last "no" to `otherwise`."""
    steps = [Step(q, tone=0) for q, _ in questions]
    outs = [Step(o, tone=1) for _, o in questions]
    qh = _height(steps, box_w, 13)
    oh = _height(outs + [Step(otherwise)], out_w, 13)
    h = max(qh, oh)
    gap = 44
    n = len(questions)
    width = 20 + box_w + 90 + out_w + 20
    c = Canvas(width, 20 + (n + 1) * (h + gap), title)
    for i, (q, o) in enumerate(zip(steps, outs, strict=True)):
        y = 20 + i * (h + gap)
        _box(c, 20, y, box_w, h, q, 13)
        _box(c, 20 + box_w + 90, y, out_w, h, o, 13)
        c.arrow(20 + box_w, y + h / 2, 20 + box_w + 88, y + h / 2, "yes")
        c.arrow(20 + box_w / 2, y + h, 20 + box_w / 2, y + h + gap - 2)
        c.text(20 + box_w / 2 + 16, y + h + gap / 2 + 4, "no", 12, fill=MUTED, anchor="start")
    _box(c, 20, 20 + n * (h + gap), box_w, h, Step(otherwise, tone=2), 13)
    return c.svg()


def sequence(title: str, actors: Sequence[str], messages: Sequence[tuple[int, int, str]], col: float = 230) -> str:
    """Who sends what to whom, in time order from the top: `messages` holds (from, to, label) with actor
    indexes (a claim's journey through clearinghouse and payer)."""
    width = len(actors) * col
    step = 46
    height = 90 + len(messages) * step + 30
    c = Canvas(width, height, title)
    xs = [col / 2 + i * col for i in range(len(actors))]
    for i, (x, name) in enumerate(zip(xs, actors, strict=True)):
        tone = i % len(PALETTE)
        c.rect(x - col / 2 + 14, 14, col - 28, 44, PALETTE[tone], ACCENT[tone])
        c.text(x, 41, name, 14, "bold")
        c.parts.append(f'<line x1="{x:.1f}" y1="58" x2="{x:.1f}" y2="{height - 14:.1f}" stroke="{LINE}" '
                       'stroke-width="1.5" stroke-dasharray="4 4"/>')
    for k, (a, b, label) in enumerate(messages):
        y = 90 + k * step
        if a == b:
            c.path(f"M{xs[a]:.1f},{y - 8:.1f} h40 v16 h-38", ACCENT[a % len(ACCENT)])
            c.text(xs[a] + 48, y + 4, label, 12, fill=INK, anchor="start")
            continue
        end = xs[b] - 4 if b > a else xs[b] + 4
        c.arrow(xs[a], y, end, y, color=ACCENT[a % len(ACCENT)])
        c.text((xs[a] + xs[b]) / 2, y - 7, label, 12, fill=INK, halo=True)
    return c.svg()


def timeline(title: str, events: Sequence[tuple[str, str]], spans: Sequence[tuple[int, int, str]] = (),
             width: float = 900) -> str:
    """Events along a line at even spacing, each `(when, what)`; `spans` holds (first, last, label) for
    periods drawn above the line (a filing window, a cure period)."""
    n = len(events)
    gapx = (width - 120) / max(n - 1, 1)
    base = 60 + 40 * (1 if spans else 0)
    c = Canvas(width, base + 140, title)
    xs = [60 + i * gapx for i in range(n)]
    c.parts.append(f'<line x1="30" y1="{base}" x2="{width - 30:.0f}" y2="{base}" stroke="{LINE}" stroke-width="3"/>')
    for k, (first, last, label) in enumerate(spans):
        tone = ACCENT[(k + 2) % len(ACCENT)]
        y = base - 22 - (k % 2) * 18
        c.path(f"M{xs[first]:.1f},{y:.1f} L{xs[last]:.1f},{y:.1f}", tone, arrow=False)
        c.text((xs[first] + xs[last]) / 2, y - 6, label, 12, "bold", tone)
    for x, (when, what) in zip(xs, events, strict=True):
        c.parts.append(f'<circle cx="{x:.1f}" cy="{base}" r="7" fill="{ACCENT[0]}"/>')
        c.text(x, base + 26, when, 13, "bold")
        c.lines(x, base + 44, wrap(what, max(10, int(gapx / 7.5))), 12, fill=MUTED)
    return c.svg()


def grid(title: str, columns: Sequence[Step], rows: Sequence[tuple[str, Sequence[Step | None]]],
         box_w: float = 200, head_w: float = 130, gap: float = 10) -> str:
    """A comparison drawn with boxes: a heading box over each column, a label at the left of each row, and a box
    in each cell (None leaves the cell empty); each row is as tall as its fullest cell (laws side by side, roles
    against skills)."""
    label_w = head_w if any(label for label, _ in rows) else 0
    head_h = _height(columns, box_w)
    heights = [_height([s for s in cells if s is not None] or [Step("")], box_w, 13) for _, cells in rows]
    width = 20 + label_w + len(columns) * (box_w + gap) - gap + 20
    c = Canvas(width, 20 + head_h + sum(h + gap for h in heights) + 20, title)
    left = 20 + label_w
    for j, col in enumerate(columns):
        _box(c, left + j * (box_w + gap), 20, box_w, head_h, col)
    y = 20 + head_h + gap
    for (label, cells), h in zip(rows, heights, strict=True):
        if label:
            text = wrap(label, max(8, int((head_w - 14) / (13 * CHAR_W))))
            c.lines(left - 12, y + (h - len(text) * 13 * 1.3) / 2 + 13, text, 13, weight="bold", fill=MUTED,
                    anchor="end")
        for j, cell in enumerate(cells[:len(columns)]):
            if cell is not None:
                _box(c, left + j * (box_w + gap), y, box_w, h, cell, 13)
        y += h + gap
    return c.svg()


def fan(title: str, middle: Sequence[Step], inputs: Sequence[Step] = (), outputs: Sequence[Step] = (),
        labels: Sequence[str] = (), out_labels: Sequence[str] = (), box_w: float = 190, gap: float = 70) -> str:
    """Several boxes feeding one chain and the chain splitting into several: `inputs` stacked at the left all
    lead into the first `middle` box, the `middle` boxes run left to right (`labels[i]` names the arrow after
    middle box i), and the last leads to each of `outputs` stacked at the right, `out_labels[i]` on the arrow to
    output i (a sum, then a split: RVUs into a payment, a charge into payment and adjustments)."""
    every = [*inputs, *middle, *outputs]
    box_h = _height(every, box_w, 13)
    vgap = 18
    stack = max(len(inputs), len(outputs), 1)
    height = stack * box_h + (stack - 1) * vgap + 40
    mid_y = height / 2 - box_h / 2
    x = 20.0
    width = 20 + (box_w + gap) * (bool(inputs) + bool(outputs)) + len(middle) * box_w + (len(middle) - 1) * gap + 20
    c = Canvas(width, height, title)

    def column(steps: Sequence[Step], left: float) -> list[float]:
        top = height / 2 - (len(steps) * box_h + (len(steps) - 1) * vgap) / 2
        ys = [top + i * (box_h + vgap) for i in range(len(steps))]
        for y, step in zip(ys, steps, strict=True):
            _box(c, left, y, box_w, box_h, step, 13)
        return ys

    if inputs:
        ys = column(inputs, x)
        x += box_w + gap
        n = len(inputs)
        for i, y in enumerate(ys):
            end = mid_y + box_h / 2 + (i - (n - 1) / 2) * min(14, box_h / (n + 1))
            c.arrow(x - gap, y + box_h / 2, x - 2, end)
    for i, step in enumerate(middle):
        _box(c, x, mid_y, box_w, box_h, step, 13)
        if i + 1 < len(middle):
            c.arrow(x + box_w, mid_y + box_h / 2, x + box_w + gap - 2, mid_y + box_h / 2,
                    labels[i] if i < len(labels) else "")
        x += box_w + gap
    if outputs:
        ys = column(outputs, x)
        n = len(outputs)
        for i, y in enumerate(ys):
            start = mid_y + box_h / 2 + (i - (n - 1) / 2) * min(14, box_h / (n + 1))
            c.arrow(x - gap, start, x - 2, y + box_h / 2, out_labels[i] if i < len(out_labels) else "")
    return c.svg()


def fields(title: str, parts: Sequence[tuple[str, str, str]], groups: Sequence[tuple[int, int, str]] = (),
           box_min: float = 84, sep_w: float = 20) -> str:
    """A record split into its fields (an X12 segment into elements): `parts` holds (text, ref, meaning) in
    order; a part with neither ref nor meaning is a separator (a delimiter such as * or :), drawn small and
    plain, and a field with empty text is drawn dashed. `groups` holds (first, last, label) brackets over runs
    of parts (a composite element)."""
    size = 17
    widths = [sep_w if not ref and not meaning else max(box_min, len(text) * size * 0.62 + 20)
              for text, ref, meaning in parts]
    notes = [wrap(meaning, max(8, int((w - 6) / (12 * CHAR_W)))) if meaning else [] for (_, _, meaning), w
             in zip(parts, widths, strict=True)]
    top = 20 + (34 if groups else 0)
    box_y = top + 22
    box_h = 44
    height = box_y + box_h + 18 + max((len(n) for n in notes), default=0) * 15.6 + 20
    xs = [20 + sum(widths[:i]) for i in range(len(parts))]
    c = Canvas(20 + sum(widths) + 20, height, title)
    for k, (first, last, label) in enumerate(groups):
        x1, x2 = xs[first] + 4, xs[last] + widths[last] - 4
        y = top - 8
        c.path(f"M{x1:.1f},{y + 6:.1f} L{x1:.1f},{y:.1f} L{x2:.1f},{y:.1f} L{x2:.1f},{y + 6:.1f}",
               ACCENT[(k + 4) % len(ACCENT)], arrow=False)
        c.text((x1 + x2) / 2, y - 7, label, 12, "bold", ACCENT[(k + 4) % len(ACCENT)])
    tone = 0
    for (text, ref, meaning), x, w, note in zip(parts, xs, widths, notes, strict=True):
        if not ref and not meaning:
            c.text(x + w / 2, box_y + box_h * 0.68, text, size, "bold", MUTED)
            continue
        if text:
            c.rect(x + 2, box_y, w - 4, box_h, PALETTE[tone % len(PALETTE)], ACCENT[tone % len(ACCENT)], rx=6)
            c.text(x + w / 2, box_y + box_h * 0.66, text, size, "bold")
        else:
            c.parts.append(f'<rect x="{x + 2:.1f}" y="{box_y:.1f}" width="{w - 4:.1f}" height="{box_h}" rx="6" '
                           f'fill="#ffffff" stroke="{LINE}" stroke-width="1.5" stroke-dasharray="5 4"/>')
            c.text(x + w / 2, box_y + box_h * 0.62, "(empty)", 12, fill=MUTED, italic=True)
        c.text(x + w / 2, box_y - 7, ref, 12, "bold", ACCENT[tone % len(ACCENT)])
        c.lines(x + w / 2, box_y + box_h + 18, note, 12, fill=MUTED)
        tone += 1
    return c.svg()


def branches(title: str, start: Step, lanes: Sequence[Sequence[Step]], end: Step | None = None,
             labels: Sequence[str] = (), box_w: float = 230, gap: float = 40) -> str:
    """One box splitting into side-by-side lanes that run down the page, and (with `end`) joining again: `start`
    on top leads into the first box of each lane, `labels[j]` names the arrow into lane j, each lane's boxes
    follow one another downwards, and every lane's last box leads into `end`, drawn across the bottom (two ways
    to one answer; one question answered differently in two settings). Keep labels to a word or two."""
    n = len(lanes)
    rows = max(len(lane) for lane in lanes)
    every = [start, *(s for lane in lanes for s in lane), *([end] if end else [])]
    box_h = _height(every, box_w, 13)
    vgap, split = 40, 62
    width = 20 + n * box_w + (n - 1) * gap + 20
    full = width - 40
    height = 20 + box_h + split + rows * box_h + (rows - 1) * vgap + (vgap + box_h if end else 0) + 20
    c = Canvas(width, height, title)
    start_w = min(full, box_w * 1.6)
    _box(c, (width - start_w) / 2, 20, start_w, box_h, start, 13)
    top = 20 + box_h + split
    for j, lane in enumerate(lanes):
        x = 20 + j * (box_w + gap)
        x0 = width / 2 + (j - (n - 1) / 2) * min(40, start_w / (n + 1))
        c.arrow(x0, 20 + box_h, x + box_w / 2, top - 2)
        if j < len(labels) and labels[j]:  # above the lane, on the side of the arrow away from the other lanes
            left = x + box_w / 2 < x0
            c.text(x + box_w / 2 + (-12 if left else 12), top - 12, labels[j], 12, "bold", MUTED,
                   "end" if left else "start", halo=True)
        for i, step in enumerate(lane):
            y = top + i * (box_h + vgap)
            _box(c, x, y, box_w, box_h, step, 13)
            if i + 1 < len(lane):
                c.arrow(x + box_w / 2, y + box_h, x + box_w / 2, y + box_h + vgap - 2)
        if end:
            last = top + (len(lane) - 1) * (box_h + vgap) + box_h
            c.arrow(x + box_w / 2, last, x + box_w / 2, height - 20 - box_h - 2)
    if end:
        _box(c, 20, height - 20 - box_h, full, box_h, end, 13)
    return c.svg()
