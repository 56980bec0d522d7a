"""What every exercise template shares: the exercise-and-key pair it returns, and the data it draws from."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from workbook.exercises.keys import Answer
from workbook.exercises.spec import Exercise

BANK = "practice"
ICD_DOMAINS = ("CPC", "CCA", "CCS")
FEE_DOMAINS = ("CPB", "CBCS")
CENT = Decimal("0.01")

Made = tuple[Exercise, Answer]
Maker = Callable[[random.Random, str], Made]


@dataclass(frozen=True)
class Template:
    """A parametrized exercise: ``make(rng, exercise_id)`` draws the case facts and computes the key."""

    id: str
    chapter: str  # the bank (chapter) id whose core skill it drills
    skill: str  # one line an instructor reads in `python -m workbook templates`
    make: Maker


def exercise(ex_id: str, qtype: str, prompt: str, answer: Any, explanation: str, *, source: str,
             topic: str, options: Sequence[str] = (), left: Sequence[str] = (), right: Sequence[str] = (),
             fields: Sequence[tuple[str, str, str]] = (), note: str = "", system: str = "",
             domains: Sequence[str] = ICD_DOMAINS, unit: str = "", decimals: int = 2, tolerance: str = "0",
             hints: Sequence[str] = (), case: bool = False) -> Made:
    """One generated exercise and its key; ``source`` names the rule or data the key comes from."""
    ex = Exercise(id=ex_id, type=qtype, prompt=prompt, bank=BANK, options=tuple(options), left=tuple(left),
                  right=tuple(right), fields=tuple(fields), note=note, system=system, unit=unit,
                  decimals=decimals, domains=tuple(domains), case=case, topics=(topic,), hints=tuple(hints))
    return ex, Answer(ex_id, answer, explanation, source, Decimal(tolerance))


def shuffled(rng: random.Random, right: str, wrong: Sequence[str], n: int = 4) -> list[str]:
    """``right`` and up to ``n - 1`` distinct distractors, in a seeded order."""
    pool = [w for w in dict.fromkeys(wrong) if w != right]
    options = [right, *rng.sample(pool, min(n - 1, len(pool)))]
    rng.shuffle(options)
    return options


def money(value: Decimal) -> str:
    """$1,234.50 as prompts and explanations print amounts (Markdown-escaped dollar sign)."""
    return f"\\${value.quantize(CENT):,}"


def icd() -> Any:
    from revcycle.codes import icd10cm

    return icd10cm


def on() -> date:
    """Templates use the ICD-10-CM release the book teaches, whatever the day they run."""
    return icd().PRIMARY.effective_from


_POOLS: dict[str, list[str]] = {}


def billable() -> list[str]:
    if "billable" not in _POOLS:
        _POOLS["billable"] = icd().codes(billable=True, on=on())
    return _POOLS["billable"]


def headers() -> list[str]:
    if "headers" not in _POOLS:
        _POOLS["headers"] = icd().codes(billable=False, on=on())
    return _POOLS["headers"]


def long_date(d: date) -> str:
    """July 3, 2026: how prompts and options write a date."""
    return f"{d:%B} {d.day}, {d.year}"


def patient_name(rng: random.Random) -> str:
    """A synthetic patient (revcycle.synthetic's pools load on first use)."""
    from revcycle.synthetic.pools import PATIENT_FIRST_NAMES, PATIENT_LAST_NAMES

    return f"{rng.choice(PATIENT_FIRST_NAMES)} {rng.choice(PATIENT_LAST_NAMES)}"


def doctor_name(rng: random.Random) -> str:
    """A synthetic clinician, "Dr. First Last"."""
    from revcycle.synthetic.pools import PROVIDER_FIRST_NAMES, PROVIDER_LAST_NAMES

    return f"Dr. {rng.choice(PROVIDER_FIRST_NAMES)} {rng.choice(PROVIDER_LAST_NAMES)}"
