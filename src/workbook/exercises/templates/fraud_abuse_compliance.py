"""Templates for the chapter fraud-abuse-compliance: the overpayment deadline, which law a scenario raises, False
Claims Act exposure, and the E/M level audit's share and peer z-score."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from workbook.exercises.templates import template
from workbook.exercises.templates.base import Made, exercise, money, shuffled
from workbook.exercises.templates.base import doctor_name as _doctor
from workbook.exercises.templates.base import long_date as when

DOMAINS = ("CPB", "CPCO")
AUDIT_DOMAINS = ("CPC", "CPCO")


def _practice(rng: random.Random) -> str:
    """A synthetic practice name from revcycle's pool."""
    from revcycle.synthetic.pools import PRACTICE_NAMES

    return f"{rng.choice(PRACTICE_NAMES)} {rng.choice(('Family Practice', 'Medical Group', 'Orthopedics'))} (synthetic)"


# --------------------------------------------------------------------------------------------------------------------
# The 60-day overpayment rule
# --------------------------------------------------------------------------------------------------------------------

CAUSES = ("established-patient visits billed at a level the notes do not support",
          "a modifier 25 appended to visits that had no separately identifiable service",
          "therapy units billed beyond the minutes documented",
          "duplicate claims paid twice after a clearinghouse resubmission",
          "services billed under a provider whose enrollment had lapsed")
SUSPENSION_RULE = ("(Under 42 CFR 401.305 as amended for 2025, a timely, good-faith investigation of related "
                   "overpayments suspends the 60-day deadline until the investigation ends or 180 days after the "
                   "overpayment was identified, whichever comes first.)")


@template("fac-overpayment-deadline", "fraud-abuse-compliance", "Report-and-return deadline for an identified "
          "Medicare overpayment")
def overpayment_deadline(rng: random.Random, ex_id: str) -> Made:
    """Date the 60-day clock, with or without a suspension for a good-faith investigation, from drawn dates."""
    from revcycle.compliance.deadlines import MAX_SUSPENSION_DAYS, OVERPAYMENT_DAYS
    from revcycle.compliance.deadlines import overpayment_deadline as deadline

    identified = date(rng.choice((2026, 2027)), 1, 1) + timedelta(days=rng.randrange(365))
    amount = money(Decimal(rng.randint(400, 48000)) + Decimal(rng.randint(0, 99)) / 100)
    kind = rng.choice(("plain", "plain", "investigated", "long"))
    days = {"plain": 0, "investigated": rng.randint(21, 170), "long": rng.randint(190, 300)}[kind]
    ended = identified + timedelta(days=days) if kind != "plain" else None
    result = deadline(identified, investigation_ended=ended)
    case = (f"**Case.** On **{when(identified)}**, the compliance officer of {_practice(rng)} confirms that Medicare "
            f"overpaid the practice {amount} for {rng.choice(CAUSES)}. The practice files no cost reports. ")
    if ended is None:
        case += "Nothing suggests the problem reaches any other claims, so no further investigation is needed. "
        why = (f"The overpayment must be reported and returned no later than {OVERPAYMENT_DAYS} days after it was "
               f"identified: {when(identified)} + {OVERPAYMENT_DAYS} days = {when(result.due)}. Kept longer, it "
               "becomes an obligation under the False Claims Act.")
    else:
        case += (f"That same day she starts a timely, good-faith investigation to find related overpayments from the "
                 f"same cause; it is completed on **{when(ended)}**. {SUSPENSION_RULE} ")
        cap = identified + timedelta(days=MAX_SUSPENSION_DAYS)
        stop = (f"the investigation ended on {when(ended)}, within 180 days" if not result.suspension_capped else
                f"the investigation ran past the 180-day limit, so the suspension ended on {when(cap)} "
                f"({when(identified)} + 180 days)")
        why = (f"The deadline was suspended while the investigation ran: {stop}. The 60 days run from there: "
               f"{when(result.clock_starts)} + {OVERPAYMENT_DAYS} days = {when(result.due)}. Kept past that date, the "
               "overpayment becomes an obligation under the False Claims Act.")
    prompt = case + "By what date must the practice **report and return** the overpayment?"
    wrong = [identified + timedelta(days=d) for d in (30, 60, 59, 180, 240)]
    if ended is not None:
        wrong += [ended, ended + timedelta(days=60), ended + timedelta(days=30)]
    options = shuffled(rng, when(result.due), [when(w) for w in wrong if w != result.due])
    return exercise(ex_id, "single", prompt, when(result.due), why, options=options, domains=DOMAINS,
                    topic="fac-overpayment-deadline", case=True,
                    source="42 U.S.C. 1320a-7k(d); 42 CFR 401.305(b) (as amended by the CY 2025 Physician Fee "
                           "Schedule final rule, effective January 1, 2025)",
                    hints=["Count calendar days from the day the overpayment was identified, or from the day a "
                           "suspension ended.",
                           "A suspension never runs more than 180 days past identification."])


