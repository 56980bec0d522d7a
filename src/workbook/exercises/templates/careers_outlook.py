"""Templates for the chapter careers-outlook: jobs implied by a BLS projection, gaps between projections, the roles
of the field, the CEU cost of an advancement credential, and a posting's accuracy and productivity expectations."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from workbook.exercises.templates import template
from workbook.exercises.templates.base import Made, exercise, shuffled

CHAPTER = "careers-outlook"
RECORDS = "29-2072"  # medical records specialists, the SOC occupation that counts coders
NAMES = ("Luis Fixture", "Ana Example", "Dana Sample", "Keisha Testpatient", "Omar Placeholder", "Mei Madeup",
         "Diego Imaginary", "Ingrid Notreal", "Kofi Exampleton", "Sofia Fakename")
HEALTH_SYSTEMS = ("Riverbend Health", "Maple Street Medical Group", "Hillcrest Health System", "Lakeside Clinics")


#: How the prose names each projection's group, by SOC code or sector.
SAID = {"29-2072": "medical records specialists", "00-0000": "all occupations",
        "NAICS 62": "the healthcare and social assistance sector"}


def _said(occupation: str, code: str) -> str:
    return SAID.get(code, occupation.lower())


def _verify_note() -> str:
    return ("The medical records specialists figures are marked *verify* in this book: check the current BLS "
            "profile before quoting them.")


@template("outlook-projected-jobs", CHAPTER, "Turn a BLS projected percentage change into a number of jobs")
def projected_jobs(rng: random.Random, ex_id: str) -> Made:
    """Jobs added (or the 2034 total) nationally, or the same percentage applied to one employer's staff."""
    from careers import outlook

    jobs = outlook.figure(RECORDS, "employment")
    rate = outlook.figure(RECORDS, "projected employment change")
    name = rng.choice(NAMES)
    base_text = (f"BLS counts {int(jobs.value):,} jobs for medical records specialists (the occupation that includes "
                 f"coders) in {jobs.period} and projects a {rate.value} percent change in employment over "
                 f"{rate.period}.")
    kind = rng.choice(("added", "total", "local", "local"))
    if kind == "local":
        staff = rng.randint(30, 600)
        while (staff * rate.value) % 100 == 50:  # no half jobs to round
            staff = rng.randint(30, 600)
        answer = outlook.implied_change(staff, rate.value)
        system = rng.choice(HEALTH_SYSTEMS)
        prompt = (f"**Case.** {base_text} {name}, a workforce planner at {system} (synthetic), counts {staff} "
                  "coders and records staff in the department. If the department grew at the same rate as the "
                  "national projection, about how many more such jobs would it have at the end of the period? "
                  "(Round to a whole job.)")
        explanation = (f"{rate.value} percent of {staff} is {staff} x {rate.value / 100} = "
                       f"{Decimal(staff) * rate.value / 100}, about {answer} jobs. A national projection is only a "
                       "rough guide for one employer. " + _verify_note())
    else:
        added = outlook.implied_change(jobs.value, rate.value)
        answer = added if kind == "added" else int(jobs.value) + added
        ask = ("About how many more jobs does that percentage imply?" if kind == "added" else
               "About how many jobs does that imply at the end of the period?")
        prompt = f"**Case.** {name}, a synthetic learner, reads this: {base_text} {ask} (Round to a whole job.)"
        total = (f" The projection implies about {int(jobs.value):,} + {added:,} = {int(jobs.value) + added:,} "
                 "jobs in all." if kind == "total" else "")
        explanation = (f"{rate.value} percent of {int(jobs.value):,} is {int(jobs.value):,} x {rate.value / 100} = "
                       f"{added:,} more jobs.{total} Because BLS rounds the percentage, this approximates BLS's own "
                       "projected count. " + _verify_note())
    return exercise(ex_id, "numeric", prompt, str(answer), explanation, unit="jobs", decimals=0,
                    source=rate.source, topic="outlook-projected-jobs", domains=(), case=True,
                    hints=["A percentage change applies to the base-year number of jobs.",
                           "Divide the percentage by 100 before you multiply."])


