"""CPT (HCPCS Level I) code numbers, with this project's own plain-language summaries for a teaching set.

CPT descriptors are the American Medical Association's copyright and are NOT in this package. The
summaries below were written for this book in our own words, to teach; they are not AMA text and must
not be used for billing. An institution holding a CPT licence can load its descriptor file with
`load_descriptors()` and pass it to `describe()` and `search()`.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from revcycle.codes.engine import expand, fts
from revcycle.codes.engine.spelling import Corrector
from revcycle.core.errors import CodeFormatError, DataError, UnknownCodeError

__all__ = [
    "MODIFIERS",
    "NOTICE",
    "TEACHING_SET",
    "CptCode",
    "Descriptors",
    "category",
    "describe",
    "is_valid",
    "is_valid_format",
    "load_descriptors",
    "normalize",
    "search",
]

NOTICE = (
    "CPT\u00ae is a registered trademark of the American Medical Association (AMA). CPT codes and "
    "descriptors are AMA copyright. The summaries here are this project's own plain-language teaching "
    "notes, not AMA descriptors; use a licensed CPT code book or file for billing."
)
SUMMARY_SOURCE = "project summary (not AMA text)"
PARTIAL_SHARE = 0.6  # a query of three or more words finds summaries holding this share of them

_FORMATS = (
    (re.compile(r"[0-9]{5}"), "Category I"),
    (re.compile(r"[0-9]{4}F"), "Category II (performance measurement)"),
    (re.compile(r"[0-9]{4}T"), "Category III (emerging technology)"),
    (re.compile(r"[0-9]{4}U"), "Proprietary Laboratory Analyses (PLA)"),
)


@dataclass(frozen=True)
class CptCode:
    """A CPT code with a description and where the description comes from (our summary or a licensed file)."""

    code: str
    description: str
    source: str
    group: str = ""


def _s(code: str, group: str, text: str) -> tuple[str, CptCode]:
    return code, CptCode(code, text, SUMMARY_SOURCE, group)


# Written for this book. Times are the total time on the date of the encounter that the 2021 office
# E/M rules accept instead of the level of medical decision making (MDM).
TEACHING_SET: dict[str, CptCode] = dict(
    [
        _s("99202", "Office E/M, new patient", "New patient seen in the office; straightforward decision making, "
           "or 15 minutes or more of the clinician's time that day."),
        _s("99203", "Office E/M, new patient", "New patient seen in the office; low-complexity decision making, "
           "or 30 minutes or more that day."),
        _s("99204", "Office E/M, new patient", "New patient seen in the office; moderate-complexity decision "
           "making, or 45 minutes or more that day."),
        _s("99205", "Office E/M, new patient", "New patient seen in the office; high-complexity decision making, "
           "or 60 minutes or more that day."),
        _s("99211", "Office E/M, established patient", "Short visit by an established patient that may not need "
           "a physician or other qualified practitioner present (for example a nurse blood-pressure check)."),
        _s("99212", "Office E/M, established patient", "Established patient seen in the office; straightforward "
           "decision making, or 10 minutes or more that day."),
        _s("99213", "Office E/M, established patient", "Established patient seen in the office; low-complexity "
           "decision making, or 20 minutes or more that day."),
        _s("99214", "Office E/M, established patient", "Established patient seen in the office; moderate-"
           "complexity decision making, or 30 minutes or more that day."),
        _s("99215", "Office E/M, established patient", "Established patient seen in the office; high-complexity "
           "decision making, or 40 minutes or more that day."),
        # E/M beyond the office (book/coding/em-beyond-office): levels by decision making; the CPT book's minutes
        # for these families are not reprinted here.
        _s("99221", "Hospital E/M",
           "First hospital or observation day; straightforward or low-complexity decision making."),
        _s("99222", "Hospital E/M",
           "First hospital or observation day; moderate-complexity decision making."),
        _s("99223", "Hospital E/M",
           "First hospital or observation day; high-complexity decision making."),
        _s("99231", "Hospital E/M",
           "A later hospital or observation day; straightforward or low-complexity decision making."),
        _s("99232", "Hospital E/M",
           "A later hospital or observation day; moderate-complexity decision making."),
        _s("99233", "Hospital E/M",
           "A later hospital or observation day; high-complexity decision making."),
        _s("99234", "Hospital E/M",
           "Admitted and discharged on the same date; straightforward or low-complexity decision "
           "making."),
        _s("99235", "Hospital E/M",
           "Admitted and discharged on the same date; moderate-complexity decision making."),
        _s("99236", "Hospital E/M",
           "Admitted and discharged on the same date; high-complexity decision making."),
        _s("99238", "Hospital E/M",
           "The attending clinician's work on the day of discharge, 30 minutes or less."),
        _s("99239", "Hospital E/M",
           "The attending clinician's work on the day of discharge, more than 30 minutes."),
        _s("99281", "Emergency department E/M", "A brief emergency department visit that may not need the physician "
           "or other qualified clinician present."),
        _s("99282", "Emergency department E/M", "Emergency department visit; straightforward decision making."),
        _s("99283", "Emergency department E/M", "Emergency department visit; low-complexity decision making."),
        _s("99284", "Emergency department E/M", "Emergency department visit; moderate-complexity decision making."),
        _s("99285", "Emergency department E/M", "Emergency department visit; high-complexity decision making."),
        _s("99291", "Critical care", "Critical care of a critically ill or injured patient, the first 30 to 74 "
           "minutes of the day."),
        _s("99292", "Critical care", "Add-on to 99291 for more critical care time the same day (CPT and Medicare "
           "count the units differently)."),
        _s("99304", "Nursing facility E/M", "First nursing facility visit; straightforward or low-complexity decision "
           "making."),
        _s("99305", "Nursing facility E/M", "First nursing facility visit; moderate-complexity decision making."),
        _s("99306", "Nursing facility E/M", "First nursing facility visit; high-complexity decision making."),
        _s("99307", "Nursing facility E/M", "Later nursing facility visit; straightforward decision making."),
        _s("99308", "Nursing facility E/M", "Later nursing facility visit; low-complexity decision making."),
        _s("99309", "Nursing facility E/M", "Later nursing facility visit; moderate-complexity decision making."),
        _s("99310", "Nursing facility E/M", "Later nursing facility visit; high-complexity decision making."),
        _s("99315", "Nursing facility E/M", "Nursing facility discharge work, 30 minutes or less."),
        _s("99316", "Nursing facility E/M", "Nursing facility discharge work, more than 30 minutes."),
        _s("99341", "Home or residence E/M",
           "Home or residence visit, someone new to the practice; straightforward decision "
           "making."),
        _s("99342", "Home or residence E/M",
           "Home or residence visit, someone new to the practice; low-complexity decision "
           "making."),
        _s("99344", "Home or residence E/M",
           "Home or residence visit, someone new to the practice; moderate-complexity "
           "decision making."),
        _s("99345", "Home or residence E/M",
           "Home or residence visit, someone new to the practice; high-complexity decision "
           "making."),
        _s("99347", "Home or residence E/M", "Established patient seen at home or in a residence; straightforward "
           "decision making."),
        _s("99348", "Home or residence E/M", "Established patient seen at home or in a residence; low-complexity "
           "decision making."),
        _s("99349", "Home or residence E/M", "Established patient seen at home or in a residence; moderate-"
           "complexity decision making."),
        _s("99350", "Home or residence E/M", "Established patient seen at home or in a residence; high-complexity "
           "decision making."),
        *[_s(c, "Consultation", f"Consultation requested by another clinician, {w}; {lv} decision making "
             "(not paid by Medicare).")
          for w, codes in (("office or outpatient", ("99242", "99243", "99244", "99245")),
                           ("hospital inpatient or observation", ("99252", "99253", "99254", "99255")))
          for c, lv in zip(codes, ("straightforward", "low-complexity", "moderate-complexity", "high-complexity"),
                           strict=True)],
        _s("99417", "Prolonged service", "CPT's add-on for each 15 minutes past a top-level office visit chosen by "
           "time (not valid for Medicare, which uses G2212)."),
        _s("99418", "Prolonged service", "CPT's add-on for each 15 minutes past a top-level hospital visit chosen by "
           "time (not valid for Medicare, which uses G0316)."),
        _s("99495", "Care management", "Transitional care after discharge: contact within 2 business days, a visit "
           "within 14 days, at least moderate decision making."),
        _s("99496", "Care management", "Transitional care after discharge: contact within 2 business days, a visit "
           "within 7 days, high-complexity decision making."),
        _s("99490", "Care management", "Chronic care management, the first 20 minutes of clinical staff time in a "
           "calendar month."),
        _s("99439", "Care management", "Add-on to 99490 for each further 20 minutes of staff time that month."),
        _s("99491", "Care management", "Chronic care management, the first 30 minutes of the clinician's own time in "
           "a calendar month."),
        _s("99437", "Care management", "Add-on to 99491 for each further 30 minutes of the clinician's time."),
        _s("99487", "Care management", "Complex chronic care management, the first 60 minutes of staff time in a "
           "calendar month."),
        _s("99489", "Care management", "Add-on to 99487 for each further 30 minutes of staff time."),
        _s("99424", "Care management", "Principal care management of one serious chronic condition, the first 30 "
           "minutes of the clinician's own time in a calendar month."),
        _s("99425", "Care management", "Add-on to 99424 for each further 30 minutes of the clinician's time."),
        _s("99426", "Care management", "Principal care management of one serious chronic condition, the first 30 "
           "minutes of staff time in a calendar month."),
        _s("99427", "Care management", "Add-on to 99426 for each further 30 minutes of staff time."),
        _s("36415", "Laboratory", "Routine blood draw from a vein with a needle."),
        _s("81002", "Laboratory", "Urine dipstick test read by eye, no microscope."),
        _s("85025", "Laboratory", "Automated complete blood count that includes the white-cell differential."),
        _s("80053", "Laboratory", "Comprehensive metabolic panel: a fixed group of routine blood chemistry tests."),
        _s("93000", "Medicine", "Resting 12-lead heart tracing (ECG) with the clinician's reading and written "
           "report, all billed together."),
        _s("71046", "Radiology", "Chest X-ray taken from two angles."),
        _s("90471", "Medicine", "Giving one vaccine by injection (the giving only; the vaccine itself has its own "
           "code)."),
        _s("96372", "Medicine", "A shot of medicine into a muscle or under the skin, to treat or to diagnose."),
        _s("12001", "Surgery", "Closing small, shallow cuts with one layer of stitches, 2.5 cm or less in total, "
           "on the scalp, neck, armpit, outer genitals, trunk, arms or legs."),
        _s("20610", "Surgery", "Needle into a large joint such as the knee or shoulder to draw fluid out or put "
           "medicine in, without ultrasound guidance."),
        # Anesthesia and radiology chapter (project summaries, not AMA text)
        _s("00790", "Anesthesia", "Anesthesia for an operation in the upper abdomen done through a scope "
           "(laparoscopic), such as gallbladder removal."),
        _s("01402", "Anesthesia", "Anesthesia for an open operation on the knee joint that replaces it."),
        _s("01996", "Anesthesia", "Daily management of a continuous epidural or spinal drug infusion after the day "
           "it was placed."),
        _s("99100", "Anesthesia", "Add-on: anesthesia made harder by the patient's very young or very old age."),
        _s("99116", "Anesthesia", "Add-on: anesthesia with the whole body deliberately cooled."),
        _s("99135", "Anesthesia", "Add-on: anesthesia with blood pressure deliberately lowered."),
        _s("99140", "Anesthesia", "Add-on: anesthesia made harder by an emergency, when delay would endanger the "
           "patient."),
        _s("70450", "Radiology", "CT of the head or brain without contrast."),
        _s("70460", "Radiology", "CT of the head or brain with contrast."),
        _s("70470", "Radiology", "CT of the head or brain without contrast and then with it, in one session."),
        _s("71250", "Radiology", "CT of the chest without contrast."),
        _s("71260", "Radiology", "CT of the chest with contrast."),
        _s("71270", "Radiology", "CT of the chest without contrast and then with it, in one session."),
        _s("74176", "Radiology", "CT of the abdomen and pelvis together, without contrast."),
        _s("74177", "Radiology", "CT of the abdomen and pelvis together, with contrast."),
        _s("74178", "Radiology", "CT of the abdomen and pelvis together, without contrast and then with it."),
        _s("75820", "Radiology", "X-ray study of the veins of one arm or leg after contrast injection: the "
           "imaging part (supervision and interpretation) only."),
        _s("36005", "Surgery", "Injecting contrast into a vein of an arm or leg for a venogram: the injection only."),
        # Pathology, laboratory and medicine (book/coding/lab-medicine): the book's own words, not CPT's.
        _s("80305", "Drug testing", "Presumptive drug screen read by eye (a cup, card or dipstick); once a day, any "
           "number of drug classes."),
        _s("80306", "Drug testing", "Presumptive drug screen on the same kind of device, read by an instrument; once "
           "a day."),
        _s("80307", "Drug testing", "Presumptive drug screen run on a laboratory chemistry analyzer; once a day."),
        _s("88300", "Surgical pathology", "Level I: a specimen looked at with the naked eye only, no microscope."),
        _s("88302", "Surgical pathology", "Level II: a specimen examined with and without the microscope, the "
           "simplest of the microscopic levels."),
        _s("88304", "Surgical pathology", "Level III: a specimen examined with and without the microscope, more "
           "work than level II."),
        _s("88305", "Surgical pathology", "Level IV: a specimen examined with and without the microscope; many "
           "routine biopsies fall here."),
        _s("88307", "Surgical pathology", "Level V: a specimen examined with and without the microscope, more "
           "involved than level IV."),
        _s("88309", "Surgical pathology", "Level VI: the most involved specimens examined with and without the "
           "microscope."),
        _s("96360", "Drug administration", "First hydration infusion of an encounter, more than 30 minutes and up "
           "to an hour."),
        _s("96361", "Drug administration", "Add-on: each further hour of hydration, or hydration after another "
           "first service."),
        _s("96365", "Drug administration", "First infusion of a drug to treat, prevent or diagnose, up to an hour."),
        _s("96366", "Drug administration", "Add-on: each further hour of that infusion."),
        _s("96367", "Drug administration", "Add-on: an infusion of a new drug after the first service, in the same "
           "line (sequential)."),
        _s("96368", "Drug administration", "Add-on: a second drug infused at the same time in the same line "
           "(concurrent), once per encounter."),
        _s("96374", "Drug administration", "First push of a drug into a vein (15 minutes or less)."),
        _s("96375", "Drug administration", "Add-on: a push of a new drug after the first service."),
        _s("96376", "Drug administration", "Add-on: a repeat push of the same drug later in the encounter (a "
           "facility code)."),
        _s("96401", "Chemotherapy administration", "Chemotherapy given by injection under the skin or into a "
           "muscle."),
        _s("96409", "Chemotherapy administration", "First push of a chemotherapy drug into a vein."),
        _s("96411", "Chemotherapy administration", "Add-on: a push of each further chemotherapy drug."),
        _s("96413", "Chemotherapy administration", "First infusion of chemotherapy, up to an hour."),
        _s("96415", "Chemotherapy administration", "Add-on: each further hour of that chemotherapy infusion."),
        _s("96417", "Chemotherapy administration", "Add-on: an infusion of a different chemotherapy drug after the "
           "first, up to an hour."),
        _s("90472", "Vaccines", "Add-on: giving each further vaccine by injection at the same visit."),
        _s("90686", "Vaccines", "An inactivated flu vaccine product for injection into a muscle (the product "
           "only)."),
        _s("90732", "Vaccines", "The pneumococcal polysaccharide vaccine product (the product only)."),
        _s("90746", "Vaccines", "Hepatitis B vaccine product at the adult dose (the product only)."),
        _s("90715", "Vaccines", "Tetanus, diphtheria and pertussis (Tdap) vaccine product (the product only)."),
        _s("90791", "Psychiatry", "Psychiatric diagnostic evaluation without medical services."),
        _s("90792", "Psychiatry", "Psychiatric diagnostic evaluation with medical services (by a prescriber)."),
        _s("90785", "Psychiatry", "Add-on for interactive complexity with a psychiatric evaluation or "
           "psychotherapy."),
        _s("90832", "Psychiatry", "Psychotherapy, about 30 minutes (16 to 37 minutes)."),
        _s("90833", "Psychiatry", "Add-on: psychotherapy of about 30 minutes beside an E/M visit."),
        _s("90834", "Psychiatry", "Psychotherapy, about 45 minutes (38 to 52 minutes)."),
        _s("90836", "Psychiatry", "Add-on: psychotherapy of about 45 minutes beside an E/M visit."),
        _s("90837", "Psychiatry", "Psychotherapy, about 60 minutes (53 minutes or more)."),
        _s("90838", "Psychiatry", "Add-on: psychotherapy of about 60 minutes beside an E/M visit."),
        _s("90960", "Dialysis", "A month of ESRD-related services, patient 20 or older, 4 or more face-to-face "
           "visits."),
        _s("90961", "Dialysis", "A month of ESRD-related services, patient 20 or older, 2 or 3 visits."),
        _s("90962", "Dialysis", "A month of ESRD-related services, patient 20 or older, 1 visit."),
        _s("90966", "Dialysis", "A month of ESRD-related services for home dialysis, patient 20 or older."),
        _s("90970", "Dialysis", "ESRD-related services for less than a full month, patient 20 or older, per day."),
        _s("93005", "Cardiology", "Resting 12-lead ECG: the tracing only, without the reading."),
        _s("93010", "Cardiology", "Resting 12-lead ECG: the clinician's interpretation only, without the tracing."),
        _s("93306", "Cardiology", "Complete ultrasound of the heart through the chest wall (echocardiogram) with "
           "Doppler and color flow."),
        _s("87880", "Laboratory", "Rapid antigen test for strep throat, read by eye."),
        _s("81025", "Laboratory", "Urine pregnancy test read by eye."),
        # Coding case lab chapter (project summaries, not AMA text)
        _s("99396", "Preventive medicine", "Yearly preventive visit of an established patient aged 40 to 64."),
        _s("12002", "Skin repair", "Simple one-layer repair of wounds of the scalp, neck, trunk or limbs, lengths "
           "added together 2.6 to 7.5 cm."),
        _s("29125", "Casts and splints", "Putting on a short splint from the forearm to the hand that does not "
           "move."),
        _s("45385", "Endoscopy", "Colonoscopy with a polyp or other growth removed by snare."),
        _s("43239", "Endoscopy", "Upper endoscopy (esophagus, stomach, duodenum) with one or more biopsies."),
        _s("11750", "Nails", "Removing all or part of a nail together with its root (matrix), for good."),
        _s("11102", "Skin", "Shaving or slicing off a sample of one skin lesion for the lab (tangential "
           "biopsy)."),
        _s("17110", "Skin", "Destroying up to 14 benign lesions such as warts (not skin tags), by any method."),
        _s("80061", "Laboratory", "Lipid panel: the fixed group of cholesterol and fat tests run together."),
        _s("83036", "Laboratory", "Hemoglobin A1c: the blood sugar average over about three months."),
        _s("77067", "Radiology", "Screening mammogram of both breasts, with computer-aided detection when done."),
        _s("01400", "Anesthesia", "Anesthesia for an open or arthroscopic operation on the knee joint."),
        _s("01961", "Anesthesia", "Anesthesia for a cesarean delivery alone."),
        _s("11402", "Skin", "Cutting out a benign skin lesion of the trunk, arms or legs, 1.1 to 2.0 cm across "
           "with its margins."),
        _s("47562", "Digestive surgery", "Removing the gallbladder through a laparoscope."),
        _s("29881", "Arthroscopy", "Knee arthroscopy removing a torn part of the medial or lateral meniscus, "
           "with any shaving of cartilage in the same knee."),
        _s("66984", "Eye surgery", "Removing a cataract and putting in a new lens, by the usual method in one "
           "sitting."),
        _s("64721", "Nerve surgery", "Freeing the median nerve at the wrist (carpal tunnel release), open."),
        _s("97110", "Physical medicine", "Therapeutic exercise to build strength, motion or endurance, each "
           "15 minutes."),
        _s("97140", "Physical medicine", "Hands-on (manual) therapy such as joint mobilization, each 15 minutes."),
        # Surgery II: organ systems (book/coding/surgery-organ-systems): the book's own words, not CPT's.
        _s("31231", "Respiratory endoscopy", "Looking inside the nose with an endoscope, nothing else done (the base "
           "of its family)."),
        _s("31237", "Respiratory endoscopy", "Nasal endoscopy with a biopsy, polyp removal or clearing of tissue."),
        _s("31254", "Respiratory endoscopy", "Endoscopic sinus surgery opening part of the ethmoid sinus cells "
           "(front part)."),
        _s("31255", "Respiratory endoscopy", "Endoscopic sinus surgery opening all of the ethmoid sinus cells, front "
           "and back."),
        _s("31525", "Respiratory endoscopy", "Looking at the larynx directly with a rigid scope, nothing else done."),
        _s("31575", "Respiratory endoscopy", "Looking at the larynx with a flexible scope through the nose (base of "
           "its family)."),
        _s("31578", "Respiratory endoscopy", "Flexible scope of the larynx with a biopsy."),
        _s("31622", "Respiratory endoscopy", "Looking into the airways with a bronchoscope, nothing else done (base "
           "of its family)."),
        _s("31624", "Respiratory endoscopy", "Bronchoscopy washing a section of lung and collecting the fluid "
           "(lavage)."),
        _s("31625", "Respiratory endoscopy", "Bronchoscopy with biopsy of the airway wall."),
        _s("31627", "Respiratory endoscopy", "Add-on: computer-assisted navigation during a bronchoscopy."),
        _s("31628", "Respiratory endoscopy", "Bronchoscopy with a biopsy of lung tissue through the airway wall, one "
           "lobe."),
        _s("31632", "Respiratory endoscopy", "Add-on: lung tissue biopsy through the bronchoscope in each additional "
           "lobe."),
        _s("31633", "Respiratory endoscopy", "Add-on: needle sampling through the bronchoscope in each additional "
           "lobe."),
        _s("31652", "Respiratory endoscopy", "Bronchoscopy with ultrasound-guided needle sampling of one or two "
           "lymph node stations beside the airways."),
        _s("31653", "Respiratory endoscopy", "Bronchoscopy with ultrasound-guided needle sampling of three or more "
           "lymph node stations."),
        _s("33206", "Heart devices", "Putting in a new pacemaker system (generator and a lead) pacing the atrium."),
        _s("33207", "Heart devices", "Putting in a new pacemaker system (generator and a lead) pacing the ventricle."),
        _s("33208", "Heart devices", "Putting in a new pacemaker system with leads in both the atrium and the "
           "ventricle."),
        _s("33212", "Heart devices", "Putting in a pacemaker generator only, connected to one lead already in place."),
        _s("33213", "Heart devices", "Putting in a pacemaker generator only, connected to two leads already in place."),
        _s("33221", "Heart devices", "Putting in a pacemaker generator only, connected to three or more leads "
           "already in place."),
        _s("33227", "Heart devices", "Taking out a pacemaker generator and putting in a new one, one-lead system."),
        _s("33228", "Heart devices", "Taking out a pacemaker generator and putting in a new one, two-lead system."),
        _s("33229", "Heart devices", "Taking out a pacemaker generator and putting in a new one, system of three or "
           "more leads."),
        _s("33230", "Heart devices", "Putting in a defibrillator generator only, connected to two leads already in "
           "place."),
        _s("33231", "Heart devices", "Putting in a defibrillator generator only, connected to three or more leads "
           "already in place."),
        _s("33233", "Heart devices", "Taking out a pacemaker generator without putting in another."),
        _s("33240", "Heart devices", "Putting in a defibrillator generator only, connected to one lead already in "
           "place."),
        _s("33241", "Heart devices", "Taking out a defibrillator generator without putting in another."),
        _s("33249", "Heart devices", "Putting in a whole implantable defibrillator system: generator and leads "
           "through the veins."),
        _s("33262", "Heart devices", "Taking out a defibrillator generator and putting in a new one, one-lead system."),
        _s("33263", "Heart devices", "Taking out a defibrillator generator and putting in a new one, two-lead system."),
        _s("33264", "Heart devices", "Taking out a defibrillator generator and putting in a new one, system of three "
           "or more leads."),
        _s("36200", "Vascular catheters", "A catheter placed in the aorta and left there (nonselective)."),
        _s("36245", "Vascular catheters", "A catheter steered into a first-order branch of the abdominal aorta, or a "
           "pelvic or leg artery, within one vascular family."),
        _s("36246", "Vascular catheters", "The first catheter placement in a second-order abdominal, pelvic or leg "
           "artery of one vascular family."),
        _s("36247", "Vascular catheters", "The first catheter placement in a third-order or deeper abdominal, pelvic "
           "or leg artery of one vascular family."),
        _s("36248", "Vascular catheters", "Add-on: each further second- or third-order abdominal, pelvic or leg "
           "artery of the same vascular family."),
        _s("43235", "Endoscopy", "Looking at the esophagus, stomach and duodenum with a flexible scope, nothing else "
           "done (EGD, the base of its family)."),
        _s("45378", "Endoscopy", "Looking through the whole colon to the cecum with a flexible scope, nothing else "
           "done (the base of its family)."),
        _s("52000", "Urinary endoscopy", "Looking at the urethra and bladder with a scope (cystourethroscopy), "
           "nothing else done."),
        _s("52332", "Urinary endoscopy", "Cystourethroscopy placing a stent in a ureter to stay in."),
        _s("52351", "Urinary endoscopy", "Looking up the ureter and into the kidney with a scope, nothing else done."),
        _s("52356", "Urinary endoscopy", "Scope up the ureter breaking up a stone, with a stent placed, in one code."),
        _s("57452", "Female genital endoscopy", "Looking at the cervix and upper vagina through a magnifying scope "
           "(colposcopy), nothing else done (the base of its family)."),
        _s("57454", "Female genital endoscopy", "Colposcopy with biopsies of the cervix and a scraping of the cervical "
           "canal."),
        _s("57460", "Female genital endoscopy", "Colposcopy with a biopsy of the cervix taken with a wire loop."),
        _s("58555", "Female genital endoscopy", "Looking inside the uterus with a scope (hysteroscopy), nothing else "
           "done (the base of its family)."),
        _s("58558", "Female genital endoscopy", "Hysteroscopy taking a sample of the uterine lining or removing a "
           "polyp."),
        _s("59400", "Maternity", "The whole routine care of a pregnancy by one practice with a vaginal delivery: "
           "prenatal visits, delivery and postpartum care."),
        _s("59409", "Maternity", "A vaginal delivery only."),
        _s("59410", "Maternity", "A vaginal delivery with the postpartum care."),
        _s("59425", "Maternity", "Prenatal care only, four to six visits."),
        _s("59426", "Maternity", "Prenatal care only, seven or more visits."),
        _s("59430", "Maternity", "Postpartum care only."),
        _s("59510", "Maternity", "The whole routine care of a pregnancy by one practice with a cesarean delivery."),
        _s("59514", "Maternity", "A cesarean delivery only."),
        _s("59515", "Maternity", "A cesarean delivery with the postpartum care."),
        _s("59610", "Maternity", "The whole routine care of a pregnancy by one practice with a vaginal birth after "
           "an earlier cesarean."),
        _s("59612", "Maternity", "A vaginal birth after an earlier cesarean, delivery only."),
        _s("59614", "Maternity", "A vaginal birth after an earlier cesarean, with the postpartum care."),
        _s("59618", "Maternity", "The whole routine care of a pregnancy by one practice with a cesarean after a "
           "tried vaginal birth after an earlier cesarean."),
        _s("59620", "Maternity", "A cesarean after a tried vaginal birth after an earlier cesarean, delivery only."),
        _s("59622", "Maternity", "A cesarean after a tried vaginal birth after an earlier cesarean, with the "
           "postpartum care."),
        _s("60220", "Endocrine surgery", "Removing one whole lobe of the thyroid."),
        _s("60240", "Endocrine surgery", "Removing the whole thyroid gland."),
        _s("60252", "Endocrine surgery", "Removing the thyroid for cancer, with a limited removal of neck lymph "
           "nodes."),
        _s("62321", "Spine injections", "An injection into the epidural space of the neck or upper back between the "
           "vertebrae, with imaging guidance."),
        _s("62323", "Spine injections", "An injection into the epidural space of the low back or sacrum between the "
           "vertebrae, with imaging guidance."),
        _s("63030", "Spine surgery", "Opening part of the lamina to free a nerve root or remove a disc, low back, "
           "one interspace."),
        _s("63035", "Spine surgery", "Add-on: the same laminotomy at each additional interspace."),
        _s("63047", "Spine surgery", "Removing the lamina with the facet joints and widening the nerve openings, low "
           "back, one segment."),
        _s("63048", "Spine surgery", "Add-on: the same laminectomy at each additional segment."),
        _s("64483", "Spine injections", "An injection where a nerve root leaves the spine in the low back or sacrum, "
           "one level, with imaging guidance."),
        _s("64484", "Spine injections", "Add-on: the same nerve-root injection at each additional level."),
        _s("66982", "Eye surgery", "Removing a cataract and putting in a new lens when the surgery is complex "
           "(special devices or techniques, or a young child)."),
        _s("66987", "Eye surgery", "Complex cataract removal with a new lens, plus endoscopic "
           "cyclophotocoagulation in the same session."),
        _s("66988", "Eye surgery", "Cataract removal with a new lens by the usual method, plus endoscopic "
           "cyclophotocoagulation in the same session."),
        _s("66989", "Eye surgery", "Complex cataract removal with a new lens, plus a drainage device placed inside "
           "the eye in the same session."),
        _s("66991", "Eye surgery", "Cataract removal with a new lens by the usual method, plus a drainage device "
           "placed inside the eye in the same session."),
        _s("69433", "Ear surgery", "Placing a ventilation tube through the eardrum under local or topical anesthesia."),
        _s("69436", "Ear surgery", "Placing a ventilation tube through the eardrum under general anesthesia."),
        # Surgery I: skin and musculoskeletal (book/coding/surgery-skin-musculoskeletal): the book's own words.
        _s("11400", "Skin excision", "Cutting out a benign skin lesion of the trunk, arms or legs, 0.5 cm or less "
           "across with its margins."),
        _s("11406", "Skin excision", "Cutting out a benign skin lesion of the trunk, arms or legs, more than 4.0 cm "
           "across with its margins."),
        _s("11420", "Skin excision", "Cutting out a benign lesion of the scalp, neck, hands, feet or genitals, 0.5 cm "
           "or less across with its margins."),
        _s("11421", "Skin excision", "Cutting out a benign lesion of the scalp, neck, hands, feet or genitals, 0.6 to "
           "1.0 cm across with its margins."),
        _s("11440", "Skin excision", "Cutting out a benign lesion of the face, ears, eyelids, nose, lips or mucous "
           "membrane, 0.5 cm or less across with its margins."),
        _s("11600", "Skin excision", "Cutting out a skin cancer of the trunk, arms or legs, 0.5 cm or less across "
           "with its margins."),
        _s("11602", "Skin excision", "Cutting out a skin cancer of the trunk, arms or legs, 1.1 to 2.0 cm across with "
           "its margins."),
        _s("11603", "Skin excision", "Cutting out a skin cancer of the trunk, arms or legs, 2.1 to 3.0 cm across with "
           "its margins."),
        _s("11606", "Skin excision", "Cutting out a skin cancer of the trunk, arms or legs, more than 4.0 cm across "
           "with its margins."),
        _s("11620", "Skin excision", "Cutting out a skin cancer of the scalp, neck, hands, feet or genitals, 0.5 cm "
           "or less across with its margins."),
        _s("11626", "Skin excision", "Cutting out a skin cancer of the scalp, neck, hands, feet or genitals, more "
           "than 4.0 cm across with its margins."),
        _s("11640", "Skin excision", "Cutting out a skin cancer of the face, ears, eyelids, nose or lips, 0.5 cm or "
           "less across with its margins."),
        _s("11643", "Skin excision", "Cutting out a skin cancer of the face, ears, eyelids, nose or lips, 2.1 to 3.0 "
           "cm across with its margins."),
        _s("12004", "Skin repair", "Simple one-layer repair of wounds of the scalp, neck, trunk or limbs, lengths "
           "added together 7.6 to 12.5 cm."),
        _s("12007", "Skin repair", "Simple one-layer repair of wounds of the scalp, neck, trunk or limbs, more than "
           "30 cm in all."),
        _s("12011", "Skin repair", "Simple one-layer repair of wounds of the face, ears, eyelids, nose, lips or "
           "mucous membranes, 2.5 cm or less in all."),
        _s("12013", "Skin repair", "Simple one-layer repair of wounds of the face and its parts, lengths added "
           "together 2.6 to 5.0 cm."),
        _s("12014", "Skin repair", "Simple one-layer repair of wounds of the face and its parts, lengths added "
           "together 5.1 to 7.5 cm."),
        _s("12031", "Skin repair", "Layered repair of wounds of the scalp, armpits, trunk or limbs (not hands or "
           "feet), 2.5 cm or less in all."),
        _s("12032", "Skin repair", "Layered repair of wounds of the scalp, armpits, trunk or limbs (not hands or "
           "feet), 2.6 to 7.5 cm in all."),
        _s("12034", "Skin repair", "Layered repair of wounds of the scalp, armpits, trunk or limbs (not hands or "
           "feet), 7.6 to 12.5 cm in all."),
        _s("12041", "Skin repair", "Layered repair of wounds of the neck, hands, feet or outer genitals, 2.5 cm or "
           "less in all."),
        _s("12042", "Skin repair", "Layered repair of wounds of the neck, hands, feet or outer genitals, 2.6 to 7.5 "
           "cm in all."),
        _s("12051", "Skin repair", "Layered repair of wounds of the face, ears, eyelids, nose, lips or mucous "
           "membranes, 2.5 cm or less in all."),
        _s("12052", "Skin repair", "Layered repair of wounds of the face and its parts, lengths added together 2.6 to "
           "5.0 cm."),
        _s("13100", "Skin repair", "Complex repair of the trunk, 1.1 to 2.5 cm."),
        _s("13101", "Skin repair", "Complex repair of the trunk, 2.6 to 7.5 cm."),
        _s("13102", "Skin repair", "Add-on: each further 5 cm or part of a complex trunk repair past 7.5 cm."),
        _s("13120", "Skin repair", "Complex repair of the scalp, arms or legs, 1.1 to 2.5 cm."),
        _s("13121", "Skin repair", "Complex repair of the scalp, arms or legs, 2.6 to 7.5 cm."),
        _s("13122", "Skin repair", "Add-on: each further 5 cm or part of a complex scalp, arm or leg repair past 7.5 "
           "cm."),
        _s("13131", "Skin repair", "Complex repair of the forehead, cheeks, chin, mouth, neck, armpits, genitals, "
           "hands or feet, 1.1 to 2.5 cm."),
        _s("13132", "Skin repair", "Complex repair of the forehead, cheeks, chin, mouth, neck, armpits, genitals, "
           "hands or feet, 2.6 to 7.5 cm."),
        _s("13151", "Skin repair", "Complex repair of the eyelids, nose, ears or lips, 1.1 to 2.5 cm."),
        _s("13152", "Skin repair", "Complex repair of the eyelids, nose, ears or lips, 2.6 to 7.5 cm."),
        _s("11042", "Debridement", "Cutting away dead or damaged tissue down into the fat under the skin, the first "
           "20 sq cm or less."),
        _s("11043", "Debridement", "Cutting away dead or damaged tissue down into muscle or fascia, the first 20 sq "
           "cm or less."),
        _s("11044", "Debridement", "Cutting away dead or damaged tissue down into bone, the first 20 sq cm or less."),
        _s("11045", "Debridement", "Add-on: each further 20 sq cm or part of debridement into the fat under the "
           "skin."),
        _s("11046", "Debridement", "Add-on: each further 20 sq cm or part of debridement into muscle or fascia."),
        _s("11047", "Debridement", "Add-on: each further 20 sq cm or part of debridement into bone."),
        _s("15100", "Skin grafts", "Split-thickness skin graft from the patient to the trunk, arms or legs: the first "
           "100 sq cm (or 1% of body area in young children)."),
        _s("15101", "Skin grafts", "Add-on: each further 100 sq cm or part (or 1% of body area) of the graft to the "
           "trunk, arms or legs."),
        _s("15120", "Skin grafts", "Split-thickness skin graft from the patient to the face, scalp, neck, hands, feet "
           "or genitals: the first 100 sq cm (or 1%)."),
        _s("15121", "Skin grafts", "Add-on: each further 100 sq cm or part (or 1% of body area) of the graft to the "
           "face, scalp, neck, hands, feet or genitals."),
        _s("15271", "Skin grafts", "Putting a skin substitute on a wound of the trunk, arms or legs: the first 25 sq "
           "cm of a wound area up to 100 sq cm."),
        _s("17311", "Mohs surgery", "Mohs surgery of the head, neck, hands, feet or genitals: the first stage, up to "
           "five tissue blocks."),
        _s("17312", "Mohs surgery", "Add-on: each further Mohs stage of the head, neck, hands, feet or genitals, up "
           "to five blocks."),
        _s("17313", "Mohs surgery", "Mohs surgery of the trunk, arms or legs: the first stage, up to five tissue "
           "blocks."),
        _s("17314", "Mohs surgery", "Add-on: each further Mohs stage of the trunk, arms or legs, up to five blocks."),
        _s("17315", "Mohs surgery", "Add-on: each tissue block past the first five in any Mohs stage."),
        _s("17999", "Unlisted", "Unlisted procedure of the skin, mucous membrane or tissue under the skin."),
        _s("20999", "Unlisted", "Unlisted procedure of the musculoskeletal system, general."),
        _s("25600", "Fractures", "Treating a break of the lower end of the radius without opening it or setting it."),
        _s("25605", "Fractures", "Treating a break of the lower end of the radius without opening it, set back in "
           "line by hand."),
        _s("25606", "Fractures", "Fixing a break of the lower end of the radius with pins or wires through the skin."),
        _s("25607", "Fractures", "Opening and fixing a break of the lower end of the radius that does not enter the "
           "wrist joint."),
        _s("29075", "Casts and splints", "Putting on a short arm cast, from the elbow to the hand."),
        _s("29870", "Arthroscopy", "Knee arthroscopy to look only (diagnostic), with or without a tissue sample."),
        _s("29880", "Arthroscopy", "Knee arthroscopy removing torn parts of both the medial and the lateral meniscus, "
           "with any shaving of cartilage in the same knee."),
        _s("99024", "Postoperative visit", "A follow-up visit inside a global period, reported for tracking only at "
           "no charge."),
        _s("11403", "Skin excision", "Cutting out a benign skin lesion of the trunk, arms or legs, 2.1 to 3.0 cm "
           "across with its margins."),
        _s("11422", "Skin excision", "Cutting out a benign lesion of the scalp, neck, hands, feet or genitals, 1.1 to "
           "2.0 cm across with its margins."),
        _s("11423", "Skin excision", "Cutting out a benign lesion of the scalp, neck, hands, feet or genitals, 2.1 to "
           "3.0 cm across with its margins."),
        _s("11604", "Skin excision", "Cutting out a skin cancer of the trunk, arms or legs, 3.1 to 4.0 cm across with "
           "its margins."),
        _s("11623", "Skin excision", "Cutting out a skin cancer of the scalp, neck, hands, feet or genitals, 2.1 to "
           "3.0 cm across with its margins."),
        _s("11641", "Skin excision", "Cutting out a skin cancer of the face, ears, eyelids, nose or lips, 0.6 to "
           "1.0 cm across with its margins."),
        _s("97597", "Wound care", "Selective removal of dead tissue from open wounds (active wound care), the first "
           "20 sq cm or less."),
        _s("97598", "Wound care", "Add-on: each further 20 sq cm or part of selective active wound care."),
    ]
)

MODIFIERS: dict[str, str] = {
    "25": "A significant E/M service, separately identifiable, on the same day as a procedure or other "
    "service. A different diagnosis is neither required nor enough. (Project summary.)",
    "26": "Professional component only: the clinician's reading and report, without the equipment and "
    "staff part. (Project summary.)",
    "33": "Preventive service: the service was a preventive one (such as a screening recommended with no cost "
    "sharing), or began as one, as with a screening colonoscopy that removed a polyp. (Project summary.)",
    "50": "The same procedure done on both sides of the body in one session (Medicare: one line, one unit, "
    "paid at 150%). (Project summary.)",
    "51": "More than one procedure by the same clinician in the same session. (Project summary.)",
    "57": "The E/M visit at which the decision for surgery was made. CPT's definition names no global period; "
    "Medicare payment policy accepts 57 only on the day before or the day of a major (90-day global) "
    "operation. (Project summary.)",
    "59": "A procedure distinct from another one billed that day (other session, site or injury); CMS prefers "
    "the more specific XE, XS, XP or XU when one fits. (Project summary.)",
    "22": "The work was substantially greater than the procedure usually takes (time, difficulty, risk); the note "
    "must show why, and payers review it before paying more. (Project summary.)",
    "24": "An E/M visit by the same clinician during a postoperative period, for a problem unrelated to the "
    "surgery. (Project summary.)",
    "52": "The clinician chose to reduce or leave out part of a service; it is reported with the usual code at "
    "a reduced amount. (Project summary.)",
    "53": "The clinician stopped a procedure after it began because continuing threatened the patient; not for "
    "a procedure cancelled before it started. (Project summary.)",
    "54": "Surgical care only: the surgeon operates and another clinician takes over the follow-up (Medicare "
    "pays the preoperative and intraoperative shares). (Project summary.)",
    "55": "Postoperative care only, by a clinician other than the surgeon, from the date care was taken over. "
    "(Project summary.)",
    "56": "Preoperative care only, by a clinician other than the surgeon. (Project summary.)",
    "58": "A planned (staged) or more extensive procedure, or therapy after a diagnostic one, by the same "
    "clinician during the postoperative period; a new global period starts. (Project summary.)",
    "62": "Two surgeons each do a distinct part of one procedure; each reports the code with 62. "
    "(Project summary.)",
    "66": "Team surgery: several surgeons of different specialties work together on one complex procedure. "
    "(Project summary.)",
    "76": "The same procedure repeated by the same clinician, later the same day or on a later date. "
    "(Project summary.)",
    "77": "The same procedure repeated by a different clinician, the same day or later. (Project summary.)",
    "78": "An unplanned return to the operating room by the same clinician, for a problem related to the first "
    "operation, during its postoperative period. (Project summary.)",
    "79": "A procedure by the same clinician during a postoperative period, unrelated to the first operation; "
    "it starts its own global period. (Project summary.)",
    "80": "An assistant surgeon helped the surgeon throughout the operation. (Project summary.)",
    "81": "An assistant surgeon was needed for a short part of the operation only. (Project summary.)",
    "82": "An assistant surgeon in a teaching hospital when no qualified resident was available. "
    "(Project summary.)",
    "91": "A clinical laboratory test repeated the same day to get a new result for the patient's care; not for "
    "confirming a result or rerunning after a specimen or equipment problem. (Project summary.)",
    "95": "A service delivered as real-time (synchronous) telemedicine, with audio and video. "
    "(Project summary.)",
    "93": "A service delivered in real time by audio only (a telephone call, no video). (Project summary.)",
    "73": "Facility claim (hospital outpatient or ASC): the procedure was stopped after the patient was prepared "
    "and in the room, before any anesthesia was given. (Project summary.)",
    "74": "Facility claim (hospital outpatient or ASC): the procedure was stopped after anesthesia was given or "
    "after it had begun. (Project summary.)",
    "P1": "Anesthesia physical status: a normal, healthy patient. (Project summary.)",
    "P2": "Anesthesia physical status: a patient with mild systemic disease. (Project summary.)",
    "P3": "Anesthesia physical status: a patient with severe systemic disease. (Project summary.)",
    "P4": "Anesthesia physical status: severe systemic disease that is a constant threat to life. "
    "(Project summary.)",
    "P5": "Anesthesia physical status: a moribund patient not expected to survive without the operation. "
    "(Project summary.)",
    "P6": "Anesthesia physical status: a patient declared brain-dead whose organs are being removed for "
    "donation. (Project summary.)",
    "1P": "Category II: the measure's action was not done for a medical reason. (Project summary.)",
    "2P": "Category II: the measure's action was not done for a reason of the patient's. (Project summary.)",
    "3P": "Category II: the measure's action was not done for a system reason (such as resources). "
    "(Project summary.)",
    "8P": "Category II: the measure's action was not done, the reason not otherwise given. (Project summary.)",
}


def normalize(code: str) -> str:
    """The code upper-cased and stripped ('0001f ' -> '0001F'); raises CodeFormatError if not a CPT shape."""
    if not isinstance(code, str):
        raise CodeFormatError(f"A CPT code must be text such as '99213', not {type(code).__name__}.")
    s = code.strip().upper()
    if any(p.fullmatch(s) for p, _ in _FORMATS):
        return s
    shown = repr(s[:20] + ("..." if len(s) > 20 else ""))
    if not s:
        raise CodeFormatError("The code is empty: type a CPT code such as 99213.")
    if re.fullmatch(r"[A-Z][0-9]{4}", s):
        raise CodeFormatError(f"{shown} is a HCPCS Level II code, not CPT: use revcycle.codes.hcpcs.")
    if re.fullmatch(r"[A-Z][0-9][0-9A-Z]\.?[0-9A-Z]{0,4}", s):
        raise CodeFormatError(f"{shown} looks like an ICD-10-CM diagnosis code: use revcycle.codes.icd10cm.")
    raise CodeFormatError(
        f"{shown} is not a CPT code: Category I is five digits (99213), Category II four digits and F "
        "(0001F), Category III four digits and T (0042T), PLA four digits and U (0001U)."
    )


def is_valid_format(code: str) -> bool:
    """True if the text has the shape of a CPT code (existence needs a licensed file)."""
    try:
        normalize(code)
    except CodeFormatError:
        return False
    return True


def is_valid(code: str, descriptors: Mapping[str, str] | None = None) -> bool:
    """True if the text has the shape of a CPT code and, when a licensed file is given, the file lists it.

    The package ships no AMA code list, so without ``descriptors`` this is :func:`is_valid_format`: whether
    a well-formed number is a real CPT code needs a licensed file (:func:`load_descriptors`). Never raises.
    """
    if not is_valid_format(code):
        return False
    return descriptors is None or normalize(code) in descriptors


def category(code: str) -> str:
    """'Category I', 'Category II ...', 'Category III ...' or 'Proprietary Laboratory Analyses (PLA)'."""
    norm = normalize(code)
    return next(name for pattern, name in _FORMATS if pattern.fullmatch(norm))


class Descriptors(Mapping[str, str]):
    """Licensed CPT descriptors read from an institution's file: code -> descriptor."""

    def __init__(self, items: dict[str, str], path: str) -> None:
        self._items = items
        self.path = path

    def __getitem__(self, code: str) -> str:
        return self._items[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Descriptors({len(self)} codes from {self.path!r})"


_CODE_COLUMNS = ("code", "cpt", "cpt_code", "cptcode", "hcpcs", "hcpcs_code", "procedure_code")
_TEXT_COLUMNS = ("long_descriptor", "long_description", "descriptor", "description", "long", "desc",
                 "consumer_friendly_descriptor", "short_descriptor", "short_description")


def load_descriptors(path: str | Path) -> Descriptors:
    """Read a licensed CPT descriptor file (CSV or tab-separated, with a header row).

    The header needs a code column (code, cpt_code, hcpcs...) and a descriptor column (long_descriptor,
    description...). Raises DataError naming the file and row when something is wrong.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise DataError(f"Cannot read the CPT descriptor file {str(p)!r}: {exc.strerror or exc}.") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    if not text.strip():
        raise DataError(f"The CPT descriptor file {str(p)!r} is empty.")
    first = text.splitlines()[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower().replace(" ", "_") for h in next(reader)]
    code_col = next((header.index(c) for c in _CODE_COLUMNS if c in header), None)
    text_col = next((header.index(c) for c in _TEXT_COLUMNS if c in header), None)
    if code_col is None or text_col is None:
        raise DataError(
            f"{str(p)!r}: the header needs a code column ({', '.join(_CODE_COLUMNS[:3])}...) and a descriptor "
            f"column ({', '.join(_TEXT_COLUMNS[:4])}...); it has {', '.join(header) or 'nothing'}."
        )
    items: dict[str, str] = {}
    for line_no, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= max(code_col, text_col):
            raise DataError(f"{str(p)!r}, line {line_no}: expected {len(header)} columns, found {len(row)}.")
        try:
            code = normalize(row[code_col])
        except CodeFormatError as exc:
            raise DataError(f"{str(p)!r}, line {line_no}: {exc}") from exc
        descriptor = " ".join(row[text_col].split())
        if not descriptor:
            raise DataError(f"{str(p)!r}, line {line_no}: code {code} has an empty descriptor.")
        items[code] = descriptor
    if not items:
        raise DataError(f"The CPT descriptor file {str(p)!r} has a header but no codes.")
    return Descriptors(items, str(p))


def describe(code: str, descriptors: Mapping[str, str] | None = None) -> CptCode:
    """The licensed descriptor when `descriptors` has the code, else the project's teaching summary.

    Raises UnknownCodeError for a well-formed code with neither (the package holds no AMA text).
    """
    norm = normalize(code)
    if descriptors is not None and norm in descriptors:
        return CptCode(norm, descriptors[norm], f"licensed file {getattr(descriptors, 'path', '')}".strip(), "")
    if norm in TEACHING_SET:
        return TEACHING_SET[norm]
    raise UnknownCodeError(
        f"{norm} has the shape of a {category(norm)} CPT code, but this book describes only a teaching set "
        f"({', '.join(sorted(TEACHING_SET)[:4])}...). CPT descriptors are AMA copyright: load a licensed "
        "file with revcycle.codes.cpt.load_descriptors()."
    )


def search(query: str, limit: int = 10, descriptors: Mapping[str, str] | None = None) -> list[CptCode]:
    """Codes whose number starts with `query`, or whose summary (or licensed descriptor) holds every word."""
    if not isinstance(query, str):
        raise CodeFormatError(f"search() needs text such as 'office visit', not {type(query).__name__}.")
    pool: dict[str, CptCode] = dict(TEACHING_SET)
    if descriptors is not None:
        for code in descriptors:
            pool[code] = describe(code, descriptors)
    text = query.strip().upper()
    if not text or limit <= 0:
        return []
    if re.fullmatch(r"[0-9]{1,4}[0-9FTU]?", text):
        return [pool[c] for c in sorted(pool) if c.startswith(text)][:limit]
    texts = [query[: fts.MAX_QUERY_CHARS]]
    vocab = {c.code: set(fts.tokenize(f"{c.group} {c.description}")) for c in pool.values()}
    fixer = Corrector(Counter(w for words in vocab.values() for w in words))
    plan = expand.rewrite(texts[0], "cpt")
    if plan is None:  # a misspelled vocabulary word ('venipunture'): correct it against the vocabulary, then read
        typed = fts.words(texts[0])
        spoken = expand.vocabulary_words("cpt")
        respelled = [w if fts.stem(w) in fixer.counts else spoken.nearest(w) or w for w in typed]
        plan = expand.rewrite(" ".join(respelled), "cpt") if respelled != typed else None
    if plan is not None:
        texts.insert(0, plan[0])  # the vocabulary's reading ('EKG' -> 'electrocardiogram') ranks first
    best: dict[str, tuple[float, int]] = {}
    for rank, text in enumerate(texts):
        words = {w if w in fixer.counts else fixer.nearest(w) or w for w in fts.tokenize(text)}
        for code, have in vocab.items() if words else ():
            # Every word found, or (for longer queries) most of them: a summary is not the words people type.
            share = len(words & have) / len(words)
            if share == 1 or (len(words) > 2 and share >= PARTIAL_SHARE):
                key = (share - rank * 0.001, -len(pool[code].description))
                best[code] = max(best.get(code, key), key)
    ranked = sorted(best, key=lambda c: (-best[c][0], -best[c][1], c))
    return [pool[c] for c in ranked[:limit]]
