"""Templates for the chapter hipaa: breach deadlines and notices, Safe Harbor identifiers, patients' request
deadlines and the minimum necessary standard."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from workbook.errors import WorkbookError
from workbook.exercises.templates import template
from workbook.exercises.templates.base import Made, exercise, money, shuffled
from workbook.exercises.templates.base import long_date as when

DOMAINS = ("CBCS", "RHIT", "CPCO")
INCIDENTS = (
    "an unencrypted laptop holding a spreadsheet of unpaid claims was stolen from an employee's car",
    "a biller emailed a file of patients' balances and diagnosis codes to the wrong outside address",
    "a box of paper remittance advices was found in an unlocked recycling bin behind the office",
    "an attacker got into a staff email account that held scanned insurance cards and visit notes",
    "a USB drive with an unencrypted copy of the appointment schedule and diagnoses was lost",
)
STATES = ("Ohio", "Indiana", "Wisconsin", "Illinois", "Michigan", "Vermont", "New York", "New Jersey", "Texas",
          "Tennessee", "Wyoming", "Iowa")


def _practice(rng: random.Random) -> str:
    """A synthetic practice name from revcycle's pool."""
    from revcycle.synthetic.pools import PRACTICE_NAMES

    return f"{rng.choice(PRACTICE_NAMES)} Family Practice (synthetic)"


def _day(rng: random.Random, years: tuple[int, ...] = (2026, 2027, 2028)) -> date:
    """A date in one of ``years`` (2028 is a leap year, so February 29 can matter)."""
    year = rng.choice(years)
    return date(year, 1, 1) + timedelta(days=rng.randrange(366 if year % 4 == 0 else 365))


# --------------------------------------------------------------------------------------------------------------------
# Breach notification
# --------------------------------------------------------------------------------------------------------------------


@template("hipaa-breach-deadline", "hipaa", "Latest date to notify patients or HHS after a breach is discovered")
def breach_deadline(rng: random.Random, ex_id: str) -> Made:
    """Count the 60 days (or the annual-log date) from a drawn discovery date and breach size."""
    from revcycle.compliance.deid import breach_notices

    discovered = _day(rng)
    affected = rng.choice((rng.randint(12, 480), rng.randint(500, 4800), rng.choice((499, 500, 501))))
    state = rng.choice(STATES)
    notices = breach_notices(discovered, {state: affected})
    ask_hhs = rng.random() < 0.5
    right = notices.hhs_by if ask_hhs else notices.individuals_by
    who = "report the breach to **HHS**" if ask_hhs else "notify the **affected patients**"
    log = notices.hhs_by if not notices.hhs_with_individuals else date(discovered.year, 12, 31) + timedelta(days=60)
    wrong = [discovered + timedelta(days=30), discovered + timedelta(days=59), discovered + timedelta(days=90),
             log, discovered + timedelta(days=60), date(discovered.year, 12, 31)]
    options = shuffled(rng, when(right), [when(w) for w in wrong])
    prompt = (f"**Case.** On **{when(discovered)}**, {_practice(rng)} learns that {rng.choice(INCIDENTS)}. "
              f"The records held the protected health information of **{affected:,} patients**, all living in {state}. "
              "No exception applies, and the risk assessment cannot show a low probability of compromise. "
              f"What is the **latest** date by which the practice must {who}?")
    if ask_hhs and notices.hhs_with_individuals:
        why = (f"{affected:,} is 500 or more, so HHS must be told at the same time as the patients: no later than "
               f"60 calendar days after discovery. {when(discovered)} + 60 days = {when(right)}.")
    elif ask_hhs:
        why = (f"{affected:,} is fewer than 500, so the breach goes in the practice's log and is reported to HHS no "
               f"later than 60 days after the end of the calendar year of discovery: December 31, "
               f"{discovered.year} + 60 days = {when(right)}. (The patients' own deadline is "
               f"{when(notices.individuals_by)}.)")
    else:
        why = (f"Patients must be notified without unreasonable delay and no later than 60 calendar days after "
               f"discovery, whatever the size of the breach. Counting the discovery date as day 0: "
               f"{when(discovered)} + 60 days = {when(right)}. Sixty days is a ceiling, not a target.")
    return exercise(ex_id, "single", prompt, when(right), why, options=options, domains=DOMAINS,
                    topic="hipaa-breach-deadline", source="45 CFR 164.404(a)(2) and (b); 45 CFR 164.408(b) and (c)",
                    case=True,
                    hints=["Count calendar days from the day of discovery (day 0).",
                           "For HHS, first compare the number of people affected with 500."])


