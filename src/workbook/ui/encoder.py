"""The encoder: search a code set as you type, read a code's notes, and build 7th-character codes.

`encoder()` returns an ipywidgets box: a search field (results update as you type; Enter opens the best
match), a results list (arrow keys move through it), a detail pane (billable badge, includes, Excludes1
versus Excludes2, code first, use additional code, code also) and, where the code needs one, a
7th-character picker. Bad input shows a readable message, never a traceback.
"""

from __future__ import annotations

import sys
import types
from html import escape
from typing import Any

import ipywidgets as W

from revcycle.core.errors import RevcycleError

CODE_SETS = ("icd10cm", "hcpcs")

_BADGE = {
    True: ("#e7f6ec", "#14532d", "Billable"),
    False: ("#fdecec", "#7f1d1d", "Not billable"),
}
_NOTE_SECTIONS = (
    ("includes", "Includes", ""),
    ("inclusion_terms", "Inclusion terms", "Conditions this code is used for."),
    ("excludes1", "Excludes1", "NOT coded here: never report these together with this code."),
    ("excludes2", "Excludes2", "Not included here: the patient may have both; both codes may be reported."),
    ("code_first", "Code first", "Sequence the underlying condition before this code."),
    ("use_additional_code", "Use additional code", "Add a code for the related detail named here."),
    ("code_also", "Code also", "Another code may be needed; sequence by the circumstances."),
    ("notes", "Notes", ""),
)


def _module(code_set: str) -> Any:
    if code_set == "icd10cm":
        from revcycle.codes import icd10cm

        return icd10cm
    if code_set == "hcpcs":
        from revcycle.codes import hcpcs

        return hcpcs
    raise ValueError(f"code_set must be one of {', '.join(CODE_SETS)}, not {code_set!r}.")


def _status(text: str, kind: str = "info") -> str:
    colors = {"info": ("#eef2f7", "#1f2937"), "error": ("#fdecec", "#7f1d1d")}
    bg, fg = colors[kind]
    return (f'<div role="status" aria-live="polite" style="background:{bg};color:{fg};padding:4px 8px;'
            f'border-radius:4px">{escape(text)}</div>')


def _badge(billable: bool, text: str | None = None) -> str:
    bg, fg, label = _BADGE[billable]
    return (f'<span style="background:{bg};color:{fg};border:1px solid {fg};padding:1px 6px;'
            f'border-radius:8px;font-weight:600">{escape(text or label)}</span>')