@template("outlook-growth-gap", CHAPTER, "Compare two BLS employment projections in percentage points")
def growth_gap(rng: random.Random, ex_id: str) -> Made:
    """Three projections in a table; the learner picks the right two and subtracts them."""
    from careers import outlook

    rows = [(f.occupation, f.soc_code, f.value, f.period) for f in outlook.figures()
            if f.figure == "projected employment change"]
    rng.shuffle(rows)
    a, b = rng.sample(rows, 2)
    gap = abs(a[2] - b[2])
    direction = "faster" if a[2] > b[2] else "slower"
    table = "\n".join(f"| {occ} | {value}% | {period} |" for occ, _soc, value, period in rows)
    prompt = ("BLS projects these changes in employment:\n\n| Who | Projected change | Period |\n|---|---|---|\n"
              f"{table}\n\nBy how many percentage points is employment for **{_said(a[0], a[1])}** projected to "
              f"grow {direction} than for **{_said(b[0], b[1])}**?")
    explanation = (f"{max(a[2], b[2])} - {min(a[2], b[2])} = {gap} percentage points: {_said(a[0], a[1])} "
                   f"{a[2]} percent against {_said(b[0], b[1])} {b[2]} percent. The difference of two percentages is "
                   "measured in percentage points; \"percent faster\" would mean something else.")
    sources = "; ".join(dict.fromkeys(f.source for f in outlook.figures()
                                      if f.figure == "projected employment change" and f.soc_code in (a[1], b[1])))
    return exercise(ex_id, "numeric", prompt, str(gap), explanation, unit="points", decimals=1, source=sources,
                    topic="outlook-growth-gap", domains=(),
                    hints=["Find the two rows the question names, then subtract the smaller from the larger.",
                           "The answer is in percentage points, not percent."])


ROLES = {
    "Medical coder": "Reads the documentation, assigns diagnosis and procedure codes, and queries providers when the "
                     "record is unclear",
    "Billing specialist": "Builds and sends claims, posts payments, works denials and appeals, and answers patients' "
                          "billing questions",
    "Health information technician": "Keeps the health record complete, accurate and secure, and releases "
                                     "information under the privacy rules",
    "Clinical documentation integrity specialist": "Reviews records while the patient is still in care and queries "
                                                   "providers so the documentation is complete",
    "Coding auditor": "Samples coded records, measures their accuracy, finds patterns and trains coders",
    "Compliance officer": "Runs the compliance program: policies, training, audits, investigations and corrective "
                          "action",
    "Revenue-cycle manager": "Leads the teams from registration to collections and answers for cash and denial rates",
}


@template("outlook-role-match", CHAPTER, "Match the roles of the field to the work at their centre")
def role_match(rng: random.Random, ex_id: str) -> Made:
    """Four or five of the chapter's seven roles, each with the work that defines it."""
    roles = rng.sample(sorted(ROLES), rng.choice((4, 5)))
    right = [ROLES[r] for r in roles]
    rng.shuffle(right)
    explanation = " ".join(f"{r}: {ROLES[r].lower()}." for r in roles)
    prompt = (f"{rng.choice(NAMES)}, a synthetic learner, reads {len(roles)} job postings from "
              f"{rng.choice(HEALTH_SYSTEMS)} (synthetic), one for each role below. Match each role to the work at "
              "its centre.")
    return exercise(ex_id, "matching", prompt, {r: ROLES[r] for r in roles},
                    explanation + " Titles vary by employer: read the duties in a posting, not only the title.",
                    left=roles, right=right, domains=(), topic="outlook-role-match",
                    source="Chapter 'Career opportunities and outlook', section 'The roles'; OIG General Compliance "
                           "Program Guidance (2023)",
                    hints=["Two roles review other people's work: one checks codes already assigned, the other "
                           "works on the documentation during the stay."])


@dataclass(frozen=True)
class _Step:
    """An advancement role and the AAPC credential the chapter names for it."""

    role: str
    credential: str


STEPS = (_Step("the practice's coding auditor", "CPMA"), _Step("the organization's compliance officer", "CPCO"),
         _Step("a revenue-cycle manager", "CPPM"))
STARTING = ("CPB", "COC", "CIC", "CRC")


