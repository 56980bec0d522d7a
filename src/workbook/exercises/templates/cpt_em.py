"""Templates for the chapter cpt-em: office E/M levels by medical decision making and by time, and new or
established patients.

Every key comes from :mod:`revcycle.coding.em`. CPT codes appear by number only; the problem kinds and risk
examples are the book's own wording from that module, never CPT text.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from revcycle.coding import em
from workbook.exercises.templates import template
from workbook.exercises.templates.base import Made, exercise

EM_DOMAINS = ("CPC", "CCA")
MDM_SOURCE = "AMA CPT E/M guidelines (MDM, two of three elements); CMS MLN006764"
TIME_SOURCE = "CMS MLN006764 (office E/M visits by MDM or total time); AMA CPT E/M guidelines (time)"
STATUS_SOURCE = "Medicare Claims Processing Manual, ch. 12, section 30.6.7; CMS MLN006764"

#: A concrete example of each kind of problem, for the case text (synthetic, in plain words).
PROBLEM_EXAMPLES: dict[em.Problem, tuple[str, ...]] = {
    em.Problem.MINOR: ("an insect bite on the forearm", "a mild sunburn", "a small cold sore"),
    em.Problem.STABLE_CHRONIC: ("high blood pressure, at goal on the current medicine",
                                "an underactive thyroid, stable on replacement", "asthma, well controlled"),
    em.Problem.ACUTE_UNCOMPLICATED: ("a simple ankle sprain", "a bladder infection without fever",
                                     "seasonal allergic rhinitis"),
    em.Problem.STABLE_ACUTE: ("a recent pneumonia that is improving on treatment",
                              "a recent gout flare that has settled on treatment"),
    em.Problem.CHRONIC_WORSENING: ("type 2 diabetes that is getting worse", "heart failure with more leg swelling"),
    em.Problem.UNDIAGNOSED_UNCERTAIN: ("a new breast lump that needs work-up",
                                       "new weight loss with no cause found yet"),
    em.Problem.ACUTE_SYSTEMIC: ("a kidney infection with fever and chills", "influenza with fever and body aches"),
    em.Problem.ACUTE_COMPLICATED_INJURY: ("a head injury with brief loss of consciousness",),
    em.Problem.CHRONIC_SEVERE: ("COPD in a severe flare-up", "ulcerative colitis in a severe flare"),
    em.Problem.THREAT: ("chest pain that may be a heart attack", "sudden one-sided weakness, a possible stroke"),
}

#: Management with minimal or low risk, in the chapter's terms ("reassurance"; "treatment with little chance
#: of harm"); moderate and high come from revcycle's RISK_EXAMPLES.
LOW_RISK: dict[em.MDM, tuple[str, ...]] = {
    em.MDM.STRAIGHTFORWARD: ("reassurance only, with no treatment", "reassurance and watchful waiting"),
    em.MDM.LOW: ("rest, fluids and throat lozenges", "an over-the-counter pain reliever and home care"),
}

TESTS = ("a complete blood count", "a metabolic panel", "a lipid panel", "a hemoglobin A1c",
         "a thyroid test", "a urinalysis", "a chest X-ray")
OUTSIDE_SOURCES = ("the hospital's discharge summary", "a cardiologist's note from another group",
                   "an urgent care center's visit note")
#: Who ordered the tests whose results the clinician reviews: always someone else. A test the billing clinician
#: ordered was credited at the visit that ordered it (ordering includes reviewing the result), so reviewing its
#: result later adds nothing; only a result someone else ordered counts as a review.
ORDERED_BY = ("a cardiologist at another practice", "an endocrinologist at another practice",
              "an emergency physician at the local hospital")
LEVELS = tuple(em.MDM)


def _names(rng: random.Random) -> tuple[str, str, str]:
    """A synthetic patient, clinician and practice (the pools load on first use: revcycle.synthetic is heavy)."""
    from revcycle.synthetic.pools import PATIENT_FIRST_NAMES, PATIENT_LAST_NAMES, PRACTICE_NAMES

    patient = f"{rng.choice(PATIENT_FIRST_NAMES)} {rng.choice(PATIENT_LAST_NAMES)}"
    return patient, _doctor(rng), f"{rng.choice(PRACTICE_NAMES)} Family Medicine"


def _doctor(rng: random.Random, avoid: str = "") -> str:
    """A synthetic clinician whose last name is not in ``avoid``."""
    from revcycle.synthetic.pools import PROVIDER_FIRST_NAMES, PROVIDER_LAST_NAMES

    last = rng.choice([n for n in PROVIDER_LAST_NAMES if n not in avoid])
    return f"Dr. {rng.choice(PROVIDER_FIRST_NAMES)} {last}"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _join(items: tuple[str, ...] | list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


# --------------------------------------------------------------------------- MDM


@dataclass(frozen=True)
class DataFacts:
    """What the clinician reviewed, ordered and discussed: the inputs of em.data_level. ``reviewed`` are tests
    that ``ordered_by`` (another clinician, never this one) ordered; ``ordered`` are tests ordered at this visit."""

    notes: tuple[str, ...]
    reviewed: tuple[str, ...]
    ordered: tuple[str, ...]
    historian: bool
    interpretation: bool
    discussion: bool
    ordered_by: str = ""

    def level(self) -> em.MDM:
        return em.data_level(external_notes=len(self.notes), results_reviewed=len(self.reviewed),
                             tests_ordered=len(self.ordered), independent_historian=self.historian,
                             independent_interpretation=self.interpretation, external_discussion=self.discussion)


def _problems(rng: random.Random, level: em.MDM) -> tuple[em.Problem, ...]:
    """One or two problems whose element level (by revcycle) is ``level``."""
    kinds = list(em.Problem)
    while True:
        first = rng.choice(kinds)
        if rng.random() < 0.5:
            problems: tuple[em.Problem, ...] = (first,)
        else:
            second = rng.choice(kinds)
            if second == first and first not in (em.Problem.MINOR, em.Problem.STABLE_CHRONIC):
                continue
            problems = (first, second)
        if em.problems_level(problems) == level:
            return problems


def _data(rng: random.Random, level: em.MDM) -> DataFacts:
    """Data facts whose element level (by revcycle) is ``level``."""
    while True:
        tests = rng.sample(TESTS, rng.choice((0, 1, 1, 2, 2, 3, 4)))
        split = rng.randint(0, len(tests))
        facts = DataFacts(tuple(rng.sample(OUTSIDE_SOURCES, rng.choice((0, 0, 0, 1, 1, 2)))), tuple(tests[:split]),
                          tuple(tests[split:]), rng.random() < 0.25, rng.random() < 0.25, rng.random() < 0.2)
        if facts.level() == level:
            return replace(facts, ordered_by=rng.choice(ORDERED_BY)) if facts.reviewed else facts


#: Moderate and high management options (keys of revcycle's RISK_EXAMPLES) that fit most problems in an office.
OFFICE_RISKS = ("prescription drug management",
                "diagnosis or treatment significantly limited by social determinants of health",
                "drug treatment that needs close monitoring for toxic effects",
                "decision to admit to hospital or escalate hospital-level care")


#: Problems serious enough that high-risk management (admission, drugs needing toxicity monitoring) fits them.
SERIOUS = frozenset({em.Problem.CHRONIC_WORSENING, em.Problem.ACUTE_SYSTEMIC, em.Problem.ACUTE_COMPLICATED_INJURY,
                     em.Problem.CHRONIC_SEVERE, em.Problem.THREAT})


def _fitting_risks(problems: tuple[em.Problem, ...]) -> list[em.MDM]:
    """Risk levels a clinician could plausibly choose for these problems: within one step of their level, high
    only for serious problems, and always high for a threat to life or function (which goes to hospital)."""
    if em.Problem.THREAT in problems:
        return [em.MDM.HIGH]
    level = em.problems_level(problems)
    serious = any(p in SERIOUS for p in problems)
    return [lv for lv in LEVELS if abs(lv - level) <= 1 and (lv < em.MDM.HIGH or serious)]


def _risk(rng: random.Random, level: em.MDM) -> str:
    """A management option whose risk level is ``level`` (revcycle's examples for moderate and high)."""
    if level in LOW_RISK:
        return rng.choice(LOW_RISK[level])
    return rng.choice([k for k in OFFICE_RISKS if em.RISK_EXAMPLES[k] == level])


def _problem_rule(problems: tuple[em.Problem, ...]) -> str:
    """The counting rule that lifted the problems element, if one did."""
    if problems.count(em.Problem.STABLE_CHRONIC) >= 2:
        return " (two or more stable chronic illnesses make moderate)"
    if problems.count(em.Problem.MINOR) >= 2 and em.problems_level(problems) == em.MDM.LOW:
        return " (two or more minor problems make low)"
    return ""


def _data_lines(d: DataFacts) -> list[str]:
    """The data facts as the note states them."""
    out = []
    if d.notes:
        out.append(f"reviews {_join(d.notes)}")
    if d.reviewed:
        out.append(f"reviews the results of {_join(d.reviewed)}, ordered last month by {d.ordered_by}")
    if d.ordered:
        out.append(f"orders {_join(d.ordered)}")
    if d.historian:
        out.append("takes most of the history from the patient's daughter, because the patient has memory loss")
    if d.interpretation:
        out.append("personally reads an ECG tracing that the cardiology group will bill for")
    if d.discussion:
        out.append("discusses management by phone with the patient's specialist at another practice")
    return out or ["reviews no tests or outside records and orders none"]


def _data_working(d: DataFacts) -> str:
    group = len(d.notes) + len(d.reviewed) + len(d.ordered)
    categories = [name for name, met in (("tests, documents and historian", group + d.historian >= 3),
                                         ("independent interpretation", d.interpretation),
                                         ("discussion with an outside clinician", d.discussion)) if met]
    counted = f"{_count(group, 'item', 'items')} from the tests-and-documents group"
    if d.historian:
        counted += " plus an independent historian"
    met = f"categories met: {', '.join(categories)}" if categories else "no full category"
    tests = "that test" if len(d.reviewed) == 1 else "those tests"
    why = (f" (the reviewed results count because {d.ordered_by}, not this clinician, ordered {tests}; a test "
           "this clinician ordered is credited once, when ordered)" if d.reviewed else "")
    return f"{counted}{why}; {met}"


@template("em-level-by-mdm", "cpt-em", "Office E/M code from the three MDM elements and the two-of-three rule")
def em_level_by_mdm(rng: random.Random, ex_id: str) -> Made:
    """Rate problems, data and risk, take the middle level, and turn it into the office code."""
    patient_type = rng.choice(("new", "established"))
    problems = _problems(rng, rng.choice(LEVELS))
    p_level = em.problems_level(problems)
    data = _data(rng, rng.choice([lv for lv in LEVELS if abs(lv - p_level) <= 1]))  # work-up fits the problems
    d_level = data.level()
    r_level = rng.choice(_fitting_risks(problems))
    risk = _risk(rng, r_level)
    mdm = em.mdm_level(p_level, d_level, r_level)
    code = em.code_for_mdm(patient_type, mdm)
    patient, doctor, practice = _names(rng)
    picked = {p: rng.sample(PROBLEM_EXAMPLES[p], problems.count(p)) for p in dict.fromkeys(problems)}
    examples = [f"{picked[p].pop()} ({p.value})" for p in problems]
    bullets = "\n".join(f"- {line}" for line in examples)
    prompt = (f"**Case.** {patient}, {'a new' if patient_type == 'new' else 'an established'} patient, is seen in "
              f"the office at {practice}. {doctor} addresses:\n\n{bullets}\n\n"
              f"For data, {doctor} {'; '.join(_data_lines(data))}. Management: {risk}.\n\n"
              "The note states no total time. Enter the office E/M code that the medical decision making "
              "supports.")
    ordered = sorted((p_level, d_level, r_level))
    explanation = (
        f"Problems: {', '.join(p.value for p in problems)}{_problem_rule(problems)}: **{p_level.element_label}**. "
        f"Data: {_data_working(data)}: **{d_level.element_label}**. "
        f"Risk: {risk}: **{r_level.element_label}**. In order: "
        f"{', '.join(lv.element_label for lv in ordered)}; the middle one makes the MDM "
        f"**{mdm.label}**, which for {'a new' if patient_type == 'new' else 'an established'} patient is **{code}**.")
    return exercise(ex_id, "code", prompt, code, explanation, system="cpt", domains=EM_DOMAINS, case=True,
                    topic="em-level-by-mdm", source=MDM_SOURCE,
                    hints=["Rate each of the three elements on its own first; the MDM is the level at least two of "
                           "them reach.", "New patients use 99202-99205, established patients 99212-99215."])


# --------------------------------------------------------------------------- time


#: The clinician's own activities that count toward total time when done on the date of the visit.
COUNTED = ("reviewing outside records before the visit", "taking the history and examining the patient",
           "counselling the patient about the plan", "ordering tests and prescriptions",
           "documenting the visit in the record that evening")
#: Time that never counts toward the clinician's total, with why.
NOT_COUNTED = (
    ("the medical assistant rooming the patient and taking vital signs", "clinical staff time"),
    ("the nurse giving a vaccine after the visit", "clinical staff time"),
    ("a phone call with the patient about a result the next day", "not on the date of the visit"),
    ("finishing the note the following morning", "not on the date of the visit"),
)


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` minutes split into ``parts`` positive whole-minute pieces."""
    cuts = sorted(rng.sample(range(1, total), parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


@template("em-level-by-time", "cpt-em", "Office E/M code from the clinician's total time on the date of the visit")
def em_level_by_time(rng: random.Random, ex_id: str) -> Made:
    """Add up only the time that counts, then find the highest code whose threshold it reaches."""
    patient_type = rng.choice(("new", "established"))
    codes = list(em.OFFICE_CODES[patient_type].values())
    floor = em.TIME_THRESHOLDS[codes[0]]
    target = em.TIME_THRESHOLDS[rng.choice(codes)] + rng.choice((-4, -1, 0, 0, 1, 3, 6, 9))
    top = em.PROLONGED_START[codes[-1]] - 1  # below the prolonged-service add-on
    total = min(max(target, floor), top)
    activities = rng.sample(COUNTED, rng.randint(2, 4))
    minutes = _split(rng, total, len(activities))
    extras = rng.sample(NOT_COUNTED, rng.randint(1, 2))
    extra_minutes = [rng.randint(4, 15) for _ in extras]
    rows = [(a, m, True) for a, m in zip(activities, minutes, strict=True)]
    rows += [(a, m, False) for (a, _why), m in zip(extras, extra_minutes, strict=True)]
    rng.shuffle(rows)
    code = em.code_for_time(patient_type, total)
    patient, doctor, practice = _names(rng)
    lines = "\n".join(f"- {activity}: {m} minutes" for activity, m, _ in rows)
    prompt = (f"**Case.** {patient}, {'a new' if patient_type == 'new' else 'an established'} patient, is seen by "
              f"{doctor} at {practice}, and the practice will choose the level by time. The time log for the visit "
              f"shows:\n\n{lines}\n\nEvery entry is {doctor}'s own time unless it names someone else. Enter the "
              "office E/M code the total time supports.")
    why = {a: w for a, w in NOT_COUNTED}
    counted = " + ".join(str(m) for _a, m, keep in rows if keep)
    left_out = "; ".join(f"{a} ({why[a]})" for a, _m, keep in rows if not keep)
    threshold = em.TIME_THRESHOLDS[code]  # type: ignore[index]
    explanation = (f"Count only the clinician's own time on the date of the visit: {counted} = **{total} "
                   f"minutes**. Left out: {left_out}. {total} minutes reaches the {threshold} minutes of {code}"
                   + (f" but not the {em.TIME_THRESHOLDS[nxt]} of {nxt}" if (nxt := _next(patient_type, code)) else "")
                   + f", so the visit is **{code}**.")
    return exercise(ex_id, "code", prompt, code, explanation, system="cpt", domains=EM_DOMAINS, case=True,
                    topic="em-level-by-time", source=TIME_SOURCE,
                    hints=["Only the physician's or other qualified clinician's own time counts, and only on the "
                           "date of the visit.",
                           "Each code has a minimum number of minutes; choose the highest one the total reaches."])


def _next(patient_type: str, code: str | None) -> str | None:
    """The next code up in the same set, if any."""
    codes = list(em.OFFICE_CODES[patient_type].values())
    i = codes.index(code) if code in codes else -1
    return codes[i + 1] if 0 <= i < len(codes) - 1 else None


# --------------------------------------------------------------------------- new or established


#: Specialties, as the case names a physician of each.
SPECIALTIES: dict[str, str] = {"family medicine": "a family physician", "internal medicine": "an internist",
                               "cardiology": "a cardiologist", "dermatology": "a dermatologist",
                               "endocrinology": "an endocrinologist"}
PRIOR_SERVICES = ("an office visit", "a follow-up visit", "a minor procedure in the office")


@dataclass(frozen=True)
class History:
    """The patient's last professional service before today's visit, as the case tells it."""

    who: str  # "same", "partner" (same specialty, same group), "other-specialty", "other-group"
    last: date
    service: str
    specialty: str  # today's physician's
    other_specialty: str

    def counts(self) -> bool:
        """Whether this service can make the patient established (same clinician, or same specialty and group)."""
        return self.who in ("same", "partner")


def _history(rng: random.Random, visit: date) -> History:
    """A last service well inside or well outside three years (never on the anniversary itself)."""
    who = rng.choice(("same", "partner", "partner", "other-specialty", "other-group"))
    if who in ("same", "partner") and rng.random() < 0.5:
        days = rng.randint(3 * 365 + 8, 6 * 365)
    else:
        days = rng.randint(30, 3 * 365 - 8)
    specialty, other = rng.sample(sorted(SPECIALTIES), 2)
    return History(who, visit - timedelta(days=days), rng.choice(PRIOR_SERVICES), specialty, other)


def _history_text(h: History, doctor: str, partner: str, practice: str) -> str:
    """What the registration and billing records show about earlier services."""
    when = f"{h.last:%B} {h.last.day}, {h.last.year}"
    if h.who == "same":
        return (f"The group's records show that the patient's most recent professional service in the group was "
                f"{h.service} with {doctor} on {when}.")
    if h.who == "partner":
        return (f"The patient has never met {doctor}. The group's records show that the most recent professional "
                f"service in the group was {h.service} with {partner}, {SPECIALTIES[h.specialty]} in the same "
                f"group, on {when}.")
    if h.who == "other-specialty":
        return (f"The patient has never met {doctor}. The group's records show only one earlier professional "
                f"service in the group: {h.service} with {partner}, {SPECIALTIES[h.other_specialty]}, on {when}.")
    return (f"The patient has never been seen by anyone in {practice}; the last professional service anywhere was "
            f"{h.service} with {partner}, {SPECIALTIES[h.specialty]} at an unrelated practice, on {when}.")


@template("em-new-or-established", "cpt-em", "Decide new or established by the 3-year rule, then code the visit")
def em_new_or_established(rng: random.Random, ex_id: str) -> Made:
    """Apply the three-year, same-specialty, same-group rule, then pick the code from the right set."""
    visit = date(2026, 1, 5) + timedelta(days=rng.randint(0, 350))
    h = _history(rng, visit)
    status = em.patient_status(h.last, visit) if h.counts() else em.patient_status(None, visit)
    mdm = rng.choice(LEVELS)
    code = em.code_for_mdm(status, mdm)
    patient, doctor, practice = _names(rng)
    practice = practice.replace("Family Medicine", "Medical Group")
    partner = _doctor(rng, avoid=doctor)
    day = f"{visit:%B} {visit.day}, {visit.year}"
    prompt = (f"**Case.** On {day}, {patient} sees {doctor}, {SPECIALTIES[h.specialty]} in {practice}, in the "
              f"office. {_history_text(h, doctor, partner, practice)} The coder rates the visit's medical "
              f"decision making as **{mdm.label}**, and no time is documented. Enter the office E/M code.")
    years = (visit - h.last).days / 365.25
    if h.counts():
        why = (f"The last service ({h.service}, {h.last.isoformat()}) was from "
               f"{'the same physician' if h.who == 'same' else 'a physician of the same specialty in the same group'}"
               f", about {years:.1f} years before the visit: "
               f"{'within' if status == 'established' else 'more than'} three years, so the patient is "
               f"**{status}**.")
    elif h.who == "other-specialty":
        why = ("The only earlier service was from a physician of a different specialty; it does not count, so "
               "the patient is **new** to this specialty in the group.")
    else:
        why = ("The earlier service was at a different, unrelated practice; it does not count, so the patient is "
               "**new**.")
    article = "a new" if status == "new" else "an established"
    explanation = (f"{why} {mdm.label.capitalize()} MDM for {article} patient is **{code}**. Any professional, "
                   "face-to-face service counts, procedures included; the three years run back from the date "
                   "of the visit.")
    return exercise(ex_id, "code", prompt, code, explanation, system="cpt", domains=EM_DOMAINS, case=True,
                    topic="em-new-or-established", source=STATUS_SOURCE,
                    hints=["A patient is new unless they had a professional service from this physician, or another "
                           "of the same specialty in the same group, within the last three years.",
                           "Count back three years from the date of today's visit."])