class Encoder(W.VBox):
    """The encoder widget; drive it from code with `.query.value = ...` and `.show(code)` as well."""

    def __init__(self, query: str = "", code_set: str = "icd10cm", limit: int = 15) -> None:
        self.codes = _module(code_set)
        self.code_set = code_set
        self.limit = limit
        self.hits: list[Any] = []
        self.current: str | None = None
        label = "ICD-10-CM" if code_set == "icd10cm" else "HCPCS Level II"
        self.query = W.Text(
            value="",
            description=f"Search {label}",
            placeholder="a code (E11.9), a code start (S72) or words (type 2 diabetes)",
            continuous_update=True,
            style={"description_width": "initial"},
            layout=W.Layout(width="100%"),
            tooltip=f"Search {label} by code or words; press Enter to open the best match",
        )
        self.results = W.Select(
            options=[],
            rows=8,
            description="Results",
            style={"description_width": "initial"},
            layout=W.Layout(width="100%"),
            tooltip="Search results: use the arrow keys to move through them",
        )
        self.status = W.HTML(value=_status(f"{self.codes.RELEASE}. Type to search."))
        self.detail = W.HTML(value="")
        self.seventh = W.Dropdown(
            options=[],
            description="7th character",
            style={"description_width": "initial"},
            tooltip="Choose the 7th character to build the complete code",
            layout=W.Layout(display="none", width="100%"),
        )
        self._picking = False
        self.query.observe(self._on_query, names="value")
        self.query.on_msg(self._on_text_msg)
        self.results.observe(self._on_select, names="value")
        self.seventh.observe(self._on_seventh, names="value")
        super().__init__(
            [self.query, self.status, self.results, self.seventh, self.detail],
            layout=W.Layout(border="1px solid #c8ccd2", padding="8px", width="100%"),
        )
        if query:
            self.query.value = query

    # --- events ---------------------------------------------------------------------------------

    def _on_text_msg(self, _widget: Any, content: dict, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("event") == "submit":
            self.submit()

    def _on_query(self, change: dict) -> None:
        self.run_search(change["new"])

    def _on_select(self, change: dict) -> None:
        if change["new"]:
            self.show(change["new"])

    def _on_seventh(self, change: dict) -> None:
        if self._picking or not change["new"] or not self.current:
            return
        base = self.current
        info = self.codes.describe(base)
        if info.seventh:  # an extended code: swap its 7th character
            base = info.parents[0]
        try:
            code = self.codes.with_seventh(base, change["new"])
        except RevcycleError as exc:
            self.status.value = _status(str(exc), "error")
            return
        self.show(code)

    # --- actions --------------------------------------------------------------------------------

    def run_search(self, text: str) -> list[Any]:
        """Search and list the results; a message replaces them when there are none."""
        try:
            self.hits = self.codes.search(text, limit=self.limit)
        except RevcycleError as exc:
            self.hits = []
            self.status.value = _status(str(exc), "error")
        else:
            if not text.strip():
                self.status.value = _status(f"{self.codes.RELEASE}. Type to search.")
            elif self.hits:
                n = len(self.hits)
                read = sorted({h.why for h in self.hits if getattr(h, "why", "")})
                also = f" Also read as {'; '.join(read)}." if read else ""
                plural = "s" if n != 1 else ""
                self.status.value = _status(f"{n} result{plural} for \u201c{text.strip()[:60]}\u201d.{also} "
                                            "Arrow keys move through them; Enter opens the first.")
            else:
                self.status.value = _status(self._no_match(text), "error")
        options = [(self._option(h), h.code) for h in self.hits]
        self.results.unobserve(self._on_select, names="value")
        try:
            self.results.options = options
            self.results.value = None
        finally:
            self.results.observe(self._on_select, names="value")
        return self.hits

    def _no_match(self, text: str) -> str:
        """Why nothing matched: the code set's own message for a code-shaped query, else a hint."""
        if not text.strip():
            return "Type a code or some words to search."
        try:
            code = self.codes.normalize(text)
            self.codes.describe(code)
        except RevcycleError as exc:
            if any(ch.isdigit() for ch in text):
                return str(exc)
        return (f"Nothing matches \u201c{text.strip()[:60]}\u201d. Check the spelling, use fewer words, "
                "or type the start of a code.")

    def _option(self, hit: Any) -> str:
        flag = getattr(hit, "billable", getattr(hit, "active", True))
        word = ("billable" if flag else "not billable") if self.code_set == "icd10cm" else (
            "current" if flag else "terminated")
        return f"{hit.code}  {hit.title[:80]}  [{word} \u00b7 {_how(hit)}]"

    def submit(self) -> None:
        """Enter: open the first result (or the code typed, when it is one)."""
        if self.hits:
            self.results.value = self.hits[0].code
            return
        self.status.value = _status(self._no_match(self.query.value), "error")

    def show(self, code: str) -> None:
        """Fill the detail pane for a code; a bad code shows its message instead."""
        try:
            info = self.codes.describe(code)
        except RevcycleError as exc:
            self.status.value = _status(str(exc), "error")
            return
        self.current = info.code
        if self.code_set == "icd10cm":
            self.detail.value = self._icd_html(info)
            self._fill_seventh(info)
        else:
            self.detail.value = self._hcpcs_html(info)

    def _fill_seventh(self, info: Any) -> None:
        options = list(info.seventh_options)
        self._picking = True
        try:
            if options and (info.needs_seventh or info.seventh):
                self.seventh.options = [("Choose\u2026", "")] + [(f"{o.char}: {o.meaning}", o.char) for o in options]
                self.seventh.value = info.seventh or ""
                self.seventh.layout.display = None
            else:
                self.seventh.options = []
                self.seventh.layout.display = "none"
        finally:
            self._picking = False

    # --- rendering ------------------------------------------------------------------------------

    def _icd_html(self, info: Any) -> str:
        if info.billable:
            badge = _badge(True)
        elif info.needs_seventh:
            badge = _badge(False, "Not billable: add a 7th character")
        else:
            badge = _badge(False, "Not billable: a heading, choose a more specific code")
        parts = [
            f'<div role="region" aria-label="Details of {escape(info.code)}">',
            f"<h4 style='margin:4px 0'>{escape(info.code)} \u2014 {escape(info.title)} {badge}</h4>",
            f"<div>Chapter {escape(info.chapter.id)}: {escape(info.chapter.title)} ({escape(info.chapter.span)})"
            f" \u203a Block {escape(info.block.span)}: {escape(info.block.title)}</div>",
        ]
        if getattr(info, "data_note", ""):
            parts.append(f"<div role='note'><strong>Note:</strong> {escape(info.data_note)}</div>")
        if info.parents:
            trail = " \u203a ".join(reversed(info.parents))
            parts.append(f"<div>Under: {escape(trail)}</div>")
        if info.children:
            shown = ", ".join(info.children[:12]) + (", \u2026" if len(info.children) > 12 else "")
            parts.append(f"<div>More specific codes: {escape(shown)}</div>")
        for attr, title, meaning in _NOTE_SECTIONS:
            notes = getattr(info, attr)
            if not notes:
                continue
            explain = f" <em>({escape(meaning)})</em>" if meaning else ""
            items = "".join(
                f"<li>{escape(n.text)}"
                + ("" if n.source == info.code else f" <small>(at {escape(n.source)})</small>")
                + "</li>"
                for n in notes
            )
            parts.append(f"<div><strong>{escape(title)}</strong>{explain}<ul style='margin:2px 0'>{items}</ul></div>")
        if info.seventh_options:
            note = f"{escape(info.seventh_note)} " if info.seventh_note else ""
            chars = "; ".join(f"{escape(o.char)} = {escape(o.meaning)}" for o in info.seventh_options)
            parts.append(f"<div><strong>7th characters</strong>: {note}{chars}</div>")
        parts.append(f"<div><small>{escape(info.release)}</small></div></div>")
        return "".join(parts)

    def _hcpcs_html(self, info: Any) -> str:
        current = info.active_on(self.codes.EFFECTIVE)
        badge = _badge(current, "Current" if current else f"Terminated {info.terminated}")
        return (
            f'<div role="region" aria-label="Details of {escape(info.code)}">'
            f"<h4 style='margin:4px 0'>{escape(info.code)} {badge}</h4>"
            f"<div>{escape(info.description)}</div>"
            f"<div><small>Short description: {escape(info.short_description)}; BETOS {escape(info.betos)}; "
            f"added {info.added}; {escape(self.codes.RELEASE)}</small></div></div>"
        )


def encoder(query: str = "", code_set: str = "icd10cm", limit: int = 15) -> Encoder:
    """An encoder widget for ICD-10-CM (default) or HCPCS Level II ('hcpcs'), optionally pre-searched."""
    return Encoder(query=query, code_set=code_set, limit=limit)


class _CallableModule(types.ModuleType):
    """Once this module is imported, `workbook.ui.encoder` names it: calling it still makes an encoder."""

    def __call__(self, query: str = "", code_set: str = "icd10cm", limit: int = 15) -> Encoder:
        return encoder(query=query, code_set=code_set, limit=limit)


sys.modules[__name__].__class__ = _CallableModule


def _how(hit: Any) -> str:
    """Why a hit matched, in a few words: through a synonym, a corrected spelling, or where the words were."""
    why = getattr(hit, "why", "")
    if why:
        return why.split(";")[0][:60]
    source = str(getattr(hit, "source", "")).lower()
    for key, word in (("code", "code"), ("index", "index term"), ("table", "index table"),
                      ("inclusion", "inclusion term"), ("short", "short description"), ("title", "title"),
                      ("description", "description")):
        if key in source:
            return word
    return "words"
