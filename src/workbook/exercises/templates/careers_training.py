"""Templates for the chapter careers-training: CEUs owed and the pace that finishes a cycle, which credential and
body fit a job, and the exam facts the chapter could confirm on the certifying bodies' pages."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from careers.ceu import Activity
from workbook.exercises.templates import template
from workbook.exercises.templates.base import Made, exercise, shuffled
from workbook.exercises.templates.base import long_date as _day

CHAPTER = "careers-training"
#: AAPC credentials drawn here (careers.ceu recognizes these; the CPC-P is left out on purpose).
AAPC_DRAW = ("CPC", "COC", "CIC", "CRC", "CPB", "CPMA", "CPCO", "CPPM", "CDEO")
SOURCES = {
    "AAPC": "AAPC, CEU Information - Members (CEUs required to maintain credentials); AAPC, CEU policies",
    "AHIMA": "AHIMA, Recertification (CEU requirements for single and multiple credentials); AHIMA recertification "
             "FAQ",
}
NAMES = ("Dana Sample", "Jordan Placeholder", "Ana Example", "Luis Fixture", "Marcus Sampleton", "Grace Notreal",
         "Priya Fictional", "Omar Testperson", "Keisha Madeup", "Tomas Imaginary")


def _held(rng: random.Random) -> list[str]:
    """A mix of AAPC and AHIMA credentials (at least one of each body half the time)."""
    from careers import ceu

    aapc = rng.sample(AAPC_DRAW, rng.choice((0, 1, 1, 2, 2, 3, 4, 5, 6)))
    ahima = rng.sample(sorted(ceu.AHIMA_SINGLE), rng.choice((0, 1, 1, 2, 2, 3)))
    if not aapc and not ahima:
        aapc = [rng.choice(AAPC_DRAW)]
    held = [*aapc, *ahima]
    rng.shuffle(held)
    return held


def _ahima_working(ahima: list[str]) -> str:
    """How AHIMA's number is built for these credentials, in words."""
    from careers import ceu

    counted = [c for c in ahima if not ("RHIA" in ahima and c == "RHIT")]
    dropped = " The RHIA replaces the RHIT, so only the RHIA counts." if len(counted) < len(ahima) else ""
    base = max(counted, key=lambda c: ceu.AHIMA_SINGLE[c])
    alone = f"{base} alone needs {ceu.AHIMA_SINGLE[base]} CEUs per cycle."
    extra = len(counted) - 1
    if not extra:
        return dropped.strip() + (" " if dropped else "") + alone
    raw = ceu.AHIMA_SINGLE[base] + ceu.AHIMA_EXTRA * extra
    cap = f", but AHIMA caps the total at {ceu.AHIMA_MAX}" if raw > ceu.AHIMA_MAX else ""
    return (f"{dropped.strip()}{' ' if dropped else ''}Start from the largest single requirement: {alone} Each "
            f"further AHIMA credential adds {ceu.AHIMA_EXTRA}: {ceu.AHIMA_SINGLE[base]} + {ceu.AHIMA_EXTRA} x "
            f"{extra} = {raw}{cap}.")


def _aapc_working(aapc: list[str], required: int) -> str:
    """How AAPC's number is found for these credentials, in words."""
    from careers import ceu

    table = ", ".join(f"{n}{' or more' if n == max(ceu.AAPC_BY_COUNT) else ''}: {v}"
                      for n, v in ceu.AAPC_BY_COUNT.items())
    count = (f"the {aapc[0]} is one certification" if len(aapc) == 1
             else f"{', '.join(aapc)} are {len(aapc)} certifications")
    return (f"AAPC counts how many AAPC certifications are held, not which ones: {count}. AAPC's table "
            f"(certifications: CEUs every two years) reads {table}, so the answer is "
            f"{required}.")


