"""Widgets that work on the static website too: they only switch views, so they need no kernel."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import ipywidgets as W


def tabbed_cards(cards: Sequence[tuple[str, Sequence[tuple[str, str]]]]) -> W.Tab:
    """One tab per card; each card is a title and (label, text) rows. Tab switching runs in the page."""
    pages = []
    for _title, rows in cards:
        body = "".join(f"<dt><strong>{escape(label)}</strong></dt><dd>{escape(text)}</dd>" for label, text in rows)
        pages.append(W.HTML(value=f"<dl>{body}</dl>"))
    tab = W.Tab(children=pages)
    tab.titles = tuple(f"{i + 1}. {title}" for i, (title, _rows) in enumerate(cards))
    return tab
