"""The website face of an exercise: self-contained HTML that static/workbook.js checks in the browser."""

from __future__ import annotations

import json
from functools import lru_cache
from html import escape

from markdown_it import MarkdownIt

from workbook.exercises.spec import Exercise, heading, item_names, plain

SYSTEM_NAMES = {"icd10cm": "ICD-10-CM code", "hcpcs": "HCPCS Level II code", "cpt": "CPT code"}


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # Raw HTML in a prompt is escaped, not rendered: banks are data, not markup.
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def markdown(text: str) -> str:
    return _markdown().render(text)


def _choices(ex: Exercise, kind: str) -> str:
    name = f"wb-{ex.id}"
    items = "".join(
        f'<li><label><input type="{kind}" name="{name}" value="{i}"> {escape(plain(text))}</label></li>'
        for i, text in enumerate(ex.options)
    )
    legend = "Choose one answer" if kind == "radio" else "Choose every answer that applies"
    return f'<fieldset class="wb-answer"><legend>{legend}</legend><ul class="wb-options">{items}</ul></fieldset>'


def _selects(ex: Exercise, labels: list[str], pool: tuple[str, ...], legend: str) -> str:
    options = '<option value="">Choose…</option>' + "".join(
        f'<option value="{i}">{escape(plain(text))}</option>' for i, text in enumerate(pool)
    )
    rows = "".join(
        f'<li><label><span class="wb-slot">{escape(plain(label))}</span> '
        f'<select class="wb-select" data-wb-slot="{i}">{options}</select></label></li>'
        for i, label in enumerate(labels)
    )
    return f'<fieldset class="wb-answer"><legend>{legend}</legend><ol class="wb-slots">{rows}</ol></fieldset>'


def _text_input(ex: Exercise) -> str:
    if ex.type == "code":
        label = f"Your answer ({SYSTEM_NAMES[ex.system]})"
        extra = 'autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="12"'
    else:
        unit = f" ({escape(ex.unit)})" if ex.unit else ""
        label = f"Your answer{unit}"
        extra = 'inputmode="decimal" autocomplete="off" maxlength="24"'
    return (
        f'<div class="wb-answer"><label for="wb-{ex.id}-input">{label}</label> '
        f'<input id="wb-{ex.id}-input" class="wb-input" type="text" {extra}></div>'
    )


FIELD_HINTS = {"text": "", "code": "a code", "number": "an amount", "date": "MM/DD/YYYY"}


def _claim_fields(ex: Exercise) -> str:
    rows = "".join(
        f'<li><label for="wb-{ex.id}-f{i}"><span class="wb-item">Item {escape(item)}</span> '
        f'{escape(plain(label))}</label> '
        f'<input id="wb-{ex.id}-f{i}" class="wb-field" data-wb-kind="{kind}" type="text" autocomplete="off" '
        f'spellcheck="false" maxlength="60" placeholder="{FIELD_HINTS[kind]}"></li>'
        for i, (item, label, kind) in enumerate(ex.fields)
    )
    legend = "<legend>Fill in the CMS-1500 items</legend>"
    return f'<fieldset class="wb-answer">{legend}<ul class="wb-fields">{rows}</ul></fieldset>'


def _spot_note(ex: Exercise) -> str:
    """The note with each [candidate] as a toggle button a screen reader announces as pressed or not."""
    from workbook.exercises.spec import CANDIDATE

    counter = iter(range(10_000))
    parts = []
    last = 0
    for m in CANDIDATE.finditer(ex.note):
        parts.append(escape(ex.note[last:m.start()]))
        i = next(counter)
        parts.append(f'<button type="button" class="wb-spot" aria-pressed="false" data-wb-spot="{i}">'
                     f"{escape(m.group(1))}</button>")
        last = m.end()
    parts.append(escape(ex.note[last:]))
    text = "".join(parts).strip().replace("\n\n", "</p><p>").replace("\n", " ")
    return (f'<fieldset class="wb-answer"><legend>Select every phrase that is an identifier (press again to '
            f'unselect)</legend><div class="wb-note"><p>{text}</p></div></fieldset>')


def answer_controls(ex: Exercise) -> str:
    if ex.type == "single":
        return _choices(ex, "radio")
    if ex.type == "multiple":
        return _choices(ex, "checkbox")
    if ex.type == "ordering":
        labels = [f"Position {i + 1}" for i in range(len(ex.options))]
        pool = "".join(f"<li>{escape(plain(item))}</li>" for item in ex.options)
        return (f'<p class="wb-pool-label">The items to put in order:</p><ul class="wb-pool">{pool}</ul>'
                + _selects(ex, labels, ex.options, "Choose the item for each position, first to last"))
    if ex.type == "matching":
        return _selects(ex, list(ex.left), ex.right, "Match each term")
    if ex.type == "claim":
        return _claim_fields(ex)
    if ex.type == "spot":
        return _spot_note(ex)
    return _text_input(ex)


