"""Templates for the chapter em-beyond-office: a family's code from the setting and MDM, critical care units by
payer, and transitional care management from the discharge calendar.

Every key comes from :mod:`revcycle.coding.em_settings`; the templates only tell the story. Patients and clinicians
are synthetic; CPT codes appear by number only.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from revcycle.coding import em_settings as engine
from revcycle.coding.em import MDM
from workbook.exercises.templates import template
from workbook.exercises.templates.base import Made, doctor_name, exercise, long_date, patient_name

DOMAINS = ("CPC", "CCA")
SOURCE = ("CMS CY 2023 PFS final rule (E/M families, MDM or time, emergency department by MDM only); AMA CPT E/M "
          "guidelines; the book's engine, revcycle.coding.em_settings")

#: Where the visit happened and what kind of visit it was, for each family a story can name.
STORIES: dict[str, str] = {
    "hospital-initial": "admits the patient to the hospital and sees them for the first time in this stay",
    "hospital-subsequent": "sees the patient on the third day of a hospital stay",
    "hospital-same-day": "admits the patient to observation in the morning and discharges them that evening, "
                         "seeing them at both ends of the day",
    "emergency": "sees the patient in the emergency department",
    "nursing-initial": "sees a resident of a nursing facility for the first time since admission there",
    "nursing-subsequent": "sees a long-term nursing facility resident on a routine later visit",
    "home-new": "visits, at home, a patient the group has never seen",
    "home-established": "visits, at home, a patient the group sees every few months",
}


@template("emb-family-code", "em-beyond-office", "Code a visit outside the office from its setting, kind of visit "
          "and MDM level")
def emb_family_code(rng: random.Random, ex_id: str) -> Made:
    """Draw a family and an MDM level; the engine picks the code."""
    key = rng.choice(tuple(STORIES))
    level = rng.choice(tuple(MDM))
    code = engine.select(key, mdm=level).code
    prompt = (f"**Case.** {doctor_name(rng)} {STORIES[key]} ({patient_name(rng)}, a Medicare patient). The coder "
              f"rates the medical decision making as **{level.label}**. No time is used. Enter the E/M code.")
    fam = engine.FAMILIES[key]
    explanation = (f"{fam.name}: {level.label} MDM supports **{code}**. The family's codes by level are "
                   f"{', '.join(f'{m.label} {c}' for m, c in fam.codes.items())}.")
    return exercise(ex_id, "code", prompt, code, explanation, system="cpt", domains=DOMAINS, case=True,
                    topic="emb-family-code", source=SOURCE,
                    hints=["Name the setting and whether this is a first or later visit, then find the level."])


@template("emb-critical-care", "em-beyond-office", "Count the units of the critical care add-on 99292, CPT's way or "
          "Medicare's")
def emb_critical_care(rng: random.Random, ex_id: str) -> Made:
    """Draw the minutes and the payer's count; the engine counts the units."""
    minutes = rng.randint(60, 200)
    payer = rng.choice(("medicare", "cpt"))
    lines = engine.critical_care_lines(minutes, payer)
    units = sum(ln.units for ln in lines if ln.code == "99292")
    who = "Medicare" if payer == "medicare" else "a commercial plan that follows CPT's count"
    prompt = (f"**Case.** {doctor_name(rng)} documents **{minutes} minutes** of critical care for "
              f"{patient_name(rng)} on one day. The payer is {who}. Besides one line of 99291, how many units of "
              "99292 go on the claim?")
    rule = ("Medicare adds a unit only for each full 30 minutes past 74 (104, 134, 164, ...)" if payer == "medicare"
            else "CPT's count adds a unit at 75 minutes and every 30 minutes after (105, 135, 165, ...)")
    explanation = f"{rule}: {minutes} minutes gives **{units}** unit{'s' if units != 1 else ''} of 99292."
    return exercise(ex_id, "numeric", prompt, units, explanation, unit="units", decimals=0, domains=DOMAINS,
                    case=True, topic="emb-critical-care", source="CMS CY 2023 PFS final rule; CMS MLN Matters "
                    "MM12982; AMA CPT E/M guidelines",
                    hints=["Ask first which count the payer uses."])


TCM_OPTIONS = ("99496", "99495", "No TCM code: the contact came too late", "No TCM code: the visit came too late",
               "No TCM code: the MDM is too low")


@template("emb-tcm", "em-beyond-office", "Decide the transitional care management code from the discharge, contact "
          "and visit dates and the MDM")
def emb_tcm(rng: random.Random, ex_id: str) -> Made:
    """Draw a 2026 discharge date, the contact and visit delays and the MDM; the engine decides."""
    discharge = date(2026, 1, 5) + timedelta(days=rng.randint(0, 330))
    contact = discharge + timedelta(days=rng.randint(1, 5))
    visit = discharge + timedelta(days=rng.randint(3, 17))
    level = rng.choice((MDM.LOW, MDM.MODERATE, MDM.HIGH, MDM.HIGH))
    result = engine.tcm(discharge, contact, visit, level)
    if result.code:
        answer = result.code
    elif result.contact_business_day is not None and result.contact_business_day > engine.TCM_CONTACT_BUSINESS_DAYS:
        answer = TCM_OPTIONS[2]
    elif level < MDM.MODERATE:
        answer = TCM_OPTIONS[4]
    else:
        answer = TCM_OPTIONS[3]
    prompt = (f"**Case.** {patient_name(rng)} is discharged from the hospital on {discharge:%A}, "
              f"{long_date(discharge)}. A nurse at the patient's primary care practice reaches them by phone on "
              f"{contact:%A}, "
              f"{long_date(contact)}, and {doctor_name(rng)} sees them on {long_date(visit)}, documenting "
              f"**{level.label}** medical decision making. Which TCM code, if any? (Count every "
              "Monday to Friday as a business day.)")
    explanation = f"{result.reason} Answer: **{answer}**."
    return exercise(ex_id, "single", prompt, answer, explanation, options=TCM_OPTIONS, domains=("CPC", "CPB"),
                    case=True, topic="emb-tcm", source="CMS MLN908628 (transitional care management)",
                    hints=["Contact: business days after discharge (Monday to Friday). Visit: calendar days.",
                           "99496 needs high MDM and a visit within 7 days; 99495 moderate or more within 14."])