# --------------------------------------------------------------------------------------------------------------------
# Which law?
# --------------------------------------------------------------------------------------------------------------------

FCA = "The False Claims Act"
AKS = "The Anti-Kickback Statute"
STARK = "The Stark Law (physician self-referral)"
EXCLUSION = "The exclusion rules (OIG's LEIE)"
HIPAA_BREACH = "The HIPAA Breach Notification Rule"
TIMELY = "Medicare's timely filing rule"
LAW_SOURCE = {FCA: "31 U.S.C. 3729(a)(1)", AKS: "42 U.S.C. 1320a-7b(b)", STARK: "42 U.S.C. 1395nn(a)",
              EXCLUSION: "42 U.S.C. 1320a-7; 42 CFR 1001.1901; 42 U.S.C. 1320a-7a(a)(6)"}


def _fca_case(rng: random.Random) -> tuple[str, str, str, list[str]]:
    """Knowingly false claims, with no payment, referral or excluded person in the story."""
    what = rng.choice((f"{rng.randint(20, 90)} physical therapy sessions on days the patients were in the hospital",
                       f"{rng.randint(15, 60)} home visits that the schedule shows never took place",
                       f"{rng.randint(30, 120)} urine drug tests that the lab never ran"))
    text = (f"{_practice(rng)} billed Medicare for {what}. The billing manager was told about the problem months "
            "ago and did nothing. No one paid or received anything for referrals, and no one involved is excluded.")
    why = ("Billing for services not rendered, with at least reckless disregard of the truth, is presenting false "
           "claims 'knowingly' under the False Claims Act: treble damages plus a penalty per claim. There is no "
           "remuneration for referrals (AKS), no physician referral to an entity she has a financial relationship "
           "with (Stark) and no excluded person, and nothing about a breach of health information.")
    return text, FCA, why, [AKS, STARK, EXCLUSION, HIPAA_BREACH]


def _aks_case(rng: random.Random) -> tuple[str, str, str, list[str]]:
    """Payment for referrals to or from someone who is not a physician: AKS, not Stark."""
    payer = rng.choice(("A durable medical equipment supplier", "A home health agency", "An ambulance company"))
    source = rng.choice(("a senior-center activities coordinator", "a hospital discharge planner",
                         "an assisted-living facility's office manager"))
    fee = rng.choice((25, 50, 75, 100, 150))
    text = (f"{payer} pays {source} \\${fee} in cash for each Medicare or Medicaid patient she sends its way. "
            "Which law makes this arrangement a crime for **both** the payer and the person paid?")
    why = ("Knowingly and willfully paying or accepting anything of value to induce referrals of federal health care "
           "program business is a felony under the Anti-Kickback Statute, for both sides. The Stark Law is about "
           "referrals by physicians (and it is not a criminal statute); the person paid here is not a physician. "
           "No one is excluded and no health information was breached.")
    return text, AKS, why, [STARK, EXCLUSION, HIPAA_BREACH, TIMELY]


def _stark_case(rng: random.Random) -> tuple[str, str, str, list[str]]:
    """A physician's (or family member's) financial relationship, a DHS referral, no exception, no intent."""
    doctor = _doctor(rng)
    relation = rng.choice(("owns 20 percent of", "is married to the majority owner of",
                           "has a consulting contract, never put in writing, with"))
    service = rng.choice((("an independent clinical laboratory", "blood tests"),
                          ("an imaging center", "MRI scans"),
                          ("a physical therapy clinic", "physical therapy"),
                          ("a durable medical equipment supplier", "walkers and hospital beds")))
    text = (f"{doctor} {relation} {service[0]} across town and refers Medicare patients there for {service[1]}. "
            "No exception applies. Nobody meant to break any rule, and nothing is paid per referral. Under which "
            "law may the entity not bill Medicare for these referred services, whatever anyone intended?")
    why = (f"{service[1].capitalize()} are designated health services; the physician (or her immediate family) has a "
           "financial relationship with the entity; no exception applies. The Stark Law is strict liability: the "
           "claims are not payable and must be refunded whatever the intent. The Anti-Kickback Statute and the False "
           "Claims Act both need knowledge or intent, which the case rules out; no one is excluded.")
    return text, STARK, why, [EXCLUSION, HIPAA_BREACH, TIMELY]


