"""Templates for the chapter icd10pcs-in-depth: build a code from a random path through a shipped CMS table, read
one character of a code back to its label, and find the first character of a cross-row code that no row allows.

Every key comes from :mod:`revcycle.codes.pcs_tables` (the shipped subset of the CMS FY2026 tables); the templates
only tell the story.
"""

from __future__ import annotations

import random

from revcycle.codes import pcs_tables
from workbook.exercises.templates import template
from workbook.exercises.templates.base import Made, exercise, shuffled

CHAPTER = "icd10pcs-in-depth"
DOMAINS = ("CCA", "CCS", "RHIT")
SOURCE = "CMS ICD-10-PCS FY2026 tables (the book's shipped subset), guideline A; revcycle.codes.pcs_tables"
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh")
NONE_FITS = "None: every character fits, the code is valid"


def _path(rng: random.Random) -> tuple[pcs_tables.Table, str]:
    """A random valid code: a shipped table, one of its rows, one value on each of the row's four axes."""
    table = pcs_tables.table(rng.choice(sorted(pcs_tables.tables())))
    row = rng.choice(table.rows)
    return table, table.key + "".join(rng.choice(sorted(axis)) for axis in row.axes)


def _listing(code: str) -> str:
    decoded = pcs_tables.decode(code)
    return "; ".join(f"{title.lower()}: {label}" for title, _, label in decoded.characters)


@template("pcs-depth-build", CHAPTER, "Build the ICD-10-PCS code for a procedure described by its table labels")
def build_from_labels(rng: random.Random, ex_id: str) -> Made:
    """Draw a path through a table; the distractors change one of characters 4-7 to another value of the table."""
    table, code = _path(rng)
    wrong: list[str] = []
    for position in (4, 5, 6, 7):
        for row in table.rows:
            for value in sorted(row.axes[position - 4]):
                if value != code[position - 1]:
                    wrong.append(code[: position - 1] + value + code[position:])
    wrong = sorted(set(wrong))
    options = shuffled(rng, code, rng.sample(wrong, min(12, len(wrong))))
    prompt = (f"A synthetic inpatient's operative record is abstracted as: {_listing(code)}. Which ICD-10-PCS code "
              f"reports it?")
    explanation = (f"**{code}**: table {table.key}, then each label's value from the one row that holds them all. "
                   "Another option may swap a value for one from a different row, which does not exist as a code.")
    return exercise(ex_id, "single", prompt, code, explanation, options=options, domains=DOMAINS,
                    topic="pcs-depth-build", source=SOURCE,
                    hints=["Find the table from the first three labels, then stay in one row."])


@template("pcs-depth-decode", CHAPTER, "Read one character of an ICD-10-PCS code back to its label in its table")
def decode_character(rng: random.Random, ex_id: str) -> Made:
    """Draw a valid code and a position 4-7; the options are labels the same position takes in that table."""
    while True:
        table, code = _path(rng)
        varied = [p for p in (4, 5, 6, 7) if len({lb for r in table.rows for lb in r.axes[p - 4].values()}) > 1]
        if varied:
            break
    position = rng.choice(varied)
    right = pcs_tables.decode(code).labels[position - 1]
    same_axis = sorted({label for row in table.rows for label in row.axes[position - 4].values()} - {right})
    options = shuffled(rng, right, same_axis)
    title = table.titles[position - 1].lower()
    prompt = (f"In the ICD-10-PCS code **{code}** (table {table.key}), what does the {ORDINALS[position - 1]} "
              f"character, `{code[position - 1]}`, stand for?")
    explanation = (f"In table {table.key} the {ORDINALS[position - 1]} character is the **{title}**, and in the row "
                   f"that holds {code} the value `{code[position - 1]}` is {right}. Whole code: {_listing(code)}.")
    return exercise(ex_id, "single", prompt, right, explanation, options=options, domains=DOMAINS,
                    topic="pcs-depth-decode", source=SOURCE,
                    hints=["Outside Medical and Surgical the positions have other names: read the table's axis title."])


def _cross_row(rng: random.Random) -> str:
    """A code whose characters 4-7 each exist somewhere in its table but, with luck, not all in one row."""
    table = pcs_tables.table(rng.choice(sorted(k for k, t in pcs_tables.tables().items() if len(t.rows) > 1)))
    rows = rng.sample(table.rows, 2)
    values = [rng.choice(sorted(rng.choice(rows).axes[i])) for i in range(4)]
    return table.key + "".join(values)


def first_misfit(code: str) -> int | None:
    """The first position (4-7) whose value no row allows after the ones before it, or None for a valid code."""
    for position in range(4, 8):
        if code[position - 1] not in pcs_tables.next_values(code[: position - 1]):
            return position
    return None


@template("pcs-depth-row-check", CHAPTER, "Find the first character of a code that no row of its table allows")
def row_check(rng: random.Random, ex_id: str) -> Made:
    """Mix values of two rows of one table; the key is the first character that leaves every row (or none)."""
    want_invalid = rng.random() < 0.75
    for _ in range(60):  # most draws of a mixed code are invalid; a quarter of the cases show a valid one
        code = _cross_row(rng)
        misfit = first_misfit(code)
        if (misfit is not None) == want_invalid:
            break
    names = pcs_tables.table(code[:3]).titles
    options = [f"Character {p} ({names[p - 1].lower()})" for p in (4, 5, 6, 7)] + [NONE_FITS]
    right = NONE_FITS if misfit is None else options[misfit - 4]
    if misfit is None:
        why = f"{code} is valid: one row of table {code[:3]} holds all of characters 4-7."
    else:
        allowed = ", ".join(f"{k} ({v})" for k, v in pcs_tables.next_values(code[: misfit - 1]).items())
        why = (f"After {code[: misfit - 1]} the rows that are still possible allow only: {allowed}. "
               f"`{code[misfit - 1]}` is not among them, so character {misfit} is the first that does not fit.")
    prompt = (f"A coder copied **{code}** from a cheat sheet. Every character appears somewhere in table {code[:3]}, "
              "but a code is valid only if characters 4-7 all come from one row. Which character is the first that no "
              "row allows after the ones before it?")
    return exercise(ex_id, "single", prompt, right, why, options=options, domains=DOMAINS,
                    topic="pcs-depth-row-check", source=SOURCE, case=True,
                    hints=["Go left to right; keep only the rows that hold every value so far."])