def _state_counts(rng: random.Random) -> dict[str, int]:
    """One to three states with affected-resident counts that sit near the 500 thresholds."""
    near = (120, 260, 350, 430, 480, 499, 500, 501, 520, 610, 750, 1200)
    states = rng.sample(STATES, rng.choice((1, 2, 2, 3)))
    return {s: rng.choice((rng.choice(near), rng.randint(20, 1500))) for s in states}


@template("hipaa-breach-notices", "hipaa", "Who must be notified of a breach: patients, media by state, HHS")
def breach_recipients(rng: random.Random, ex_id: str) -> Made:
    """Apply the per-state media threshold and the total HHS threshold to drawn resident counts."""
    from revcycle.compliance.deid import breach_notices

    residents = _state_counts(rng)
    discovered = _day(rng)
    notices = breach_notices(discovered, residents)
    patients = "Each affected patient, in writing"
    hhs_now = "HHS, at the same time as the patients"
    hhs_log = "HHS, only in the practice's annual log of small breaches"
    media = {s: f"Prominent media outlets serving {s}" for s in residents}
    extras = ["The practice's Medicare Administrative Contractor", "The three national credit bureaus",
              "The state medical licensing board"]
    options = [patients, *media.values(), hhs_now, hhs_log, *rng.sample(extras, 1)]
    rng.shuffle(options)
    answer = [o for o in options if o == patients or (o == hhs_now and notices.hhs_with_individuals)
              or (o == hhs_log and not notices.hhs_with_individuals)
              or any(o == media[s] for s in notices.media_states)]
    split = "; ".join(f"{n:,} in {s}" for s, n in residents.items())
    prompt = (f"**Case.** On {when(discovered)}, {_practice(rng)} discovers a breach of unsecured protected health "
              f"information affecting **{notices.affected:,} patients** ({split}). Under the HIPAA Breach "
              "Notification Rule, who must be notified? Select all that apply.")
    media_why = ("Media notice is owed only where **more than 500** residents of one state are affected: "
                 + ", ".join(f"{s} ({n:,}: {'yes' if s in notices.media_states else 'no'})"
                             for s, n in residents.items()) + ".")
    hhs_why = (f"In total {notices.affected:,} people are affected, which is "
               + ("500 or more, so HHS is told at the same time as the patients (164.408(b))."
                  if notices.hhs_with_individuals else
                  "fewer than 500, so HHS gets the breach in the annual log due 60 days after the year ends "
                  "(164.408(c))."))
    why = (f"Every breach of unsecured PHI requires written notice to each affected patient (164.404). {media_why} "
           f"{hhs_why} The rule does not require notice to a MAC, credit bureaus or a licensing board.")
    return exercise(ex_id, "multiple", prompt, answer, why, options=options, domains=DOMAINS,
                    topic="hipaa-breach-notices", source="45 CFR 164.404, 164.406(a), 164.408(b) and (c)", case=True,
                    hints=["Media notice is counted state by state; the HHS threshold is counted across the whole "
                           "breach.",
                           "One threshold is 'more than 500', the other '500 or more'."])


# --------------------------------------------------------------------------------------------------------------------
# Safe Harbor identifiers
# --------------------------------------------------------------------------------------------------------------------