@template("training-ceus-owed", CHAPTER, "CEUs owed per two-year cycle to AAPC or AHIMA for the credentials held")
def ceus_owed(rng: random.Random, ex_id: str) -> Made:
    """A mixed list of credentials; the learner sorts them by body and applies that body's rule."""
    from careers import ceu

    held = _held(rng)
    need = ceu.required_ceus(held)
    body = rng.choice(sorted(need))
    mine = [c for c in held if ceu.body_of(c) == body]
    name = rng.choice(NAMES)
    prompt = (f"**Case.** {name}, a synthetic coder, holds these credentials: {', '.join(held)}. How many CEUs "
              f"does {name.split()[0]} owe **{body}** per two-year cycle?")
    working = (_aapc_working(mine, need[body]) if body == "AAPC"
               else f"AHIMA credentials held: {', '.join(mine)}. {_ahima_working(mine)}")
    others = [c for c in held if c not in mine]
    aside = (f" The {', '.join(others)} belong{'s' if len(others) == 1 else ''} to the other body, which keeps its "
             "own cycle." if others else "")
    return exercise(ex_id, "numeric", prompt, str(need[body]), working + aside, unit="CEUs", decimals=0,
                    source=SOURCES[body], topic="training-ceus-owed", domains=(), case=True,
                    hints=["Sort the credentials by certifying body first: each body counts only its own.",
                           "AAPC counts certifications; AHIMA starts from the largest single requirement and adds "
                           "for each further credential, up to a maximum."])


@dataclass(frozen=True)
class _Entry:
    """One line of a CEU log as the learner reads it."""

    activity: Activity
    text: str


def _log(rng: random.Random, start: date, as_of: date) -> list[_Entry]:
    """Five to eight activities around the cycle: some before it starts, some approved by one body only."""
    titles = ("ICD-10-CM annual update webinar", "Regional coding seminar", "HCPCS quarterly update review",
              "E/M documentation workshop", "Journal quiz", "Denial management webinar", "HIPAA privacy refresher",
              "Risk adjustment basics", "Compliance and the False Claims Act")
    span = (as_of - start).days
    entries = []
    for title in rng.sample(titles, rng.randint(5, 8)):
        if rng.random() < 0.2:
            day = start - timedelta(days=rng.randint(5, 120))  # before the cycle began
        else:
            day = start + timedelta(days=rng.randint(0, span))
        ceus = rng.choice((Decimal("0.5"), Decimal(1), Decimal(1), Decimal("1.5"), Decimal(2)))  # 8 x 2 < 20
        bodies = rng.choice((("AAPC",), ("AHIMA",), ("AAPC", "AHIMA"), ("AAPC", "AHIMA")))
        entries.append(_Entry(Activity(day, float(ceus), title, bodies),
                              f"{day:%m/%d/%Y}: {title}, {ceus} CEU{'s' if ceus != 1 else ''}, approved by "
                              f"{' and '.join(bodies)}"))
    return sorted(entries, key=lambda e: e.activity.completed)


@template("training-ceu-pace", CHAPTER, "CEUs a month needed to finish a recertification cycle on time")
def ceu_pace(rng: random.Random, ex_id: str) -> Made:
    """A CEU log with activities that do and do not count; the key is the planner's monthly pace."""
    from careers import ceu

    body = rng.choice(("AAPC", "AHIMA"))
    pool = AAPC_DRAW if body == "AAPC" else tuple(sorted(ceu.AHIMA_SINGLE))
    held = rng.sample(pool, rng.randint(1, 2))
    start = date(2025, 1, 1) + timedelta(days=rng.randint(0, 540))
    cycle = ceu.cycle_for(start)
    as_of = start + timedelta(days=rng.randint(120, 600))
    entries = _log(rng, start, as_of)
    p = next(x for x in ceu.plan(held, {body: start}, [e.activity for e in entries], as_of) if x.body == body)
    name = rng.choice(NAMES)
    log = "\n".join(f"- {e.text}" for e in entries)
    prompt = (f"**Case.** {name}, a synthetic coder, holds {' and '.join(held)} ({body}). The current two-year "
              f"{body} cycle runs from {_day(cycle.start)} to {_day(cycle.end)}. Today is {_day(as_of)}, and "
              f"{p.months_left} months are left in the cycle, counting this one. The CEU log:\n\n{log}\n\n"
              f"How many {body}-approved CEUs a month must {name.split()[0]} average from now on to finish the "
              "requirement on time? (Round to two decimals.)")
    counted = [e for e in entries if e.activity not in p.ignored and body in e.activity.bodies]
    explanation = (f"{' and '.join(held)}: {body} requires {p.required} CEUs this cycle. Only activities approved by "
                   f"{body} and completed inside the cycle count: {len(counted)} of them, for {p.earned:g} CEUs. "
                   f"Remaining: {p.required} - {p.earned:g} = {p.remaining:g}. Spread over {p.months_left} months: "
                   f"{p.remaining:g} / {p.months_left} = {p.per_month:.2f} CEUs a month.")
    return exercise(ex_id, "numeric", prompt, f"{p.per_month:.2f}", explanation, unit="CEUs", decimals=2,
                    tolerance="0.01", source=SOURCES[body], topic="training-ceu-pace", domains=(), case=True,
                    hints=[f"First find what {body} requires for these credentials, then what counts toward it.",
                           "An activity counts only if this body approved it and it falls inside the cycle."])


