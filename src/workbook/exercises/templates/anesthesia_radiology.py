"""Templates for the chapter anesthesia-radiology: price an anesthesia line from a drawn case, choose the anesthesia
payment modifier, and price the later line of an imaging session.

Every key comes from :mod:`revcycle.payment.anesthesia`, :mod:`revcycle.payment.radiology` (on the real CY2026 RVU
file) or :mod:`revcycle.coding.modifiers`; the templates only tell the story. Base units are stated by the case (the
book does not ship CMS's base-unit file). Patients and clinicians are synthetic.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from revcycle.coding import modifiers
from revcycle.payment import anesthesia, radiology
from workbook.exercises.templates import template
from workbook.exercises.templates.base import Made, doctor_name, exercise, money, patient_name, shuffled

DOMAINS = ("CPC", "CPB", "CBCS")
ZERO = Decimal(0)
SOURCE_ANES = ("42 CFR 414.46; CMS, Medicare Claims Processing Manual (Pub. 100-04), ch. 12, sec. 50; CY2026 PFS "
               "final rule (national anesthesia conversion factor); revcycle.payment.anesthesia")
SOURCE_IMG = ("CMS PFS relative value file RVU26C and its record layout (multiple procedure indicator 4, family 88); "
              "revcycle.payment.radiology")
#: Anesthesia codes the cases use, with the base units each case states (a case input, not shipped CMS data).
CASES = (("00790", 7, "a laparoscopic gallbladder removal"), ("01402", 7, "a total knee replacement"))
#: The stories of who gave the anesthesia: (LineFacts answer, sentence, concurrent cases when directed).
ROLES = (
    ("personal", "The anesthesiologist gave the anesthesia personally, with no other case at the time.", 0),
    ("crna_alone", "A CRNA gave the anesthesia; no anesthesiologist was involved.", 0),
    ("direct_one", "A CRNA gave the anesthesia, medically directed by an anesthesiologist who had no other case "
                   "at the time; the line is the anesthesiologist's.", 1),
    ("direct_concurrent", "A CRNA gave the anesthesia, medically directed by an anesthesiologist directing {n} "
                          "cases at once; the line is the anesthesiologist's.", 3),
    ("crna_directed", "A CRNA gave the anesthesia, medically directed by an anesthesiologist directing {n} cases "
                      "at once; the line is the CRNA's.", 2),
)


def _times(rng: random.Random) -> tuple[str, str, int]:
    """A start and end time on a CY2026 day, and the minutes between them."""
    start = datetime(2026, 3, 2, 7, 0) + timedelta(minutes=rng.randint(0, 300))
    minutes = rng.randint(18, 260)
    return f"{start:%H:%M}", f"{start + timedelta(minutes=minutes):%H:%M}", minutes


@template("anr-anesthesia-line", "anesthesia-radiology", "Price a Medicare anesthesia line from the record's times, "
          "the case's base units and who gave the anesthesia")
def anr_anesthesia_line(rng: random.Random, ex_id: str) -> Made:
    """Draw a code, times and a role; the engine prices the line at the CY2026 national factor."""
    code, base, what = rng.choice(CASES)
    role, sentence, n = rng.choice(ROLES)
    start, end, minutes = _times(rng)
    modifier = modifiers.decide(kind="anesthesia", anesthesia_role=role).modifiers[0]
    paid = anesthesia.price_anesthesia(code, base, minutes, modifier=modifier)
    prompt = (f"**Case.** {patient_name(rng)}, a Medicare patient, has {what}. The anesthesia code is `{code}`, and "
              f"the case gives it {base} base units. The anesthesia record runs from {start} to {end}. "
              f"{sentence.format(n=n)}\n\nAt the CY2026 national anesthesia conversion factor "
              f"(\\${paid.conversion_factor}), what does Medicare allow for this line? Round once, at the end.")
    explanation = (f"{minutes} minutes / 15 = {paid.time_units} time units (one decimal); {base} + {paid.time_units} "
                   f"= {paid.total_units} units; x {paid.conversion_factor} = {money(paid.full_amount)} in full. "
                   f"The line takes **{modifier}**, paid at {paid.share:.0%}: **{money(paid.allowed)}**.")
    return exercise(ex_id, "numeric", prompt, str(paid.allowed), explanation, unit="$", decimals=2, tolerance="0.01",
                    domains=DOMAINS, case=True, topic="anr-anesthesia-line", source=SOURCE_ANES,
                    hints=["Count the minutes between the times, then divide by 15 and round to one decimal.",
                           "Which payment modifier does the line take, and what share does it pay?"])


@template("anr-payment-modifier", "anesthesia-radiology", "Choose the anesthesia payment modifier for a line from who "
          "gave the anesthesia and how many cases an anesthesiologist directed")
def anr_payment_modifier(rng: random.Random, ex_id: str) -> Made:
    """The role is drawn (with a concurrency for the directed ones); the modifier procedure chooses."""
    n = rng.randint(2, 4)
    stories = {
        "personal": "The anesthesiologist gave the anesthesia personally, alone.",
        "crna_alone": "A CRNA gave the anesthesia with no anesthesiologist involved. Code the CRNA's line.",
        "direct_one": "An anesthesiologist medically directed the one CRNA giving the anesthesia, with no other case "
                      "at the time. Code the anesthesiologist's line.",
        "direct_concurrent": f"An anesthesiologist medically directed {n} concurrent cases, each with a CRNA, and met "
                             "every required step. Code the anesthesiologist's line for this case.",
        "supervise": f"An anesthesiologist was involved in {n + 3} concurrent cases at once. Code the "
                     "anesthesiologist's line for this case.",
        "crna_directed": f"A CRNA gave the anesthesia under the medical direction of an anesthesiologist directing "
                         f"{n} cases. Code the CRNA's line.",
    }
    role = rng.choice(tuple(stories))
    decision = modifiers.decide(kind="anesthesia", anesthesia_role=role)
    answer = decision.modifiers[0]
    options = shuffled(rng, answer, list(anesthesia.PAYMENT_MODIFIERS), n=5)
    prompt = (f"**Case.** {doctor_name(rng)}'s group bills anesthesia for {patient_name(rng)}, a Medicare patient. "
              f"{stories[role]}\n\nWhich payment modifier goes first on the line?")
    explanation = f"**{answer}**. {decision.chosen[0].reason}"
    return exercise(ex_id, "single", prompt, answer, explanation, options=options, domains=DOMAINS, case=True,
                    topic="anr-payment-modifier", source=SOURCE_ANES,
                    hints=["Whose line is it, the anesthesiologist's or the CRNA's?",
                           "One case directed: QY; two to four: QK; more than four: AD."])


#: Imaging codes with indicator 4 and family 88 that sessions draw from, by body area (each checked by the tests).
#: A session takes one code from each of two areas: two codes of one contrast family would be unbundling.
IMAGING = (("70450", "70460"), ("71250", "71260"), ("74176", "74177"), ("72148", "72158"), ("76700", "76705"))


@template("anr-imaging-session", "anesthesia-radiology", "Apply the imaging multiple-procedure reduction to the "
          "lower-ranked study of a session, from the RVU file's real component amounts")
def anr_imaging_session(rng: random.Random, ex_id: str) -> Made:
    """Two real indicator-4 codes, national non-facility; the key is the engine's amount for the second-ranked one."""
    codes = [rng.choice(area) for area in rng.sample(IMAGING, 2)]
    session = radiology.price_imaging(codes)
    lower = next(ln for ln in session.lines if ln.tc_rank != 1 or ln.pc_rank != 1)
    table = "\n".join(f"| `{ln.code}` | {money(ln.fee_schedule)} | {money(ln.technical or ZERO)} | "
                      f"{money(ln.professional or ZERO)} |" for ln in session.lines)
    prompt = (f"**Case.** An imaging center does two studies for {patient_name(rng)}, a Medicare patient, in one "
              "session and bills the global service. CY2026 national non-facility amounts:\n\n"
              "| code | global | technical | professional |\n|---|---|---|---|\n"
              f"{table}\n\nBoth codes have multiple-procedure indicator 4 and family 88. What does Medicare allow for "
              f"the `{lower.code}` line? Round once, at the end.")
    tc_share = "100%" if lower.tc_rank == 1 else "50%"
    pc_share = "100%" if lower.pc_rank == 1 else "95%"
    explanation = (f"Rank each part on its own. `{lower.code}`'s technical part is ranked {lower.tc_rank} "
                   f"({tc_share}) and its professional part {lower.pc_rank} ({pc_share}): "
                   f"**{money(lower.allowed)}**.")
    return exercise(ex_id, "numeric", prompt, str(lower.allowed), explanation, unit="$", decimals=2,
                    tolerance="0.01", domains=("CPB", "CBCS"), case=True, topic="anr-imaging-session",
                    source=SOURCE_IMG,
                    hints=["Rank the technical parts, then the professional parts.",
                           "Later technical parts are paid at 50%, later professional parts at 95%."])