CONDITIONS = ("type 2 diabetes", "essential hypertension", "hyperlipidemia", "asthma", "chronic kidney disease",
              "osteoarthritis of the knee", "hypothyroidism")
LABS = ("hemoglobin A1c", "lipid panel", "TSH level", "basic metabolic panel", "urine albumin test")
DRUGS = ("metformin 500 mg twice daily", "lisinopril 10 mg daily", "atorvastatin 20 mg at bedtime",
         "levothyroxine 50 mcg daily", "an albuterol inhaler as needed")
STREETS = ("Sample Lane", "Placeholder Road", "Example Avenue", "Fictional Court", "Testing Street")
TOWNS = (("Testville", "Illinois", "62704"), ("Sampleton Falls", "Vermont", "05901"),
         ("Placeholder Springs", "Texas", "78626"), ("Exampleburg", "Wisconsin", "53703"),
         ("Fictionton", "Wyoming", "82501"))
RECIPIENTS = ("an outside data analyst", "a university research team", "a textbook author",
              "a quality-improvement collaborative")
FEMALE = ("Maria", "Aiyana", "Fatima", "Lena", "Rosa")
LETTERS = {"name": "A (names)", "geography": "B (geography smaller than a state)",
           "date": "C (dates other than the year, and ages over 89)", "phone": "D (telephone numbers)",
           "fax": "E (fax numbers)", "email": "F (email addresses)", "ssn": "G (Social Security numbers)",
           "mrn": "H (medical record numbers)", "health_plan": "I (health plan beneficiary numbers)",
           "account": "J (account numbers)", "vehicle": "L (vehicle identifiers and licence plates)",
           "device": "M (device identifiers and serial numbers)", "url": "N (web URLs)",
           "ip": "O (IP addresses)"}