@template("outlook-advancement-ceus", CHAPTER, "Name the credential for a next role and its effect on AAPC CEUs")
def advancement_ceus(rng: random.Random, ex_id: str) -> Made:
    """A CPC holder adds the credential of the role they want; AAPC's total rises and a subject rule applies."""
    from careers import ceu

    held = ["CPC", *rng.sample(STARTING, rng.randint(0, 2))]
    step = rng.choice(STEPS)
    other = rng.choice([s for s in STEPS if s != step])
    before = ceu.required_ceus(held)["AAPC"]
    after = ceu.required_ceus([*held, step.credential])["AAPC"]
    n, subject = ceu.subject_ceus([*held, step.credential])[step.credential]
    m, other_subject = ceu.AAPC_SUBJECT_CEUS[other.credential]
    right = f"{step.credential}; {after} CEUs every two years, {n} of them related to {subject}"
    wrong = [f"{step.credential}; {before} CEUs every two years, as before",
             f"{other.credential}; {after} CEUs every two years, {m} of them related to {other_subject}",
             f"{step.credential}; {after} CEUs every two years, with no rule about their subject",
             f"{step.credential}; {before + ceu.AAPC_BY_COUNT[1]} CEUs every two years, {n} of them related to "
             f"{subject}"]
    options = shuffled(rng, right, wrong)
    name = rng.choice(NAMES)
    prompt = (f"**Case.** {name}, a synthetic coder, holds the {' and '.join(held)} from AAPC and wants to become "
              f"{step.role}. Which AAPC credential does the chapter's roles table name for that role, and what does "
              "adding it do to the continuing education owed to AAPC?")
    explanation = (f"The roles table names AAPC's {step.credential} for this role. AAPC counts certifications: "
                   f"{len(held)} need{'s' if len(held) == 1 else ''} {before} CEUs every two years and "
                   f"{len(held) + 1} need {after}; it is one requirement for all of them, not one per credential. "
                   f"For the {step.credential}, {n} of those CEUs must be related to {subject}.")
    return exercise(ex_id, "single", prompt, right, explanation, options=options, domains=(), case=True,
                    source="AAPC, CEU Information - Members (CEUs required; specific credential requirements); "
                           "chapter 'Career opportunities and outlook', section 'The roles'",
                    topic="outlook-advancement-ceus",
                    hints=["AAPC's requirement depends on how many of its certifications you hold.",
                           "Some management and audit credentials also fix a subject for part of the CEUs."])


MEETS = ("Both expectations", "The accuracy expectation only", "The productivity expectation only", "Neither")


def _near(value: Fraction, target: int, step: Fraction) -> bool:
    """True when ``value`` misses ``target`` by less than one rounding step (a trap for rounded arithmetic)."""
    return value != target and abs(value - target) < step


@template("outlook-posting-check", CHAPTER, "Check an audit's accuracy and a coder's productivity against a posting")
def posting_check(rng: random.Random, ex_id: str) -> Made:
    """A remote posting states its expectations; the learner's audit and time log decide which are met."""
    from revcycle.core.money import percent

    target_accuracy, target_rate = rng.choice((90, 92, 95, 96)), rng.choice((2, 3, 4, 5))
    answer = rng.choice(MEETS)  # each outcome as likely as the others
    while True:
        reviewed = rng.choice(range(20, 101, 5))
        errors = rng.randint(0, max(1, reviewed // 6))
        hours = rng.choice((20, 24, 30, 32, 36, 40))
        charts = round(hours * target_rate * rng.uniform(0.7, 1.3))
        accuracy, rate = Fraction(100 * (reviewed - errors), reviewed), Fraction(charts, hours)
        good_accuracy, good_rate = accuracy >= target_accuracy, rate >= target_rate
        outcome = MEETS[{(True, True): 0, (True, False): 1, (False, True): 2, (False, False): 3}[good_accuracy,
                                                                                                  good_rate]]
        near = _near(accuracy, target_accuracy, Fraction(1, 10)) or _near(rate, target_rate, Fraction(1, 10))
        if outcome == answer and not near:
            break
    name = rng.choice(NAMES)
    first = name.split()[0]
    prompt = (f"**Case.** A synthetic remote coding posting asks for **at least {target_accuracy}% accuracy** on "
              f"audit and **at least {target_rate} charts an hour**. {name}, a synthetic coder, compares it with "
              f"the record: the last internal audit reviewed {reviewed} of {first}'s records and found coding "
              f"errors in {errors} of them (accuracy = records with no error / records reviewed), and last week "
              f"{first} coded {charts} charts in {hours} hours. Which expectations does {first}'s record meet?")
    shown = percent(Decimal(reviewed - errors), Decimal(reviewed), 1)
    explanation = (f"Accuracy: ({reviewed} - {errors}) / {reviewed} = {shown}%, "
                   f"{'at or above' if good_accuracy else 'below'} {target_accuracy}%. Productivity: {charts} / "
                   f"{hours} = {Decimal(charts) / hours:.2f} charts an hour, "
                   f"{'at or above' if good_rate else 'below'} {target_rate}. So: {answer.lower()}.")
    return exercise(ex_id, "single", prompt, answer, explanation, options=MEETS, domains=(), case=True,
                    source="Chapter 'Career opportunities and outlook', section 'Remote work' (postings state "
                           "productivity and accuracy expectations); the posting's figures are synthetic",
                    topic="outlook-posting-check",
                    hints=["Accuracy counts the records without an error, divided by all the records reviewed.",
                           "Productivity is charts divided by hours; compare each figure with its own target."])


__all__ = ["advancement_ceus", "growth_gap", "posting_check", "projected_jobs", "role_match"]
