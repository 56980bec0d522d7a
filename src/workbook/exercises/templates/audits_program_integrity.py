"""Templates for the chapter audits-program-integrity: a probe sample's error rate, extrapolating a sample (the point
estimate, or the lower limit a contractor demands), and which review contractor a letter comes from.

The sampling templates draw their cases from :func:`revcycle.compliance.sampling.synthetic_universe` with a drawn seed
and compute every key with :mod:`revcycle.compliance.sampling`; the template never does the arithmetic itself.
Practices and claims are synthetic.
"""

from __future__ import annotations

import random
from decimal import Decimal

from workbook.exercises.templates import template
from workbook.exercises.templates.base import Made, exercise, money, shuffled

DOMAINS = ("CPB", "CPCO")
SAMPLING_SOURCE = ("CMS, Medicare Program Integrity Manual (Pub. 100-08), ch. 8, section 8.4 (statistical sampling "
                   "for overpayment estimation)")
LOWER_SOURCE = ("CMS, Medicare Program Integrity Manual (Pub. 100-08), ch. 8, section 8.4.5 (the lower limit of a "
                "one-sided 90 percent confidence interval)")
PRACTICES = ("Riverbend Family Medicine", "Lakeview Podiatry", "Crestview Cardiology", "Maple Street Pediatrics",
             "Harborside Orthopedics", "Sunfield Internal Medicine", "Northgate Dermatology")


def _practice(rng: random.Random) -> str:
    return f"{rng.choice(PRACTICES)} (synthetic)"


def _sampling():  # type: ignore[no-untyped-def]
    from revcycle.compliance import sampling

    return sampling


# --------------------------------------------------------------------------------------------------------------------
# A probe sample's error rate
# --------------------------------------------------------------------------------------------------------------------


@template("aud-probe-error-rate", "audits-program-integrity", "Error rate of a probe sample of paid claims")
def aud_probe_error_rate(rng: random.Random, ex_id: str) -> Made:
    """Draw a synthetic universe and a probe sample from it; the key is the share of probe claims overpaid."""
    s = _sampling()
    universe = s.synthetic_universe(rng.randint(400, 3000), seed=rng.randrange(10**6),
                                    error_share=rng.choice((0.08, 0.12, 0.18, 0.25)))
    size = rng.choice((30, 30, 35, 40))
    probe = s.review(universe, s.probe_sample([c.claim_id for c in universe], rng.randrange(10**6), size))
    found = [c for c in probe if c.overpaid > 0]
    rate = s.error_rate([c.overpaid for c in probe])
    answer = (100 * rate).quantize(Decimal("0.1"))
    listed = "\n".join(f"- `{c.claim_id}` ({c.code}): {c.finding}, overpaid {money(c.overpaid)}" for c in found) \
        or "- none"
    prompt = (f"**Case.** {_practice(rng)} draws a probe sample of **{size}** claims from its "
              f"{len(universe):,} paid office visits of the year. The coder finds these claims overpaid; every other "
              f"sampled claim is correct:\n\n{listed}\n\nWhat is the probe sample's **error rate**, in percent?")
    explanation = (f"The error rate counts claims: {len(found)} overpaid of {size} reviewed = "
                   f"{len(found)} ÷ {size} = **{answer} percent**. It says how often the problem occurs, not how much "
                   "money is at stake; that needs the overpayment on each claim and a projection.")
    return exercise(ex_id, "numeric", prompt, str(answer), explanation, unit="%", decimals=1, tolerance="0.1",
                    domains=DOMAINS, case=True, topic="aud-probe-error-rate", source=SAMPLING_SOURCE,
                    hints=["Count the overpaid claims, not the dollars.",
                           "Divide by the number of claims reviewed, and give one decimal."])


# --------------------------------------------------------------------------------------------------------------------
# Extrapolation: the point estimate or the lower limit
# --------------------------------------------------------------------------------------------------------------------


@template("aud-extrapolate", "audits-program-integrity", "Project a random sample's overpayments: the point estimate "
          "or the one-sided 90% lower limit")