class _Note:
    """A note being written: text with [bracketed] candidates, each labelled with its identifier kind or None."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.marks: list[tuple[str, str | None, str]] = []  # (phrase, identifier key or None, why not)

    def mark(self, phrase: str, key: str | None, why_not: str = "") -> str:
        self.marks.append((phrase, key, why_not))
        return f"[{phrase}]"


def _sentences(rng: random.Random, n: _Note) -> tuple[list[str], list[str], list[str]]:
    """The note's sentences (the first always, the rest a seeded subset) and its roster of names and places."""
    male = rng.random() < 0.5
    from revcycle.synthetic.pools import PATIENT_FIRST_NAMES, PATIENT_LAST_NAMES

    first = rng.choice([f for f in PATIENT_FIRST_NAMES if (f in FEMALE) != male])
    last = rng.choice(PATIENT_LAST_NAMES)
    relation = rng.choice(("daughter", "son", "sister", "brother"))
    rel_female = relation in ("daughter", "sister")
    rel = (f"{rng.choice([f for f in PATIENT_FIRST_NAMES if (f in FEMALE) == rel_female and f != first])} "
           f"{rng.choice([x for x in PATIENT_LAST_NAMES if x != last])}")
    she, her = ("He", "his") if male else ("She", "her")
    town, state, zip_code = rng.choice(TOWNS)
    visit = date(2026, 1, 5) + timedelta(days=rng.randint(0, 300))
    age = rng.choice((rng.randint(34, 89), rng.randint(90, 102)))
    visit_text = rng.choice((when(visit), f"{visit:%m/%d/%Y}", visit.isoformat()))
    opening = (f"{n.mark(f'{first} {last}', 'name')}, age "
               f"{n.mark(str(age), 'date' if age > 89 else None, 'an age of 89 or under may stay')}, was seen on "
               f"{n.mark(visit_text, 'date')} at the clinic in {n.mark(town, 'geography')}.")
    ssn = f"9{rng.randint(0, 99):02d}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}"
    pick: list[Callable[[], str]] = [
        lambda: (f"{she} lives at {n.mark(f'{rng.randint(10, 9899)} {rng.choice(STREETS)}', 'geography')} in "
                 f"{n.mark(state, None, 'a state may stay')}, ZIP code {n.mark(zip_code, 'geography')}."),
        lambda: (f"{her.capitalize()} {relation}, "
                 f"{n.mark(rel, 'name')}, called from {n.mark(f'555-01{rng.randint(0, 99):02d}', 'phone')}."),
        lambda: (f"Diagnosis: {n.mark(rng.choice(CONDITIONS), None, 'clinical facts identify no one')}; "
                 f"{her} last {n.mark(rng.choice(LABS), None, 'clinical facts identify no one')} was reviewed."),
        lambda: (f"Every one of {her} visits in {n.mark(str(visit.year), None, 'a year on its own may stay')} "
                 "was in person."),
        lambda: (f"Chart MRN {n.mark(f'{rng.randint(1_000_000, 99_999_999)}', 'mrn')}; member ID "
                 f"{n.mark(f'SYN{rng.randint(0, 999_999_999):09d}', 'health_plan')}."),
        lambda: (f"{she} emailed from {n.mark(f'{first.lower()}.{last.lower()}@example.com', 'email')} after "
                 f"signing in to {n.mark(f'https://portal.example.org/p/{rng.randint(1000, 99999)}', 'url')} "
                 f"from {n.mark(f'192.0.2.{rng.randint(1, 254)}', 'ip')}."),
        lambda: (f"{her.capitalize()} glucose meter, serial "
                 f"{n.mark(f'GLM-{rng.randint(100000, 999999)}', 'device')}, uploads readings nightly."),
        lambda: (f"{she} parks in the {n.mark('first-floor', None, 'a part of the building identifies no one')} "
                 f"garage; car plate {n.mark(f'SYN-{rng.randint(1000, 9999)}', 'vehicle')}."),
        lambda: f"SSN {n.mark(ssn, 'ssn')} is on file; {she.lower()} takes "
                f"{n.mark(rng.choice(DRUGS), None, 'clinical facts identify no one')}.",
        lambda: (f"Statements go to account {n.mark(f'AC-{rng.randint(10000, 99999)}', 'account')}; "
                 f"records were faxed to {n.mark(f'{rng.randint(201, 989)}-555-01{rng.randint(0, 99):02d}', 'fax')}."),
    ]
    chosen = sorted(rng.sample(range(len(pick)), rng.randint(4, 6)))
    # Always offer at least one phrase that is not an identifier.
    if not {2, 3, 8} & set(chosen):
        chosen = sorted({*chosen[:-1], rng.choice((2, 3, 8))})
    return [opening, *(pick[i]() for i in chosen)], [f"{first} {last}", rel], [town]


def _found(note: str, names: list[str], places: list[str]) -> list[bool]:
    """For each [bracketed] phrase: does revcycle's Safe Harbor de-identifier remove (part of) it?"""
    from revcycle.compliance.deid import deidentify

    head, *pieces = note.split("[")
    plain: list[str] = [head]
    spans: list[tuple[int, int]] = []
    for piece in pieces:
        inner, rest = piece.split("]", 1)
        start = sum(len(p) for p in plain)
        spans.append((start, start + len(inner)))
        plain += [inner, rest]
    result = deidentify("".join(plain), names=names, places=places)
    return [any(f.start < end and f.end > start for f in result.findings) for start, end in spans]