def _exclusion_case(rng: random.Random) -> tuple[str, str, str, list[str]]:
    """An excluded person on staff: Medicare pays nothing for their work."""
    role = rng.choice(("a medical biller", "a medical assistant", "a coder", "an office manager"))
    months = rng.randint(2, 14)
    text = (f"When it starts screening its staff against OIG's List of Excluded Individuals/Entities, "
            f"{_practice(rng)} finds that {role} it hired {months} months ago is on it. The employee's work is paid "
            "for with Medicare money. Which rules mean the practice may face civil money penalties and must stop "
            "using federal program money for this person's work?")
    why = ("Federal health care programs pay nothing for items or services furnished, ordered or prescribed by an "
           "excluded person, and OIG includes administrative work such as billing and management. Employing an "
           "excluded person the practice knew or should have known about brings civil money penalties. No kickback, "
           "self-referral or breach of health information is described.")
    return text, EXCLUSION, why, [AKS, STARK, HIPAA_BREACH]


@template("fac-which-law", "fraud-abuse-compliance", "Name the federal law a billing scenario raises")
def which_law(rng: random.Random, ex_id: str) -> Made:
    """Match a drawn scenario to the one law it raises; distractors are laws the facts rule out."""
    text, right, why, wrong = rng.choice((_fca_case, _aks_case, _stark_case, _exclusion_case))(rng)
    question = "" if "?" in text else " Which federal law does this scenario put at risk?"
    options = shuffled(rng, right, wrong)
    return exercise(ex_id, "single", f"**Case.** {text}{question}", right, why, options=options, domains=DOMAINS,
                    topic="fac-which-law", source=LAW_SOURCE[right], case=True,
                    hints=["Look for the deciding fact: a false statement, something of value for referrals, a "
                           "physician's financial relationship, or an excluded person.",
                           "The Stark Law needs no intent; the Anti-Kickback Statute needs knowing and willful "
                           "conduct."])


# --------------------------------------------------------------------------------------------------------------------
# False Claims Act exposure
# --------------------------------------------------------------------------------------------------------------------

FALSE_CLAIMS = ("office visits that never took place", "urine drug tests that were never run",
                "wheelchairs that were never delivered", "therapy sessions on days the clinic was closed",
                "nursing home visits to patients who had already been discharged")


@template("fac-fca-exposure", "fraud-abuse-compliance", "False Claims Act range: treble damages plus per-claim "
          "penalties")
def fca_exposure(rng: random.Random, ex_id: str) -> Made:
    """Compute the lowest or highest civil FCA liability for drawn claims and payments with revcycle."""
    from revcycle.compliance.audit import fca_exposure as exposure

    claims = rng.randint(4, 80)
    paid = Decimal(rng.randint(35, 450)) + Decimal(rng.choice((0, 0, 25, 50, 75, 19, 88))) / 100
    low = rng.random() < 0.5
    e = exposure(claims, paid)
    total = e.minimum if low else e.maximum
    penalty = e.penalty_min / claims if low else e.penalty_max / claims
    word = "lowest" if low else "highest"
    prompt = (f"**Case.** {_practice(rng)} knowingly billed Medicare for **{claims} {rng.choice(FALSE_CLAIMS)}**; "
              f"Medicare paid **{money(paid)}** on each claim. Using the **{word}** per-claim False Claims Act "
              f"penalty for penalties assessed after July 3, 2025 ({money(penalty)}), what is the "
              f"**{'minimum' if low else 'maximum'}** total civil liability: treble damages plus penalties?")
    why = (f"Damages are what the government paid: {claims} x {money(paid)} = {money(e.damages)}. Trebled: 3 x "
           f"{money(e.damages)} = {money(e.treble)}. Penalties at the {word} amount: {claims} x {money(penalty)} = "
           f"{money(total - e.treble)}. Total: {money(e.treble)} + {money(total - e.treble)} = {money(total)}.")
    return exercise(ex_id, "numeric", prompt, str(total), why, unit="$", tolerance="0.01", domains=DOMAINS,
                    topic="fac-fca-exposure", case=True,
                    source="31 U.S.C. 3729(a)(1); DOJ, Civil Monetary Penalties Inflation Adjustments for 2025, "
                           "90 FR 29445; 28 CFR 85.5",
                    hints=["Damages are what the government paid for the false claims; the statute triples them.",
                           "Then add one penalty for every false claim."])


# --------------------------------------------------------------------------------------------------------------------
# The E/M level audit
# --------------------------------------------------------------------------------------------------------------------


def _counts(rng: random.Random, visits: int) -> dict[str, int]:
    """A provider's established-patient visits by level, drawn around a mix that leans low or high."""
    from revcycle.compliance.audit import EM_LEVELS

    high = rng.uniform(0.25, 0.75)
    weights = [0.03, 0.07, (0.9 - high), high * 0.8, high * 0.2]
    drawn = rng.choices(EM_LEVELS, weights=weights, k=visits)
    return {lv: drawn.count(lv) for lv in EM_LEVELS}


