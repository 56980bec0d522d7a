"""Templates for the chapter modifiers: choose a line's modifiers from a drawn case, the modifier a service inside (or
outside) a global period needs, and the pair of modifiers that cannot share a line.

Every key comes from :mod:`revcycle.coding.modifiers` (and, for dates, :func:`revcycle.payment.surgery.global_period`
on real CY2026 codes); the templates only tell the story. Patients and clinicians are synthetic.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from functools import cache
from typing import Any

from revcycle.coding import modifiers as engine
from revcycle.payment import fees, surgery
from workbook.exercises.templates import template
from workbook.exercises.templates.base import Made, doctor_name, exercise, long_date, patient_name, shuffled

DOMAINS = ("CPC", "CPB", "CBCS")
SOURCE = ("CMS, Medicare Claims Processing Manual (Pub. 100-04), ch. 12, sec. 40.2 (global surgery modifiers); NCCI "
          "Policy Manual, ch. I; CMS MLN1783722; the book's decision procedure, revcycle.coding.modifiers")

#: Story fragments for a procedure line: (field, value, sentence). One is drawn from each of a few groups.
FRAGMENTS: dict[str, tuple[tuple[str, object, str], ...]] = {
    "side": (("side", "left", "on the left side of a paired body part"),
             ("side", "right", "on the right side of a paired body part"),
             ("side", "both", "on both sides, in one session")),
    "role": (("role", "", "billed by the operating surgeon"),
             ("role", "assistant", "billed by a physician who assisted the surgeon throughout"),
             ("role", "npp_assistant", "billed by the practice's physician assistant, who assisted throughout"),
             ("role", "co_surgeon", "billed by one of two surgeons of different specialties, each doing a distinct "
                                    "part")),
    "distinct": (("distinct", "", "with no other service on the claim"),
                 ("distinct", "encounter", "after another procedure of an NCCI pair done at a separate visit earlier "
                                           "that day"),
                 ("distinct", "practitioner", "beside another procedure of an NCCI pair that a different clinician "
                                              "did")),
    "abn": (("abn", "", "Medicare is expected to pay"),
            ("abn", "signed", "Medicare may deny it as not necessary, and the patient signed an ABN"),
            ("abn", "none", "Medicare may deny it as not necessary, and no ABN was given")),
}
#: Modifiers a learner might confuse with the right ones.
CONFUSABLE = ("LT", "RT", "50", "80", "AS", "62", "82", "XE", "XP", "XS", "59", "GA", "GZ", "GY", "51", "76")


@template("mod-choose-for-facts", "modifiers", "Choose every modifier a procedure line needs from a case, in the "
          "chapter's order of questions")
def mod_choose_for_facts(rng: random.Random, ex_id: str) -> Made:
    """Draw a side, a role, a distinct-service fact and an ABN fact; the engine chooses the modifiers."""
    while True:
        picks = [rng.choice(FRAGMENTS[group]) for group in FRAGMENTS]
        answers: dict[str, Any] = {field: value for field, value, _ in picks}
        decision = engine.decide(kind="procedure", **answers)
        if decision.modifiers and not decision.conflicts:
            break
    story = "; ".join(sentence for _, _, sentence in picks)
    prompt = (f"**Case.** {doctor_name(rng)}'s practice bills a procedure for {patient_name(rng)}, a Medicare "
              f"patient. The procedure was done {story}.\n\nWhich modifiers belong on this line? Select all that "
              "apply.")
    options = shuffled(rng, decision.modifiers[0], [*decision.modifiers[1:], *CONFUSABLE], n=6)
    for m in decision.modifiers:  # every right answer is an option
        if m not in options:
            options[options.index(next(o for o in options if o not in decision.modifiers))] = m
    answer = [m for m in options if m in decision.modifiers]
    reasons = " ".join(f"{c.modifier}: {c.reason}" for c in decision.chosen)
    explanation = (f"**{decision.label()}** (pricing modifiers first). {reasons} "
                   "Any option not chosen either contradicts the case or describes another one.")
    return exercise(ex_id, "multiple", prompt, answer, explanation, options=options, domains=DOMAINS, case=True,
                    topic="mod-choose-for-facts", source=SOURCE,
                    hints=["Walk the questions: where on the body, what role, separate from another service, who "
                           "pays if denied.", "Both sides in one session is one modifier, not two."])


@cache
def _surgical_codes() -> tuple[tuple[str, str], ...]:
    """Payable CY2026 codes with a 010 or 090 global period, and that period."""
    out = []
    for code in fees.payable_codes():
        days = fees.rvu_record(code).global_days
        if days in ("010", "090"):
            out.append((code, days))
    return tuple(out)


SITUATIONS = {
    "unrelated_visit": ("em", "a visit by the same surgeon for a problem unrelated to the operation"),
    "related_visit": ("em", "a routine follow-up visit by the same surgeon to check the wound"),
    "staged": ("procedure", "a second, planned stage of the treatment by the same surgeon"),
    "return_to_or": ("procedure", "an unplanned return to the operating room by the same surgeon for bleeding from "
                                  "the operation"),
    "unrelated_procedure": ("procedure", "a procedure by the same surgeon on another, unrelated problem"),
}
NOTHING_INSIDE = "No line is billed: the visit is part of the global package"
OUTSIDE = "No global-period modifier: the service is after the global period"


@template("mod-global-period", "modifiers", "Decide whether a later service falls inside a real code's global period, "
          "and which of 24, 58, 78, 79 it needs")
def mod_global_period(rng: random.Random, ex_id: str) -> Made:
    """The date decides whether the global period applies; the relation decides the modifier."""
    code, days = rng.choice(_surgical_codes())
    operated = fees_date(rng)
    period = surgery.global_period(code, operated)
    assert period.end is not None
    inside = rng.random() < 0.7
    later = operated + timedelta(days=rng.randint(1, int(days))) if inside else \
        period.end + timedelta(days=rng.randint(1, 30))
    relation = rng.choice(tuple(SITUATIONS))
    kind, story = SITUATIONS[relation]
    if later <= period.end:
        decision = engine.decide(kind=kind, postop=relation)
        answer = decision.modifiers[0] if decision.modifiers else NOTHING_INSIDE
    else:
        answer = OUTSIDE
    options = ["24", "58", "78", "79", NOTHING_INSIDE, OUTSIDE]
    prompt = (f"**Case.** {patient_name(rng)}, a Medicare patient, has `{code}` on {long_date(operated)}. The CY2026 "
              f"fee schedule file gives the code GLOB DAYS **{days}**. On {long_date(later)} there is {story}.\n\n"
              "What does the later line need?")
    where = (f"The global period runs to {long_date(period.end)} ({period.meaning}), so {long_date(later)} is "
             f"{'inside' if later <= period.end else 'after'} it.")
    explanation = f"{where} Answer: **{answer}**."
    return exercise(ex_id, "single", prompt, answer, explanation, options=options, domains=DOMAINS, case=True,
                    topic="mod-global-period", source=SOURCE,
                    hints=["Count the days first: the operation is day 0.",
                           "Inside the period: unrelated visit 24; planned 58; complication in the OR 78; "
                           "unrelated procedure 79."])


def fees_date(rng: random.Random) -> date:
    """A date of surgery in CY2026, the year of the fee schedule file."""
    return date(2026, 1, 5) + timedelta(days=rng.randint(0, 300))


#: Pairs the engine should refuse together, and modifiers that combine with them harmlessly (for the other two).
HARMLESS = ("80", "GA", "XS", "LT", "KX", "51", "22", "26", "59", "AS", "GY", "95")
PAIRS = (("59", "XS"), ("50", "RT"), ("50", "LT"), ("54", "56"), ("26", "TC"), ("76", "77"), ("JW", "JZ"),
         ("GA", "GZ"), ("LT", "RT"), ("73", "74"), ("52", "53"), ("80", "62"), ("58", "79"), ("95", "93"))


@template("mod-spot-conflict", "modifiers", "Spot the two modifiers that cannot share a claim line")
def mod_spot_conflict(rng: random.Random, ex_id: str) -> Made:
    """Draw a line of three modifiers holding exactly one conflicting pair, as revcycle.coding.modifiers finds."""
    while True:
        pair = rng.choice(PAIRS)
        third = rng.choice(HARMLESS)
        mods = [*pair, third]
        rng.shuffle(mods)
        found = engine.conflicts(mods)
        if len(found) == 1 and set(found[0].modifiers) == set(pair):
            break
    a, b, c = mods
    options = [f"{x} and {y}" for x, y in ((a, b), (a, c), (b, c))]
    answer = next(o for o in options if set(o.split(" and ")) == set(pair))
    prompt = (f"A claim line reads `{'-'.join(['CODE', *mods])}`. Which two modifiers **cannot** stand together on "
              "one line?")
    explanation = f"**{answer}**. {found[0].message}"
    return exercise(ex_id, "single", prompt, answer, explanation, options=options, domains=DOMAINS,
                    topic="mod-spot-conflict", source=SOURCE,
                    hints=["Look for two modifiers that say the same thing twice, or opposite things."])
