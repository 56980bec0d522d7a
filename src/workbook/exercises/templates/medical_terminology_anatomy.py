"""Templates for the chapter medical-terminology-anatomy: read a drawn medical word from its parts, put drawn segments
of the digestive tract in order, and find the character that carries the side of a drawn real ICD-10-CM code.

Every key is computed by :mod:`revcycle.coding.terminology` (``split()``, ``GI_TRACT``, ``laterality_of()``); the
words come from the book's own word-part table and the codes from the FY2027 ICD-10-CM release.
"""

from __future__ import annotations

import random
from functools import cache

from revcycle.coding import terminology
from workbook.errors import WorkbookError
from workbook.exercises.templates import template
from workbook.exercises.templates.base import exercise, icd, on

DOMAINS = ("CPC", "CCA")
WORD_SOURCE = ("The book's word-part table (revcycle/data/word_parts.csv), meanings checked against NLM MedlinePlus, "
               "Understanding Medical Words")
GI_SOURCE = "NCI SEER Training Modules, digestive system; revcycle.coding.terminology.GI_TRACT"
SIDE_SOURCE = ("ICD-10-CM FY2027 tabular list; ICD-10-CM Official Guidelines for Coding and Reporting, Section I.B.13 "
               "(laterality)")
SIDES = ("right", "left", "bilateral")


@cache
def _words() -> tuple[terminology.Split, ...]:
    """Example words of the table that split completely into at least one root and a suffix that is not a bare
    noun or adjective ending ('-a', '-ic', '-al'...), so the meaning reads as a procedure or a condition."""
    plain = {"a", "ia", "y", "ic", "al", "ac", "ar", "ary", "eal", "ous", "ior", "is", "um", "us", "ism"}
    out: dict[str, terminology.Split] = {}
    for part in terminology.parts():
        s = terminology.split(part.example)
        if s.complete and s.suffix and s.suffix.part not in plain and any(p.kind == "root" for p in s.pieces):
            out.setdefault(s.term, s)
    return tuple(out[w] for w in sorted(out))


@template("term-word-meaning", "medical-terminology-anatomy", "Split a medical word into its parts and choose its "
          "meaning, reading from the suffix")
def term_word_meaning(rng: random.Random, ex_id: str):
    words = _words()
    word = rng.choice(words)
    assert word.meaning is not None and word.suffix is not None
    others = [w for w in words if w.meaning != word.meaning]
    # good distractors share the suffix (same kind of act, another organ) or the roots (same organ, another act)
    same_suffix = [w.meaning for w in others if w.meaning and w.suffix and w.suffix.part == word.suffix.part]
    same_root = [w.meaning for w in others if w.meaning and set(w.body_systems) & set(word.body_systems)]
    pool: list[str] = list(dict.fromkeys([*rng.sample(same_suffix, min(2, len(same_suffix))),
                               *rng.sample(same_root, min(2, len(same_root)))]))
    while len(pool) < 3:
        extra = rng.choice(others).meaning
        if extra is not None and extra not in pool:
            pool.append(extra)
    options = [word.meaning, *pool[:3]]
    rng.shuffle(options)
    prompt = (f"Split **{word.term}** into its word parts and read it from the suffix. Which meaning fits, in the "
              "plain words of the book's word-part table?")
    steps = "; ".join(word.reading)
    explanation = (f"{word.term} = {word}. Suffix first: {steps}. So {word.term} means **{word.meaning}**.")
    return exercise(ex_id, "single", prompt, word.meaning, explanation, options=options, domains=DOMAINS,
                    topic="term-word-meaning", source=WORD_SOURCE,
                    hints=[f"The word ends in -{word.suffix.part}.",
                           "Then find the root or roots between the prefix (if any) and the suffix."])


@template("term-gi-order", "medical-terminology-anatomy", "Put drawn segments of the digestive tract in order, mouth "
          "to anus")
def term_gi_order(rng: random.Random, ex_id: str):
    segments = terminology.GI_TRACT
    n = rng.choice((4, 5, 5, 6))
    drawn = rng.sample(segments, n)
    right = sorted(drawn, key=segments.index)
    shown = list(drawn)
    while shown == right:  # never show the answer as the starting order
        rng.shuffle(shown)
    prompt = (f"A capsule camera swallowed by a synthetic patient photographs {n} segments of the digestive tract: "
              f"{', '.join(shown)}. Put them in the order the camera passes them, from the mouth toward the anus.")
    explanation = ("The tract runs " + ", ".join(segments) + f". In that order the {n} drawn segments are: "
                   + " → ".join(right) + ".")
    return exercise(ex_id, "ordering", prompt, right, explanation, options=shown, domains=DOMAINS,
                    topic="term-gi-order", source=GI_SOURCE,
                    hints=["The small intestine (duodenum, jejunum, ileum) comes before the large intestine.",
                           "The large intestine starts at the cecum, climbs, crosses, descends and turns into the "
                           "sigmoid colon."])


@cache
def _sided_codes() -> tuple[str, ...]:
    """FY2027 billable codes whose own title says right, left or bilateral."""
    return tuple(code for code, title, billable in icd().listing(on=on())
                 if billable and terminology.side_in_title(title) in SIDES)


@template("term-laterality-character", "medical-terminology-anatomy", "Find the character of a real ICD-10-CM code "
          "that carries the side of the body")
def term_laterality_character(rng: random.Random, ex_id: str):
    pool = _sided_codes()
    for _ in range(200):
        code = rng.choice(pool)
        lat = terminology.laterality_of(code, on=on())
        if lat.side not in SIDES or lat.position is None or lat.character is None:
            continue
        compact = code.replace(".", "")
        right = f"Character {lat.position}, {lat.character}: {lat.side}"
        wrong = [f"Character {k + 1}, {compact[k]}: {lat.side}" for k in range(3, len(compact))
                 if k + 1 != lat.position]
        if len(wrong) < 2:
            continue
        options = [right, *rng.sample(wrong, min(3, len(wrong)))]
        rng.shuffle(options)
        prompt = (f"`{code}` is **{lat.title}**. Which character of the code carries the side of the body (the "
                  "decimal point is not a character)?")
        explanation = (f"{lat.evidence.capitalize()}; the code for another side of the same condition differs from "
                       f"{code} at character {lat.position}, so that character, **{lat.character}**, says "
                       f"{lat.side}. The position of the laterality character depends on the category.")
        return exercise(ex_id, "single", prompt, right, explanation, options=options, domains=DOMAINS,
                        topic="term-laterality-character", source=SIDE_SOURCE,
                        hints=["Compare the code with the one for the other side of the same condition.",
                               "Count the characters from the left, leaving out the dot."])
    raise WorkbookError("Could not draw a code whose side sits in one character; the code set looks incomplete.")