def _pct(value: Decimal, places: str = "0.1") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


@template("fac-em-high-share", "fraud-abuse-compliance", "Share of E/M visits billed at level 4 or 5")
def em_high_share(rng: random.Random, ex_id: str) -> Made:
    """Compute a provider's level-4/5 share from drawn visit counts, as the chapter's audit does."""
    from revcycle.compliance.audit import EM_LEVELS, HIGH_LEVELS, EmProfile

    doctor = _doctor(rng)
    profile = EmProfile(doctor, _counts(rng, rng.randint(120, 900)))
    share = _pct(Decimal(profile.high_visits * 100) / Decimal(profile.visits))
    listing = ", ".join(f"{lv}: {profile.counts[lv]}" for lv in EM_LEVELS)
    prompt = (f"**Case.** Over a year, {doctor} (synthetic) billed these established-patient office visits: "
              f"{listing}. What **percentage** of the visits were billed at level 4 or 5? (One decimal place.)")
    why = (f"All visits: {' + '.join(str(profile.counts[lv]) for lv in EM_LEVELS)} = {profile.visits}. Level 4 and 5: "
           f"{' + '.join(str(profile.counts[lv]) for lv in HIGH_LEVELS)} = {profile.high_visits}. Share: "
           f"{profile.high_visits} / {profile.visits} x 100 = {share}%. This is the measure the E/M audit compares "
           "with the peers.")
    return exercise(ex_id, "numeric", prompt, str(share), why, unit="%", decimals=1, tolerance="0.1",
                    domains=AUDIT_DOMAINS, topic="fac-em-high-share", case=True,
                    source="HHS OIG, General Compliance Program Guidance (2023), auditing and monitoring; chapter "
                           "'Fraud, abuse and compliance', worked example 2 (revcycle.compliance.audit)",
                    hints=["Add the visits at 99214 and 99215, then divide by all visits.",
                           "Multiply by 100 for a percentage."])


@template("fac-peer-z-score", "fraud-abuse-compliance", "Peer z-score of a provider's level-4/5 share")
def peer_z_score(rng: random.Random, ex_id: str) -> Made:
    """Place a drawn provider among a seeded synthetic peer group with revcycle's E/M audit."""
    from revcycle.compliance.audit import PEER_Z, EmProfile, audit_provider, peer_benchmark, synthetic_peers

    peers = synthetic_peers(rng.randint(20, 50), seed=rng.randrange(1, 10**6))
    bench = peer_benchmark(peers)
    doctor = _doctor(rng)
    profile = EmProfile(doctor, _counts(rng, rng.randint(200, 1100)))
    result = audit_provider(profile, bench)
    mean, sd = _pct(Decimal(100 * bench.mean_high_share), "0.01"), _pct(Decimal(100 * bench.sd_high_share), "0.01")
    z = _pct(Decimal(result.peer_z))
    share = _pct(Decimal(profile.high_visits * 100) / Decimal(profile.visits), "0.01")
    prompt = (f"**Case.** {doctor} (synthetic) billed **{profile.visits}** established-patient office visits in a "
              f"year, **{profile.high_visits}** of them at level 4 or 5. In a peer group of {bench.providers} "
              f"providers, the average level-4/5 share is **{mean}%**, with a standard deviation of **{sd} "
              "percentage points** between providers. What is the provider's **peer z-score**? (One decimal place; "
              "negative if below the average.)")
    side = "above" if result.peer_z >= 0 else "below"
    beyond = "beyond" if abs(result.peer_z) >= PEER_Z else "within"
    why = (f"Share: {profile.high_visits} / {profile.visits} = {share}%. z = (share - peer average) / peer standard "
           f"deviation = ({share} - {mean}) / {sd} = {z}: {abs(z)} standard deviations {side} the peers, {beyond} the "
           f"audit's threshold of {PEER_Z:g}. A z-score alone is a reason to review notes, not a finding.")
    return exercise(ex_id, "numeric", prompt, str(z), why, unit="standard deviations", decimals=1, tolerance="0.1",
                    domains=("CPCO",), topic="fac-peer-z-score", case=True,
                    source="HHS OIG, General Compliance Program Guidance (2023), auditing and monitoring; chapter "
                           "'Fraud, abuse and compliance', worked example 2 (revcycle.compliance.audit.audit_provider)",
                    hints=["First turn the counts into a percentage share.",
                           "Subtract the peer average, then divide by the peer standard deviation."])