def lookup(code_set: str = "icd10cm") -> str:
    """The website's code look-up box (workbook.js searches the data workbook.site.lookup writes)."""
    options = "".join(f'<option value="{key}"{" selected" if key == code_set else ""}>{name}</option>'
                      for key, name in (("icd10cm", "ICD-10-CM diagnoses"), ("hcpcs", "HCPCS Level II")))
    return (
        '<div class="wb-lookup"><p><label>Code set <select class="wb-lookup-system">' + options + "</select></label> "
        '<label>Look up <input class="wb-lookup-q wb-input" type="search" autocomplete="off" spellcheck="false" '
        'maxlength="80" placeholder="a condition, an abbreviation, a supply or a code"></label></p>'
        '<p class="wb-lookup-status" role="status" aria-live="polite"></p><ol class="wb-lookup-results"></ol></div>'
    )


LOOKUP_PAGE = "code-lookup.html"


def _hint_html(hint: str) -> str:
    """A hint; one that sends the reader to the encoder also links the website's look-up (same folder)."""
    extra = (f' <a class="wb-lookup-link" href="{LOOKUP_PAGE}">Open the code look-up</a>.'
             if "encoder" in hint.lower() else "")
    return markdown(hint) + (f"<p>{extra.strip()}</p>" if extra else "")


def _hints(ex: Exercise) -> str:
    return "".join(
        f'<details class="wb-hint"><summary>Hint {i + 1}</summary>{_hint_html(hint)}</details>'
        for i, hint in enumerate(ex.hints)
    )


def render(ex: Exercise, salt: str) -> str:
    """One exercise as HTML; the answer appears only as salted hashes in a data attribute."""
    title, tags = heading(ex)
    meta = f'<span class="wb-meta"> \u00b7 {escape(tags)}</span>'
    check = escape(json.dumps(ex.check, sort_keys=True, separators=(",", ":")))
    names = escape(json.dumps(item_names(ex), separators=(",", ":")))
    return (
        f'<div class="wb-exercise" id="wb-{ex.id}" data-wb-id="{ex.id}" data-wb-bank="{escape(ex.bank)}" '
        f'data-wb-names="{names}" data-wb-points="{ex.points:g}" '
        f'data-wb-domains="{escape(json.dumps(list(ex.domains) or ["General"]))}" data-wb-type="{ex.type}" '
        f'data-wb-salt="{escape(salt)}" data-wb-system="{ex.system}" data-wb-decimals="{ex.decimals}" '
        f'data-wb-unit="{escape(ex.unit)}" data-wb-check="{check}" role="group" aria-labelledby="wb-{ex.id}-title">'
        f'<p class="wb-title" id="wb-{ex.id}-title"><strong>{escape(title)}</strong>{meta}</p>'
        f'<div class="wb-prompt">{markdown(ex.prompt)}</div>'
        f"{answer_controls(ex)}"
        f'<div class="wb-actions"><button type="button" class="wb-check">Check answer</button> '
        f'<span class="wb-attempts"></span></div>'
        f'<div class="wb-feedback" role="status" aria-live="polite"></div>'
        f'<div class="wb-explanation" aria-live="polite" hidden></div>'
        f"{_hints(ex)}"
        f'<noscript><p class="wb-noscript">Turn on JavaScript to check answers on this page.</p></noscript>'
        f"</div>"
    )


def exam(items_html: str, minutes: float, count: int) -> str:
    """The timed exam on the website: questions hidden until Start, no checking until Finish (or time out),
    then every answer judged, explained and scored by exam domain (static/workbook.js)."""
    shown = f"{minutes:g} minute{'s' if minutes != 1 else ''}"
    return (
        f'<div class="wb-exam" data-wb-minutes="{minutes:g}">'
        f'<p class="wb-exam-note">{count} questions, {shown}. Press <strong>Start</strong> when you are ready: the '
        "clock starts and the questions appear. Nothing is checked until you press <strong>Finish and score</strong> "
        "(or time runs out); then every answer is marked, explained and scored by exam domain. Exam answers are not "
        "saved to your progress.</p>"
        f'<p><button type="button" class="wb-check wb-exam-start">Start the exam ({shown})</button> '
        '<strong class="wb-exam-clock" role="timer" hidden></strong></p>'
        f'<div class="wb-exam-questions" hidden>{items_html}'
        '<p><button type="button" class="wb-check wb-exam-finish">Finish and score</button></p></div>'
        '<div class="wb-exam-report" role="status" aria-live="polite"></div>'
        "<noscript><p>Turn on JavaScript to take the exam on this page.</p></noscript></div>"
    )


def practice(sets_html: str, seeds: list[int]) -> str:
    """Generated practice on the website: one seed's set shown per visit (or the one ?seed= names), its seed
    shown so a question can be reported, and a button that draws another (static/workbook.js)."""
    return (
        f'<div class="wb-practice" data-wb-seeds="{escape(json.dumps(seeds))}">'
        '<p class="wb-practice-bar"><span class="wb-practice-seed" role="status"></span> '
        '<button type="button" class="wb-check wb-practice-next">Draw another set</button></p>'
        f"{sets_html}"
        "<noscript><p>Turn on JavaScript to practise on this page.</p></noscript></div>"
    )

