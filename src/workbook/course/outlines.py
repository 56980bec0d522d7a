"""Certification exam outlines mapped to the book: which chapters and exercises cover each content area.

An instructor preparing a cohort for the CPC, CCA, CPB or CRCR asks "where does the book teach this area, and
how much practice is there?". Each area below names the chapters that teach it; an exercise counts for an area
when its chapter is listed and, where the listing gives words, its prompt or topics hold one of them (a word of
three characters or fewer as a whole word, a longer one at the start of a word). A chapter such as
anesthesia-radiology serves two areas, and only its anesthesia exercises count for Anesthesia.
The area names follow each certifying body's public exam page (cited in `source`); the grouping of chapters
under them is this book's. The map is data: add a chapter or words to an area and the page, the CLI and the
tests follow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from workbook.course.catalog import Chapter
from workbook.course.catalog import chapters as assignable
from workbook.errors import WorkbookError
from workbook.exercises.spec import Exercise


@dataclass(frozen=True)
class Source:
    """One chapter serving an area; `words` (lower case) narrow it to the exercises that mention one."""

    chapter: str
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Area:
    """A content area of an exam outline and the chapters that teach it."""

    name: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Outline:
    """An exam, who offers it, the bibliography key of its public outline and its areas in outline order."""

    exam: str
    body: str
    source: str
    areas: tuple[Area, ...]


@dataclass(frozen=True)
class Coverage:
    """What the book holds for one area: the chapters (book order) and the exercise ids that count."""

    exam: str
    area: str
    chapters: tuple[Chapter, ...]
    exercises: tuple[str, ...]


def _s(chapter: str, words: str = "") -> Source:
    return Source(chapter, tuple(w.strip().lower() for w in words.split(",") if w.strip()))


def _area(name: str, *sources: Source) -> Area:
    return Area(name, sources)


ICD10CM = ("icd10cm-conventions", "icd10cm-guidelines", "icd10cm-systemic-conditions", "icd10cm-organ-systems",
           "icd10cm-pregnancy-injury-z", "icd10cm-updates")
SKIN = "skin, lesion, repair, laceration, excision, excised, debridement, graft, mohs, wound, integument, dermis"
BONE = "fracture, cast, arthroscop, joint, bone, splint, musculoskeletal, tendon, menisc, dislocation"
CHEST = ("bronch, laryng, sinus, nasal, respirat, lung, catheter, vascular, arter, pacemaker, cardiac, heart, vessel, "
         "thorac, lymph")
GUT = "colonoscop, endoscop, egd, digestive, polyp, esophag, colon, hernia, append, gallbladder, cholecyst, rect"
PELVIS = ("cystoscop, cystourethroscop, urin, bladder, ureter, kidney, stent, obstetric, pregnan, delivery, "
          "antepartum, postpartum, vagin, uter, prostat, cesarean, maternity, genital")
HEAD = "thyroid, endocrine, nerve, spinal, spine, epidural, lamin, cataract, eye, ear, tympan, neuro, brain"
CASE_LAB = "coding-case-lab"

OUTLINES: dict[str, Outline] = {
    "CPC": Outline("CPC", "AAPC", "aapc-cpc-exam", (
        _area("Integumentary system (10000 series)", _s("surgery-skin-musculoskeletal", SKIN), _s(CASE_LAB, SKIN),
              _s("medical-terminology-anatomy", SKIN)),
        _area("Musculoskeletal system (20000 series)", _s("surgery-skin-musculoskeletal", BONE), _s(CASE_LAB, BONE),
              _s("medical-terminology-anatomy", BONE)),
        _area("Respiratory, hemic and lymphatic, mediastinum and diaphragm, cardiovascular (30000 series)",
              _s("surgery-organ-systems", CHEST), _s(CASE_LAB, CHEST), _s("medical-terminology-anatomy", CHEST)),
        _area("Digestive system (40000 series)", _s("surgery-organ-systems", GUT), _s(CASE_LAB, GUT),
              _s("medical-terminology-anatomy", GUT)),
        _area("Urinary, male and female genital, maternity and delivery (50000 series)",
              _s("surgery-organ-systems", PELVIS), _s(CASE_LAB, PELVIS)),
        _area("Endocrine and nervous systems, eye and ear (60000 series)", _s("surgery-organ-systems", HEAD),
              _s(CASE_LAB, HEAD), _s("medical-terminology-anatomy", HEAD)),
        _area("Evaluation and management", _s("cpt-em"), _s("em-beyond-office"),
              _s(CASE_LAB, "visit, e/m, evaluation")),
        _area("Anesthesia", _s("anesthesia-radiology", "anesthes, base unit, time unit, physical status, crna"),
              _s("modifiers", "anesthes, physical status, p1, crna"), _s(CASE_LAB, "anesthes")),
        _area("Radiology", _s("anesthesia-radiology", "radiolog, imaging, x-ray, contrast, ct, mri, technical, "
                                                     "professional component, supervision, ultrasound"),
              _s(CASE_LAB, "radiolog, x-ray, imaging, ct, mri, ultrasound")),
        _area("Pathology and laboratory",
              _s("lab-medicine", "laborator, panel, patholog, drug test, clia, specimen, assay"),
              _s(CASE_LAB, "laborator, panel, patholog, specimen")),
        _area("Medicine", _s("lab-medicine", "vaccin, immuniz, infusion, injection, hydration, psychiatr, dialysis, "
                                             "cardiolog, ecg, ekg, electrocardiogram"),
              _s(CASE_LAB, "vaccin, infusion, injection, ecg, ekg, hydration")),
        _area("Medical terminology", _s("medical-terminology-anatomy")),
        _area("Anatomy", _s("medical-terminology-anatomy"), _s("icd10pcs-in-depth", "body part")),
        _area("ICD-10-CM", *(_s(c) for c in ICD10CM)),
        _area("HCPCS Level II", _s("hcpcs-modifiers"), _s(CASE_LAB, "hcpcs, j-code, supply, drug, dme, g0")),
        _area("Coding guidelines", _s("icd10cm-guidelines"), _s("modifiers"),
              _s("surgery-skin-musculoskeletal", "package, global, separate procedure, unlisted, add-on")),
        _area("Compliance and regulatory", _s("fraud-abuse-compliance"), _s("hipaa"), _s("audits-program-integrity"),
              _s("risk-adjustment", "complian, audit, radv, false claims, support")),
    )),
    "CCA": Outline("CCA", "AHIMA", "ahima-cca", (
        _area("Clinical classification systems", *(_s(c) for c in ICD10CM), _s("cpt-em"), _s("hcpcs-modifiers"),
              _s("modifiers"), _s("surgery-skin-musculoskeletal"), _s("surgery-organ-systems"),
              _s("icd10pcs-overview"), _s("icd10pcs-in-depth"), _s(CASE_LAB)),
        _area("Reimbursement methodologies", _s("reimbursement"), _s("institutional-billing"),
              _s("surgical-payment-rules"), _s("inpatient-coding", "ms-drg, drg, weight, payment, cc, mcc"),
              _s("risk-adjustment", "raf, coefficient, payment, score")),
        _area("Health records and data content",
              _s("inpatient-coding", "query, document, present on admission, poa, principal"),
              _s("risk-adjustment", "meat, document, record, note"), _s("cpt-em", "document, note, record"),
              _s(CASE_LAB, "document, query, note")),
        _area("Compliance", _s("fraud-abuse-compliance"), _s("audits-program-integrity"),
              _s("risk-adjustment", "complian, audit, radv, support"), _s("inpatient-coding", "query, leading")),
        _area("Information technologies", _s("claims-submission", "837, x12, electronic, 999, 277, clearinghouse, edi"),
              _s("remittances-in-full", "835, era, eft, plb, segment"), _s("billing-software")),
        _area("Confidentiality and privacy", _s("hipaa"), _s("privacy-law-in-depth")),
    )),
    "CPB": Outline("CPB", "AAPC", "aapc-cpb-exam", (
        _area("Types of insurance plans", _s("payers"), _s("registration-verification"),
              _s("reimbursement", "medicare, medicaid, plan, payer, commercial")),
        _area("Local and national coverage determinations",
              _s("payers", "lcd, ncd, coverage, medical necessity, medicare advantage, abn"),
              _s("registration-verification", "abn, coverage, medical necessity, noncovered, not covered"),
              _s("prior-authorization", "medical necessity, coverage, criteria"),
              _s("hcpcs-modifiers", "ga, gy, gz, abn, coverage"), _s("modifiers", "ga, gy, gz, abn, kx")),
        _area("Healthcare regulations (HIPAA, False Claims Act, FDCPA, Stark)", _s("hipaa"),
              _s("fraud-abuse-compliance"), _s("privacy-law-in-depth"),
              _s("patient-financial-services", "fdcpa, regulation f, collect, credit report, 501(r), no surprises")),
        _area("The life cycle of a medical claim", _s("revenue-cycle"), _s("claims-submission"),
              _s("billing-software"), _s("institutional-billing"), _s("enrollment-credentialing"),
              _s("surgical-payment-rules", "claim, line, modifier, bill")),
        _area("Payment posting and accounts receivable", _s("payment-posting-denials-ar", "post, payment, a/r, aging, "
                                                                                  "adjust, remit, 835"),
              _s("remittances-in-full"), _s("patient-financial-services", "balance, statement, aging, refund")),
        _area("Denial resolution", _s("payment-posting-denials-ar", "denial, denied, appeal, carc, redetermination"),
              _s("remittances-in-full", "denial, denied, reversal, reopening, corrected, appeal"),
              _s("billing-software", "denial, denied, reject, appeal")),
        _area("Medical coding", _s("cpt-em"), _s("hcpcs-modifiers"), _s("modifiers"), _s("icd10cm-guidelines"),
              _s(CASE_LAB)),
    )),
    "CRCR": Outline("CRCR", "HFMA", "hfma-crcr-faq", (
        _area("Patient access", _s("registration-verification"), _s("prior-authorization"),
              _s("payers", "eligib, verif, enroll, card, coverage")),
        _area("Financial counseling", _s("patient-financial-services"),
              _s("registration-verification", "estimate, deposit, financial, self-pay, copay, coinsurance")),
        _area("Patient accounts", _s("claims-submission"), _s("payment-posting-denials-ar"),
              _s("remittances-in-full"), _s("institutional-billing", "ub-04, 837i, bill, claim, revenue code"),
              _s("surgical-payment-rules")),
        _area("Health information management", _s("icd10cm-guidelines"), _s("inpatient-coding"),
              _s("icd10pcs-overview"), _s("medical-terminology-anatomy")),
        _area("Case management and utilization review",
              _s("institutional-billing", "observation, two-midnight, inpatient, admission, status, outpatient"),
              _s("prior-authorization", "authoriz, review, medical necessity, referral"),
              _s("inpatient-coding", "principal, admission, query")),
        _area("Compliance", _s("fraud-abuse-compliance"), _s("hipaa"), _s("audits-program-integrity"),
              _s("privacy-law-in-depth")),
        _area("Managed care operations", _s("payers", "managed care, hmo, ppo, epo, network, capitation, referral"),
              _s("reimbursement", "contract, allowed, fee schedule, capitation, withhold"),
              _s("enrollment-credentialing")),
        _area("Decision support and revenue cycle measures",
              _s("payment-posting-denials-ar", "days, aging, rate, measure, percent, %"),
              _s("audits-program-integrity", "sample, error rate, extrapolat"),
              _s("patient-financial-services", "aging, bad debt, percent")),
    )),
}


def outline(exam: str) -> Outline:
    """The outline for an exam name, case-insensitive; a clear error naming the ones there are."""
    found = OUTLINES.get(exam.strip().upper())
    if found is None:
        raise WorkbookError(f"No outline for the exam {exam!r}: choose one of {', '.join(OUTLINES)}.")
    return found


def _pattern(word: str) -> re.Pattern[str]:
    """A word of three characters or fewer must stand alone ("ct", "ear"); a longer one starts a word ("fractur")."""
    tail = r"(?!\w)" if len(word) <= 3 else ""
    return re.compile(r"(?<!\w)" + re.escape(word) + tail)


def _counts(ex: Exercise, words: tuple[str, ...]) -> bool:
    if not words:
        return True
    text = " ".join([ex.prompt, *ex.topics]).lower()
    return any(_pattern(w).search(text) for w in words)


def coverage(exam: str, root: Path | None = None) -> list[Coverage]:
    """Each area of the exam's outline with its chapters and the ids of the exercises that count for it."""
    chosen = outline(exam)
    by_id = {c.id: c for c in assignable(root)}
    out = []
    for area in chosen.areas:
        missing = [s.chapter for s in area.sources if s.chapter not in by_id]
        if missing:
            raise WorkbookError(f"{chosen.exam} area {area.name!r} names chapters the book does not have: "
                                f"{', '.join(missing)}. Fix workbook.course.outlines.")
        chapters = sorted({s.chapter: by_id[s.chapter] for s in area.sources}.values(), key=lambda c: c.number)
        ids: list[str] = []
        for source in area.sources:
            ids += [ex.id for ex in by_id[source.chapter].bank.exercises if _counts(ex, source.words)]
        out.append(Coverage(chosen.exam, area.name, tuple(chapters), tuple(dict.fromkeys(ids))))
    return out


def markdown(exam: str, root: Path | None = None, site: str = "") -> str:
    """A Markdown table for one exam: area, chapters (linked when a site is given), exercise count and ids."""
    chosen = outline(exam)
    rows = ["| Content area | Chapters | Exercises | Exercise ids |", "|---|---|---:|---|"]
    for cov in coverage(exam, root):
        names = [f"[{c.title}]({c.url(site)})" if site else c.title for c in cov.chapters]
        rows.append(f"| {cov.area} | {'; '.join(names)} | {len(cov.exercises)} | {', '.join(cov.exercises)} |")
    return f"**{chosen.exam}** ({chosen.body}): {len(chosen.areas)} content areas.\n\n" + "\n".join(rows)


def show(exam: str, root: Path | None = None, site: str = "") -> None:
    """Display one exam's map (as Markdown) in a notebook."""
    from IPython.display import Markdown, display

    display(Markdown(markdown(exam, root, site)))