@dataclass(frozen=True)
class _Fit:
    """A job goal, the credential that fits it, and pairings that are definitely wrong for it."""

    goal: str
    right: str
    wrong: tuple[str, ...]
    why: str
    source: str


FITS = (
    _Fit("code physician and other professional services (office visits, procedures) with CPT, HCPCS Level II and "
         "ICD-10-CM in a physician practice", "CPC, from AAPC",
         ("CPC, from AHIMA", "CPB, from AAPC", "RHIT, from AHIMA", "CBCS, from AAPC"),
         "The CPC is AAPC's credential for coding professional (physician) services.", "AAPC, CPC exam page"),
    _Fit("work the billing side of the revenue cycle: insurance types, coverage, the life cycle of a claim and "
         "denial resolution", "CPB, from AAPC",
         ("CPB, from AHIMA", "CCS, from AHIMA", "RHIT, from AHIMA", "CPC, from NHA"),
         "The CPB is AAPC's billing credential, covering the revenue cycle from insurance types to denials.",
         "AAPC, CPB exam page"),
    _Fit("show entry-level coding competence across settings, hospitals and physician practices alike, with only a "
         "high school diploma and no coding experience yet", "CCA, from AHIMA",
         ("CCA, from AAPC", "CCS, from AHIMA", "RHIT, from AHIMA", "CPB, from AAPC"),
         "The CCA is AHIMA's entry-level coding credential; its eligibility is a high school diploma or equivalent. "
         "The CCS is a harder, mastery-level exam whose recommended preparation includes experience, and the RHIT "
         "needs an accredited degree.", "AHIMA, CCA and CCS pages"),
    _Fit("prove mastery-level coding of hospital inpatient and outpatient diagnoses and procedures (ICD-10-CM and "
         "ICD-10-PCS), after two years of hospital coding experience", "CCS, from AHIMA",
         ("CCS, from AAPC", "CCA, from NHA", "CPB, from AAPC", "CBCS, from NHA"),
         "The CCS is AHIMA's mastery-level coding credential, often held by hospital coders; two years of coding "
         "experience is one of its recommended preparation routes.", "AHIMA, CCS page"),
    _Fit("earn one entry-level credential that covers both billing and coding, for a job that combines the two",
         "CBCS, from NHA", ("CBCS, from AHIMA", "CCS, from AHIMA", "RHIT, from AHIMA", "CPMA, from AAPC"),
         "The CBCS, from the National Healthcareer Association, combines entry-level billing and coding.",
         "NHA, CBCS page"),
    _Fit("work as a health information technician (records, data quality, coding, privacy) after finishing a "
         "CAHIIM-accredited associate degree in health information management", "RHIT, from AHIMA",
         ("RHIT, from AAPC", "CPB, from AAPC", "CBCS, from NHA", "CPC, from AAPC"),
         "The RHIT is AHIMA's technician-level HIM credential; eligibility rests on a CAHIIM-accredited "
         "associate-level HIM program.", "AHIMA, RHIT page; CAHIIM"),
)


