"""Charts for figures: a matplotlib figure saved as SVG with its text kept as text, and no timestamp (so a
rebuild gives the same bytes)."""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure as MplFigure


def new(width: float = 8, height: float = 4) -> MplFigure:
    """A blank chart in the book's style (inches; drawn at 96 dpi)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure as MplFigure

    fig = MplFigure(figsize=(width, height), dpi=96)
    fig.set_layout_engine("constrained")
    return fig


def to_svg(fig: MplFigure, title: str) -> str:
    """The chart as SVG text: fonts as text, no metadata date, and a <title> for screen readers."""
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "workbook"}):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    from html import escape

    return re.sub(r"(<svg[^>]*>)", lambda m: m.group(1) + f"<title>{escape(title)}</title>", svg, count=1)


def unframed(ax: Any, *sides: str) -> None:
    """Hide the frame lines a chart does not need (the top and right ones unless ``sides`` says)."""
    for side in sides or ("top", "right"):
        ax.spines[side].set_visible(False)


def titled(fig: MplFigure, ax: Any, title: str) -> str:
    """Set the chart's title and return it as SVG with the same title for screen readers."""
    ax.set_title(title)
    return to_svg(fig, title)


def date_rows(ax: Any, labels: list[str], start: float, end: float) -> None:
    """A chart of dated rows (one per label, the first at the top) on a month axis from `start` to `end` (matplotlib
    date numbers): ticks every other month, no top or right frame."""
    import matplotlib.dates as mdates

    ax.set_yticks(range(len(labels) - 1, -1, -1), labels)
    ax.set_ylim(-0.6, len(labels) - 0.2)
    ax.set_xlim(start, end)
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 3, 5, 7, 9, 11)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    ax.tick_params(axis="x", labelsize=8)
    unframed(ax)