def aud_extrapolate(rng: random.Random, ex_id: str) -> Made:
    """A short sample listed claim by claim: its point estimate; or, for a larger sample, the lower limit from the
    point estimate, the standard error and t."""
    s = _sampling()
    universe = s.synthetic_universe(rng.randint(800, 6000), seed=rng.randrange(10**6),
                                    error_share=rng.choice((0.15, 0.2, 0.3)))
    big_n = len(universe)
    if rng.random() < 0.5:
        n = rng.choice((8, 10, 12))
        sampled, est = s.audit_sample(universe, n, rng.randrange(10**6))
        values = ", ".join(f"{c.overpaid:,.2f}" if c.overpaid else "0" for c in sampled)
        prompt = (f"**Case.** {_practice(rng)}'s universe holds **{big_n:,}** paid claims. A simple random sample of "
                  f"**{n}** is reviewed, and the overpayments found on the sampled claims are (in dollars): "
                  f"{values}.\n\nWhat is the **point estimate** of the overpayment for the universe?")
        answer = est.point_estimate
        explanation = (f"The sampled overpayments add up to {money(est.sample_total)}; divided by {n} claims (the "
                       f"correct ones count as zeros) that is a mean of {est.sample_total / n:.4f} per claim. The "
                       f"point estimate is {big_n:,} × that mean = **{money(answer)}** "
                       f"({big_n:,} ÷ {n} × {money(est.sample_total)}).")
        return exercise(ex_id, "numeric", prompt, str(answer), explanation, unit="$", tolerance="0.01",
                        domains=DOMAINS, case=True, topic="aud-extrapolate", source=SAMPLING_SOURCE,
                        hints=["Average over every sampled claim, including the zeros.",
                               "Multiply the average by the number of claims in the universe."])
    n = rng.choice((30, 50, 60, 80, 100, 120))
    _sampled, est = s.audit_sample(universe, n, rng.randrange(10**6))
    t_shown = f"{est.t:.4f}"
    prompt = (f"**Case.** A contractor reviews a simple random sample of **{n}** of {_practice(rng)}'s {big_n:,} "
              f"paid claims. Its projection gives a point estimate of {money(est.point_estimate)} with a standard "
              f"error of {money(est.standard_error)}. Student's t for a one-sided 90 percent level with {n - 1} "
              f"degrees of freedom is {t_shown}.\n\nWhat is the **lower limit** of the one-sided 90 percent confidence "
              "interval, the amount a contractor usually demands?")
    answer = est.lower_limit
    by_table = (est.point_estimate - Decimal(t_shown) * est.standard_error).quantize(Decimal("0.01"))
    explanation = (f"Lower limit = point estimate − t × standard error = {money(est.point_estimate)} − {t_shown} × "
                   f"{money(est.standard_error)} = {money(by_table)} with t to four decimals, or "
                   f"**{money(answer)}** with t to full precision ({est.t:.6f}); either is accepted.")
    # the checker allows at most 200 steps of a cent; t to four decimals keeps the hand result within a dollar or so
    tolerance = min(Decimal("2.00"), max(Decimal("1.00"), (by_table - answer).copy_abs() + Decimal("0.50")))
    return exercise(ex_id, "numeric", prompt, str(answer), explanation, unit="$", tolerance=str(tolerance),
                    domains=DOMAINS, case=True, topic="aud-extrapolate", source=LOWER_SOURCE,
                    hints=["Subtract, do not add: the demand is the lower end of the interval.",
                           "Multiply t by the standard error first."])


# --------------------------------------------------------------------------------------------------------------------
# Which contractor?
# --------------------------------------------------------------------------------------------------------------------

MAC = "The Medicare Administrative Contractor (Targeted Probe and Educate)"
RAC = "A Recovery Audit Contractor"
CERT = "The Comprehensive Error Rate Testing (CERT) contractor"
UPIC = "A Unified Program Integrity Contractor"
SMRC = "The Supplemental Medical Review Contractor"
OIG = "The HHS Office of Inspector General"
CONTRACTORS = (MAC, RAC, CERT, UPIC, SMRC, OIG)
SCENARIOS: dict[str, tuple[tuple[str, ...], str, str]] = {
    MAC: (("The letter asks for the records of {k} of the practice's claims for {service}, explains that the "
           "practice's error rate for the service is high, and offers a one-on-one education session after the "
           "review.",),
          "Reviews of 20 to 40 claims with education after each round are Targeted Probe and Educate, which the MAC "
          "runs.", "CMS, Targeted Probe and Educate"),
    RAC: (("The letter comes from the contractor for the practice's region of the country, says the review topic "
           "was approved by CMS and is posted on its website, and asks for the records of {k} claims for {service} "
           "that Medicare paid last year.",),
          "Postpayment review of approved topics, region by region, for a contingency fee is the Recovery Audit "
          "Program.", "CMS, Medicare Fee-for-Service Recovery Audit Program"),
    CERT: (("The letter asks for the records of a single claim for {service}, explaining that the claim was chosen "
            "at random in a national sample used to measure Medicare's improper payment rate.",),
           "A claim picked at random for the national improper payment rate is a CERT request.",
           "CMS, Comprehensive Error Rate Testing (CERT)"),
    UPIC: (("An investigator asks to interview the practice's billing staff and requests records of {service} "
            "claims, saying the contractor is looking into a complaint of suspected fraud.",),
           "Investigations of suspected fraud, waste and abuse, with interviews and possible referral to law "
           "enforcement, are the UPIC's work.", "CMS, Medicare Program Integrity Manual (Pub. 100-08), ch. 4"),
    SMRC: (("The letter says the practice's claims for {service} were chosen for a nationwide medical review on a "
            "topic assigned by CMS, and that any improper payment found will be adjusted by the practice's MAC.",),
           "Nationwide reviews on CMS-assigned topics, with the MAC adjusting the claims, are the SMRC's.",
           "CMS, Supplemental Medical Review Contractor"),
    OIG: (("The practice learns that {service} appears on a list of audits and evaluations under way, published by "
           "the office inside HHS that is independent of CMS.",),
          "The OIG Work Plan lists the audits and evaluations the independent Office of Inspector General has under "
          "way or plans.", "OIG Work Plan"),
}
SERVICES = ("established-patient office visits", "nail debridement", "echocardiograms", "physical therapy",
            "urine drug tests", "wound care", "chiropractic manipulation")


@template("aud-which-contractor", "audits-program-integrity", "Which Medicare review contractor sent a letter")
def aud_which_contractor(rng: random.Random, ex_id: str) -> Made:
    """A described letter or contact; the key is the reviewer whose work it describes."""
    who = rng.choice(CONTRACTORS)
    texts, why, source = SCENARIOS[who]
    text = rng.choice(texts).format(k=rng.randint(20, 40), service=rng.choice(SERVICES))
    prompt = f"**Case.** {_practice(rng)} hears from a Medicare reviewer. {text}\n\nWho is it?"
    options = shuffled(rng, who, [c for c in CONTRACTORS if c != who])
    return exercise(ex_id, "single", prompt, who, f"{why} Answer: **{who}**.", options=options, domains=DOMAINS,
                    case=True, topic="aud-which-contractor", source=source,
                    hints=["Ask what the reviewer looks at, and whether it is aimed at this practice at all."])