@template("hipaa-safe-harbor-spot", "hipaa", "Spot the Safe Harbor identifiers in a synthetic note")
def safe_harbor_spot(rng: random.Random, ex_id: str) -> Made:
    """Mark the phrases of a drawn note that Safe Harbor removes; the key is what revcycle's de-identifier finds."""
    n = _Note()
    sentences, names, places = _sentences(rng, n)
    note = " ".join(sentences)
    found = _found(note, names, places)
    for (phrase, key, _why), hit in zip(n.marks, found, strict=True):
        if hit != (key is not None):
            raise WorkbookError(f"The de-identifier and the template disagree about {phrase!r}; fix the template.")
    answer = [phrase for (phrase, key, _w) in n.marks if key is not None]
    ids = "; ".join(f"{p}: {LETTERS[k]}" for p, k, _w in n.marks if k is not None)
    keep = "; ".join(f"{p} ({w})" for p, k, w in n.marks if k is None)
    why = (f"Safe Harbor removes these, by the regulation's letter: {ids}. These may stay: {keep}. Relatives' names "
           "count as identifiers too, and a ZIP code is geography smaller than a state (at most its first three "
           "digits may be kept).")
    prompt = (f"**Case.** {_practice(rng)} wants to share this follow-up note with {rng.choice(RECIPIENTS)} as "
              "de-identified data. Select every phrase that is one of the 18 identifiers the **Safe Harbor** method "
              "requires you to remove.")
    return exercise(ex_id, "spot", prompt, answer, why, note=note,
                    domains=DOMAINS, topic="hipaa-safe-harbor-spot", case=True,
                    source="45 CFR 164.514(b)(2)(i)(A)-(R); HHS, Guidance Regarding Methods for De-identification "
                           "(2012)",
                    hints=["Ages count only above 89; a year counts only as part of a fuller date.",
                           "Geography smaller than a state counts, and so do numbers that point to one person, "
                           "account, vehicle or device."])


# --------------------------------------------------------------------------------------------------------------------
# Patients' requests and minimum necessary
# --------------------------------------------------------------------------------------------------------------------

REQUESTS = {
    "access": "a copy of her medical and billing records",
    "amendment": "a correction to an allergy list she says is wrong in her record",
    "accounting": "an accounting of the disclosures of her information over the past six years",
}


@template("hipaa-request-deadline", "hipaa", "Deadline to act on a patient's access, amendment or accounting request")
def request_deadline(rng: random.Random, ex_id: str) -> Made:
    """Apply the Privacy Rule's clock (and its one extension) to a drawn request date."""
    from revcycle.compliance.deadlines import REQUEST_CLOCKS
    from revcycle.compliance.deadlines import request_deadline as deadline

    right = rng.choice(sorted(REQUESTS))
    clock = REQUEST_CLOCKS[right]
    received = _day(rng)
    extended = rng.random() < 0.5
    due = deadline(right, received, extended=extended)
    if extended:
        sent = received + timedelta(days=rng.randint(5, clock.days - 3))
        ext = (f"On {when(sent)} the practice sends her a written notice explaining why it needs more time, and "
               "takes the longest extension the rule allows.")
    else:
        ext = "The practice does not extend the deadline."
    prompt = (f"**Case.** On **{when(received)}**, {_practice(rng)} receives a patient's written request for "
              f"{REQUESTS[right]}. {ext} What is the **latest** date by which the practice must act on the request?")
    options = shuffled(rng, when(due), [when(received + timedelta(days=d)) for d in (30, 60, 90, 45, 120)])
    base = received + timedelta(days=clock.days)
    why = (f"A request for {right} must be acted on no later than {clock.days} days after it is received: "
           f"{when(received)} + {clock.days} days = {when(base)}. "
           + (f"The practice used its one extension of up to {clock.extension} days, with a written reason sent "
              f"within the first {clock.days} days: {when(base)} + {clock.extension} days = {when(due)}."
              if extended else "Without a written extension notice there is no extra time."))
    return exercise(ex_id, "single", prompt, when(due), why, options=options, domains=DOMAINS,
                    topic="hipaa-request-deadline", source=clock.rule, case=True,
                    hints=["Access has a shorter clock than amendment or an accounting of disclosures.",
                           "Only one extension is allowed, of up to 30 days, and only with a written notice sent in "
                           "time."])


