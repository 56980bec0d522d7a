"""Unlimited practice drawn from the real code set and fee tables: the seed makes the questions, and the keys.

Nothing is stored: the same seed always gives the same questions, so a grader recomputes the answers.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from workbook.errors import WorkbookError
from workbook.exercises.keys import Answer, make_check
from workbook.exercises.spec import Exercise

BANK = "practice"
ICD_DOMAINS = ("CPC", "CCA", "CCS")
FEE_DOMAINS = ("CPB", "CBCS")
BILLABLE = "A complete, billable code"
HEADER = "A heading: more characters are needed"
MAX_QUESTIONS = 500


@dataclass(frozen=True)
class Question:
    """A generated exercise, its computed key, and the salt its hashes use."""

    exercise: Exercise
    answer: Answer
    salt: str
    kind: str


def practice_salt(seed: int) -> str:
    return hashlib.sha256(f"workbook-practice:{seed}".encode()).hexdigest()[:16]


def _icd():
    from revcycle.codes import icd10cm

    return icd10cm


def _on() -> date:
    """Generated practice uses the release the book teaches, whatever the day it runs."""
    return _icd().PRIMARY.effective_from


def _make(kind: str, ex_id: str, qtype: str, prompt: str, answer: object, explanation: str, *,
          options: Sequence[str] = (), system: str = "", domains: Sequence[str] = ICD_DOMAINS,
          unit: str = "", tolerance: str = "0", hints: Sequence[str] = ()) -> tuple[Exercise, Answer]:
    ex = Exercise(id=ex_id, type=qtype, prompt=prompt, bank=BANK, options=tuple(options), system=system,
                  unit=unit, decimals=2, domains=tuple(domains), topics=(kind,), hints=tuple(hints))
    return ex, Answer(ex_id, answer, explanation, "Generated from the FY2027 ICD-10-CM and CY2026 PFS data",
                      Decimal(tolerance))


def _code_from_title(rng: random.Random, ex_id: str):
    icd = _icd()
    code = rng.choice(_billable())
    info = icd.describe(code, on=_on())
    prompt = f"Which ICD-10-CM code has the tabular-list title **{info.title}**? Type the complete code."
    return _make("code-from-title", ex_id, "code", prompt, code,
                 f"{code} is titled '{info.title}' in {icd.RELEASE}.", system="icd10cm",
                 hints=[f"It is in chapter {info.chapter.id}: {info.chapter.title}.",
                        f"Its category is {code[:3]}."])


def _code_from_term(rng: random.Random, ex_id: str):
    icd = _icd()
    for _ in range(400):
        code = rng.choice(_billable())
        info = icd.describe(code, on=_on())
        terms = [n.text for n in info.inclusion_terms if n.source == code]
        if terms:
            term = rng.choice(terms)
            prompt = (f"A provider documents **{term}**. Which billable ICD-10-CM code lists this as an "
                      "inclusion term? Type the complete code.")
            return _make("code-from-term", ex_id, "code", prompt, code,
                         f"'{term}' is an inclusion term under {code} ({info.title}).", system="icd10cm",
                         hints=["Search the term in the encoder, then confirm the code in the tabular list.",
                                f"The code is in chapter {info.chapter.id}."])
    raise WorkbookError("Could not find a code with an inclusion term; the code set looks incomplete.")


def _billable_or_header(rng: random.Random, ex_id: str):
    icd = _icd()
    pool = _billable() if rng.random() < 0.5 else _headers()
    code = rng.choice(pool)
    billable = icd.is_billable(code, on=_on())
    shown = code
    prompt = f"Is **{shown}** ({icd.describe(code, on=_on()).title}) a code you can report as it stands?"
    why = ("it is a leaf of the tabular list" if billable
           else "it has codes below it (or needs a 7th character), so it is a heading")
    return _make("billable-or-header", ex_id, "single", prompt, BILLABLE if billable else HEADER,
                 f"{shown} is {'billable' if billable else 'not billable'}: {why}.", options=(BILLABLE, HEADER))


def _chapter(rng: random.Random, ex_id: str):
    icd = _icd()
    code = rng.choice(_billable())
    info = icd.describe(code, on=_on())
    right = f"Chapter {info.chapter.id}: {info.chapter.title}"
    others = [f"Chapter {c.number}: {c.title}" for c in icd.chapters(on=_on())
              if str(c.number) != info.chapter.id]
    options = [right, *rng.sample(others, 3)]
    rng.shuffle(options)
    shown = code
    prompt = f"In which chapter of the ICD-10-CM tabular list is **{shown}**?"
    return _make("chapter", ex_id, "single", prompt, right,
                 f"{shown} falls in {info.chapter.span}, {right}.", options=options,
                 hints=["The first character tells you most of the time; a few letters span two chapters."])


def _seventh(rng: random.Random, ex_id: str):
    icd = _icd()
    for _ in range(400):
        code = rng.choice(_billable())
        if len(code.replace(".", "")) != 7 or code[0] not in "ST":
            continue
        info = icd.describe(code, on=_on())
        if not info.seventh_options or not info.parents:
            continue
        stem = info.parents[0]
        option = rng.choice(info.seventh_options)
        try:
            target = icd.normalize(icd.with_seventh(stem, option.char, on=_on()))
        except Exception:  # noqa: BLE001 - try another code when a combination is not valid
            continue
        if not icd.is_billable(target, on=_on()):
            continue
        stem_title = icd.describe(stem, on=_on()).title
        prompt = (f"The provider documents **{stem_title}** ({stem}), and this is the **{option.meaning}**. "
                  "Type the complete code, with any placeholder X the code needs.")
        return _make("seventh", ex_id, "code", prompt, target,
                     f"{stem} takes 7th character {option.char} for '{option.meaning}': {target}.",
                     system="icd10cm", hints=["Count the characters: the 7th character always sits in position 7.",
                                              "Fill empty positions before it with the placeholder X."])
    raise WorkbookError("Could not find a code with 7th-character options; the code set looks incomplete.")


def _allowed_amount(rng: random.Random, ex_id: str):
    from revcycle.payment import fees

    code = rng.choice(fees.payable_codes())
    locality = rng.choice(fees.localities())
    # The shipped RVU file lacks CMS's "NA" flags; major surgery (90-day global) is priced in a facility only.
    major = fees.rvu_record(code).global_days == "090"
    setting: fees.Setting = "facility" if major else rng.choice(("non-facility", "facility"))
    pay = fees.pfs_payment(code, locality=locality.key, setting=setting)
    r, g = pay.rvus, pay.gpcis
    prompt = (
        f"Code {code}, {setting} setting, locality **{locality.name.strip('*')}** ({locality.state}). "
        f"RVUs: work {r.work}, practice expense {r.pe}, malpractice {r.mp}. "
        f"GPCIs: work {g.work}, practice expense {g.pe}, malpractice {g.mp}. "
        f"Conversion factor \\${pay.conversion_factor}. What is the Medicare allowed amount, to the cent?"
    )
    explanation = (f"({r.work} x {g.work}) + ({r.pe} x {g.pe}) + ({r.mp} x {g.mp}) = "
                   f"{pay.total_adjusted_rvus.normalize()} adjusted RVUs; x \\${pay.conversion_factor} = "
                   f"\\${pay.payment}.")
    return _make("allowed-amount", ex_id, "numeric", prompt, str(pay.payment), explanation, unit="$",
                 tolerance="0.01", domains=FEE_DOMAINS,
                 hints=["Multiply each RVU by its GPCI, add the three, then multiply by the conversion factor.",
                        "Round only once, at the end."])


KINDS: dict[str, Callable[[random.Random, str], tuple[Exercise, Answer]]] = {
    "code-from-title": _code_from_title,
    "code-from-term": _code_from_term,
    "billable-or-header": _billable_or_header,
    "chapter": _chapter,
    "seventh": _seventh,
    "allowed-amount": _allowed_amount,
}

_POOLS: dict[str, list[str]] = {}


def _billable() -> list[str]:
    if "billable" not in _POOLS:
        _POOLS["billable"] = _icd().codes(billable=True, on=_on())
    return _POOLS["billable"]


def _headers() -> list[str]:
    if "headers" not in _POOLS:
        _POOLS["headers"] = _icd().codes(billable=False, on=_on())
    return _POOLS["headers"]


def questions(seed: int, n: int = 10, kinds: Sequence[str] | None = None) -> list[Question]:
    """``n`` questions for ``seed``, cycling through ``kinds``; identical for the same arguments."""
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise WorkbookError("The seed must be a whole number of 0 or more, such as 42.")
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_QUESTIONS:
        raise WorkbookError(f"Ask for between 1 and {MAX_QUESTIONS} questions.")
    chosen = list(kinds or KINDS)
    unknown = [k for k in chosen if k not in KINDS]
    if unknown or not chosen:
        raise WorkbookError(f"Unknown kind(s) {unknown}; choose from: {', '.join(KINDS)}.")
    salt = practice_salt(seed)
    out = []
    for i in range(n):
        kind = chosen[i % len(chosen)]
        rng = random.Random(f"{seed}:{i}:{kind}")
        ex, answer = KINDS[kind](rng, f"p{seed}-{i + 1:03d}")
        ex = Exercise(**{**vars(ex), "check": make_check(ex, answer, salt)})
        out.append(Question(ex, answer, salt, kind))
    return out


def show(seed: int, n: int = 10, kinds: Sequence[str] | None = None, learner: str | None = None) -> None:
    """Display generated questions with the same two faces as authored exercises."""
    from IPython.display import display

    from workbook.ui.display import ExerciseView, Recorder

    recorder = Recorder(learner)
    for q in questions(seed, n, kinds):
        display(ExerciseView(q.exercise, q.salt, q.answer, recorder))


SITE_SEEDS = (2026, 2027, 2028, 2029, 2030, 2031)
"""The question sets the website carries: one is drawn at random on each visit (or the one ?seed= names)."""


class PracticeSets:
    """Generated practice in both faces: in Jupyter the live questions of the first seed; on the website every
    seed's set, one shown per visit with its seed (so a question can be reported) and a button for another."""

    def __init__(self, seeds: Sequence[int], n: int = 10, learner: str | None = None):
        from workbook.ui.display import Recorder

        if not seeds:
            raise WorkbookError("Give at least one seed, e.g. practice_sets([2026, 2027]).")
        self.sets = {seed: questions(seed, n) for seed in seeds}
        self.recorder = Recorder(learner)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        import ipywidgets as W

        from workbook.site import html
        from workbook.ui.display import ExerciseView

        first = next(iter(self.sets.values()))
        views = [ExerciseView(q.exercise, q.salt, q.answer, self.recorder) for q in first]
        bundle = dict(W.VBox([v.widget.box for v in views])._repr_mimebundle_(include=include, exclude=exclude) or {})
        sets = "".join(
            f'<div class="wb-practice-set" data-wb-seed="{seed}" hidden>'
            + "".join(html.render(q.exercise, q.salt) for q in qs) + "</div>"
            for seed, qs in self.sets.items())
        bundle["text/html"] = html.practice(sets, list(self.sets))
        bundle["text/plain"] = f"Generated practice: {len(self.sets)} sets (seeds {', '.join(map(str, self.sets))})."
        return bundle


def practice_sets(seeds: Sequence[int] = SITE_SEEDS, n: int = 10, learner: str | None = None) -> PracticeSets:
    """Display several seeds' question sets (see PracticeSets)."""
    return PracticeSets(seeds, n, learner)