@template("training-credential-fit", CHAPTER, "Match a job goal to its credential and certifying body")
def credential_fit(rng: random.Random, ex_id: str) -> Made:
    """A learner's goal; the options pair credentials with bodies, so the body must be right too."""
    fit = rng.choice(FITS)
    name = rng.choice(NAMES)
    options = shuffled(rng, fit.right, fit.wrong)
    prompt = (f"**Case.** {name}, a synthetic learner, wants to {fit.goal}. Which credential fits best, and who "
              "grants it?")
    explanation = (f"{fit.why} AAPC grants the CPC, CPB and CPMA; AHIMA the CCA, CCS and RHIT; NHA (the National "
                   "Healthcareer Association) the CBCS. So the answer is the " + fit.right + ".")
    return exercise(ex_id, "single", prompt, fit.right, explanation, options=options, source=fit.source,
                    topic="training-credential-fit", domains=(), case=True,
                    hints=["Decide the kind of work first (professional coding, hospital coding, billing, records).",
                           "Then check the body: AAPC, AHIMA and NHA each grant their own credentials."])


def _facets() -> list[tuple[str, str, int, str]]:
    """(credential, question, answer, unit) for every exam figure the book confirmed on the body's page."""
    from careers.ceu import EXAM_FORMATS

    out = []
    for cred, f in EXAM_FORMATS.items():
        if cred not in EXAM_SOURCES:  # the career-paths chapter's credentials have drills of their own
            continue
        if cred != "CPB":  # sources disagree on the CPB's question count (FACTS.md): never asked
            out.append((cred, "how many questions does the exam have", f.questions, "questions"))
        out.append((cred, "how many hours does the candidate have", f.hours, "hours"))
        if f.scored is not None:
            out.append((cred, "how many of its questions are scored", f.scored, "questions"))
            out.append((cred, "how many of its questions are unscored pretest items", f.questions - f.scored,
                        "questions"))
        if f.pass_mark.endswith("% correct"):
            out.append((cred, "what percentage of questions must be answered correctly to pass",
                        int(f.pass_mark.split("%")[0]), "%"))
    return out


EXAM_SOURCES = {"CPC": "AAPC, Certified Professional Coder (CPC) exam page (as read in 2026)",
                "CPB": "AAPC, Certified Professional Biller (CPB) exam page (as read in 2026)",
                "CCA": "AHIMA, Certified Coding Associate (CCA) page (as read in 2026)"}


@template("training-exam-facts", CHAPTER, "Recall the exam format the certifying body's page gave for a credential")
def exam_facts(rng: random.Random, ex_id: str) -> Made:
    """One figure of the CPC, CPB or CCA exam, as this book could confirm it."""
    from careers.ceu import EXAM_FORMATS

    cred, question, answer, unit = rng.choice(_facets())
    f = EXAM_FORMATS[cred]
    name = rng.choice(NAMES)
    prompt = (f"{name} is preparing for the **{cred}** exam. As the {f.body} page described the exam when this book "
              f"was written, {question}?")
    parts = [f"{f.questions} questions" + (f" ({f.scored} scored, {f.questions - f.scored} pretest)"
                                           if f.scored is not None else ""), f"{f.hours} hours"]
    if f.pass_mark:
        parts.append(f"{f.pass_mark} to pass")
    if f.books:
        parts.append(f"approved books: {f.books}")
    explanation = (f"The {f.body} page described the {cred} exam as {'; '.join(parts)}. Formats change: read the "
                   "body's current page before you register.")
    return exercise(ex_id, "numeric", prompt, str(answer), explanation, unit=unit, decimals=0,
                    source=EXAM_SOURCES[cred], topic="training-exam-facts", domains=(),
                    hints=["The chapter's credentials table gives each exam's format as the body's page stated it.",
                           "AHIMA's CCA has unscored pretest items among its questions."])


__all__ = ["ceu_pace", "ceus_owed", "credential_fit", "exam_facts"]