APPLIES = "It applies: share only the minimum necessary for the purpose"
EXCEPTIONS = {
    "treatment": "It does not apply: a disclosure to a provider for treatment",
    "patient": "It does not apply: a disclosure to the patient the information is about",
    "authorization": "It does not apply: a disclosure the patient authorized in writing",
    "hhs": "It does not apply: a disclosure to HHS for a compliance investigation",
    "law": "It does not apply: a disclosure required by law",
}
WHY = {
    None: "This is {purpose}, and the minimum necessary standard applies to it: send only what the purpose needs.",
    "treatment": "Disclosures to (or requests by) a health care provider for treatment are exempt from the standard.",
    "patient": "Disclosures to the individual who is the subject of the information are exempt from the standard.",
    "authorization": "Disclosures made under a valid authorization are exempt: the patient decided what goes.",
    "hhs": "Disclosures to HHS for a compliance review or investigation are exempt from the standard.",
    "law": "Disclosures required by law (a court order is one) are exempt from the standard; the entity discloses "
           "what the law requires.",
}


def _scenario(rng: random.Random) -> tuple[str, str | None, str]:
    """A drawn disclosure: (what happens, the exception that applies or None, its purpose when none does)."""
    from revcycle.synthetic.pools import PROVIDER_FIRST_NAMES, PROVIDER_LAST_NAMES

    doctor = f"Dr. {rng.choice(PROVIDER_FIRST_NAMES)} {rng.choice(PROVIDER_LAST_NAMES)}"
    payer = rng.choice(("a commercial health plan", "the patient's Medicare Advantage plan", "the state Medicaid plan"))
    n = rng.randint(20, 60)
    scenarios: list[tuple[str, str | None, str]] = [
        (f"A biller answers {payer}'s request about one disputed claim by sending documentation for that claim.",
         None, "payment"),
        (f"An outside coding auditor, under a business associate agreement, reviews a sample of {n} coded charts.",
         None, "health care operations"),
        (f"The practice gives a collection agency, its business associate, the account details it needs to collect "
         f"a patient's overdue balance of {money(Decimal(rng.randint(80, 900)))}.", None, "payment"),
        (f"The practice sends a patient's chart to {doctor}, a cardiologist who will see the patient next week.",
         "treatment", ""),
        ("A patient asks for a copy of her own record, and the practice sends it to her.", "patient", ""),
        ("A patient signs an authorization asking the practice to send her records to a life insurer.",
         "authorization", ""),
        ("An investigator from HHS's Office for Civil Rights asks for records during a compliance investigation.",
         "hhs", ""),
        ("A court orders the practice to produce the billing records of one named patient.", "law", ""),
    ]
    return rng.choice(scenarios)


@template("hipaa-minimum-necessary", "hipaa", "Does the minimum necessary standard apply to a disclosure?")
def minimum_necessary(rng: random.Random, ex_id: str) -> Made:
    """Decide, for a drawn disclosure, whether minimum necessary applies or which exception removes it."""
    text, exception, purpose = _scenario(rng)
    right = APPLIES if exception is None else EXCEPTIONS[exception]
    wrong = [v for k, v in EXCEPTIONS.items() if k != exception]
    options = shuffled(rng, right, wrong if exception is None else [APPLIES, *rng.sample(wrong, 2)])
    prompt = (f"**Case.** {text} Does the Privacy Rule's **minimum necessary** standard apply to this disclosure?")
    why = WHY[exception].format(purpose=purpose)
    if exception is None:
        why += " Payment and health care operations are not among the exceptions."
    return exercise(ex_id, "single", prompt, right, why, options=options, domains=DOMAINS,
                    topic="hipaa-minimum-necessary", source="45 CFR 164.502(b); 45 CFR 164.506", case=True,
                    hints=["The standard covers most uses and disclosures, including payment and operations.",
                           "The exceptions: treatment between providers, the patient, an authorization, HHS, "
                           "disclosures required by law and those HIPAA itself requires."])
