"""The ICD-10-CM guidelines, ICD-10-CM updates and ICD-10-PCS templates give the right key, checked independently.

Each test draws many seeds and recomputes the key its own way: from the code titles, the addenda file read
directly, plain date arithmetic, or a hand-written table of what the book's PCS codes mean.
"""

from __future__ import annotations

import csv
import random
import re
from datetime import date, datetime
from importlib import resources

import pytest

from revcycle.codes import icd10cm as cm
from revcycle.coding.dx_review import review
from workbook.exercises.templates import templates

SEEDS = range(45)
FY27 = date(2026, 10, 1)
FY26 = date(2026, 9, 30)


def draw(tid: str, seed: int):
    return templates()[tid].make(random.Random(f"{seed}:icd:{tid}"), f"t{seed}")


def when(text: str) -> date:
    return datetime.strptime(text, "%B %d, %Y").date()


# --- icd10cm-guidelines --------------------------------------------------------------------------------------


def _care(prompt: str) -> str:
    if "healing is routine" in prompt:
        return "subsequent encounter"
    if "healed" in prompt:
        return "sequela"
    assert re.search(r"emergency department|urgent care|takes over|second surgeon", prompt), prompt
    return "initial encounter"


@pytest.mark.parametrize("seed", SEEDS)
def test_injury_code_has_the_documented_side_and_the_7th_character_of_the_care(seed):
    ex, key = draw("icdg-injury-side-encounter", seed)
    code = key.answer
    assert cm.is_billable(code, on=FY27), code
    title = cm.title(code, on=FY27)
    note = re.search(r'assessment of the injury: "(.*)\."', ex.prompt).group(1)
    side = "right" if re.search(r"\bright\b", note) else "left"
    other = {"right": "left", "left": "right"}[side]
    assert re.search(rf"\b{side}\b", title) and not re.search(rf"\b{other}\b", title), (note, title)
    care = _care(ex.prompt)
    assert care in title, (care, title)
    assert code.replace(".", "")[6] == {"initial encounter": "A", "subsequent encounter": "D", "sequela": "S"}[care]
    base = note.removesuffix(", closed").lower()
    assert base in title.lower(), (note, title)
    if "fracture" in title and care != "sequela":
        assert ("closed fracture" in title) if care == "initial encounter" else ("routine healing" in title)
    if "isplaced" not in note and "isplaced" in title:
        assert title.startswith("Displaced "), "an undocumented displacement is coded as displaced"


def _hypertension_facts(prompt: str) -> tuple[bool, bool]:
    hf = "heart failure" in prompt and "No heart failure" not in prompt
    ckd = "Chronic kidney disease" in prompt
    return hf, ckd


@pytest.mark.parametrize("seed", SEEDS)
def test_hypertension_key_is_the_presumed_combination_code_then_type_and_stage(seed):
    ex, key = draw("icdg-hypertension-combo", seed)
    codes = key.answer.split(", ")
    hf, ckd = _hypertension_facts(ex.prompt)
    first = cm.title(codes[0], on=FY27)
    # The combination code says exactly what the note documents (Section I.C.9.a).
    assert ("with heart failure" in first) == hf, (first, ex.prompt)
    assert ("chronic kidney disease" in first) == ckd
    if not (hf or ckd):
        assert codes == ["I10"]
    hf_codes = [c for c in codes if c.startswith("I50")]
    ckd_codes = [c for c in codes if c.startswith("N18")]
    assert len(hf_codes) == int(hf) and len(ckd_codes) == int(ckd) and len(codes) == 1 + hf + ckd
    for c in hf_codes:
        assert cm.title(c, on=FY27).replace(" (congestive)", "") in ex.prompt
    for c in ckd_codes:
        stage = re.search(r"stage (\w+)", cm.title(c, on=FY27))
        assert stage is None or f"stage {stage.group(1)}" in ex.prompt
        assert c not in ("N18.5", "N18.6")
    assert not [f for f in review(codes, on=FY27) if f.severity in ("error", "warning")], codes
    for option in ex.options:
        other = option.removesuffix(" only").split(", ")
        assert all(cm.is_billable(c, on=FY27) for c in other), option
        if option != key.answer:
            assert other[0] != codes[0] or set(other) != set(codes), option


def _drug_codes(drugs: str) -> set[str]:
    out = set()
    if "insulin" in drugs and "once" not in drugs:
        out.add("Z79.4")
    if "metformin" in drugs or "glipizide" in drugs:
        out.add("Z79.84")
    if "dulaglutide" in drugs or "liraglutide" in drugs:
        out.add("Z79.85")
    return out


@pytest.mark.parametrize("seed", SEEDS)
def test_diabetes_key_is_one_type_2_combination_code_and_the_long_term_drug_codes(seed):
    ex, key = draw("icdg-diabetes-combo", seed)
    codes = [opt.split()[0] for opt in key.answer]
    dm = [c for c in codes if c.startswith("E")]
    assert len(dm) == 1 and dm[0].startswith("E11"), codes  # type 2, documented or by default
    condition = re.search(r"(?:Type 2 diabetes mellitus|Diabetes mellitus \(type not documented\)) (.*?)\. The "
                          "patient", ex.prompt).group(1)
    assert cm.title(dm[0], on=FY27) == f"Type 2 diabetes mellitus {condition}"
    drugs = re.search(r"The patient (.*?)\.\"", ex.prompt).group(1)
    assert {c for c in codes if c.startswith("Z")} == _drug_codes(drugs), (drugs, codes)
    for option in ex.options:
        code = option.split()[0]
        assert cm.is_billable(code, on=FY27) and option == f"{code} {cm.title(code, on=FY27)}"


# --- icd10cm-updates -----------------------------------------------------------------------------------------


def _fiscal_year(day: date) -> str:
    return f"FY{day.year + 1 if day.month >= 10 else day.year}"


@pytest.mark.parametrize("seed", SEEDS)
def test_release_follows_the_date_of_service_or_the_discharge_date(seed):
    ex, key = draw("upd-release-for-date", seed)
    bold = [when(d) for d in re.findall(r"\*\*(\w+ \d+, \d{4})\*\*", ex.prompt)]
    governing = bold[1] if "discharged on" in ex.prompt else bold[0]
    assert date(2025, 10, 1) <= governing <= date(2027, 9, 30)
    assert key.answer == _fiscal_year(governing)


def _addenda() -> dict[str, set[str]]:
    text = resources.files("revcycle.data").joinpath("icd10cm_addenda_fy2027.csv").read_text(encoding="utf-8")
    out: dict[str, set[str]] = {}
    for row in csv.DictReader(text.splitlines()):
        out.setdefault(f"{row['action']}:{row['billable']}", set()).add(row["code"])
    return out


ADDENDA = _addenda()


def _expected_verdict(code: str, day: date) -> str:
    after = day >= FY27
    if code in ADDENDA["add:1"]:
        return "billable" if after else "not yet"
    if code in ADDENDA["delete:1"]:
        if code in ADDENDA["add:0"]:
            return "header" if after else "billable"
        return "deleted" if after else "billable"
    return "billable"


@pytest.mark.parametrize("seed", SEEDS)
def test_code_status_matches_the_addenda_and_the_date(seed):
    from workbook.exercises.templates.icd10cm_updates import VERDICTS

    ex, key = draw("upd-code-status", seed)
    found = re.search(r"date of service \*\*(.*?)\*\* and diagnosis \*\*(.*?)\*\*", ex.prompt)
    day, code = when(found.group(1)), found.group(2)
    assert date(2026, 4, 1) <= day <= date(2027, 9, 30)
    assert key.answer == VERDICTS[_expected_verdict(code, day)], (code, day)


_NAMED = {"Brugada": "Brugada syndrome", "Glanzmann": "Glanzmann thrombasthenia",
          "Familial-genetic": "Familial-genetic dilated cardiomyopathy", "Cause under evaluation": "unspecified"}
_INTENT = {"Accidental": "accidental", "self-harm": "self-harm", "Assault": "assault", "undetermined": "undetermined"}


def _fits(note: str, title: str, fy2027: bool) -> bool:
    """The title (FY2027's, or FY2026's before October 1) says what the note documents."""
    side = re.search(r"\b(right|left)\b ([\w ]+)$", note)
    if side:
        if fy2027:
            return side.group(2) in title and re.search(rf"\b{side.group(1)}\b", title) is not None
        # FY2026 had no side: the code names the site (osteomyelitis) or covers either foot (fibromatosis).
        return "right" not in title and "left" not in title and (side.group(2) in title or "," not in title)
    if "body mass index" in note:
        found = re.search(r"body mass index ([\d.]+)", note)
        assert found is not None
        bmi = float(found.group(1))
        if not fy2027:
            return "19.9 or less" in title and bmi <= 19.9
        return bmi <= 18.4 if "18.4 or less" in title else "18.5-19.9" in title and 18.5 <= bmi <= 19.9
    if "cyclohexane" in note:
        intent = next(v for k, v in _INTENT.items() if k in note)
        care = "initial encounter" if "Emergency" in note else "subsequent encounter"
        group = "cycloparaffins" if fy2027 else "other organic solvents"
        return intent in title and care in title and group in title
    for word, wanted in _NAMED.items():
        if word in note:
            if not fy2027:
                return title in ("Dilated cardiomyopathy", "Other specified cardiac arrhythmias",
                                 "Qualitative platelet defects")
            return wanted in title
    raise AssertionError(f"unexpected note {note!r}")


@pytest.mark.parametrize("seed", SEEDS)
def test_recode_uses_the_fy2026_code_before_october_1_and_its_replacement_after(seed):
    ex, key = draw("upd-recode-by-date", seed)
    day = when(re.search(r"seen on \*\*(.*?)\*\*", ex.prompt).group(1))
    note = re.search(r'documents: "(.*)\."', ex.prompt).group(1)
    code, fy2027 = key.answer, day >= FY27
    assert code in ADDENDA["add:1" if fy2027 else "delete:1"], code
    assert cm.is_billable(code, on=day) and cm.is_billable(code, on=FY27) == fy2027
    assert _fits(note, cm.title(code, on=day), fy2027), (note, code)
    for option in ex.options:
        if option != code:
            assert not cm.is_billable(option, on=day) or not _fits(note, cm.title(option, on=day), fy2027), option


def test_the_conditions_named_in_the_recode_cases_were_classified_to_the_fy2026_codes():
    from workbook.exercises.templates.icd10cm_updates import NAMED_SPLITS, SIDED_SPLITS

    def inclusion(code: str) -> set[str]:
        return {n.text for n in cm.describe(code, on=FY26).inclusion_terms}

    assert "Glanzmann's disease" in inclusion("D69.1")
    assert "Brugada syndrome" in inclusion("I49.8")
    assert "Brodie's abscess" in inclusion("M86.8X1")
    dilated = [e for e in cm.index_lookup("Cardiomyopathy, dilated", on=FY26) if e.path[-1] == "dilated"]
    assert dilated and dilated[0].confirmed == "I42.0"
    brodie = cm.index_lookup("Brodie", on=FY26)
    assert brodie and brodie[0].confirmed == "M86.8X"
    plantar = [e for e in cm.index_lookup("Fibromatosis, plantar", on=FY26) if e.path[-1] == "plantar"]
    assert plantar and plantar[0].confirmed == "M72.2"
    row = cm.drug_table("cyclohexane", on=FY26)[0]
    assert row.codes[0] == "T52.8X1"
    for old, new, _note, _why in NAMED_SPLITS:
        assert cm.is_billable(old, on=FY26) and new in cm.children(old, on=FY27)
    for old in SIDED_SPLITS:
        assert cm.is_billable(old, on=FY26) and cm.status(old, on=FY27).verdict == "header"


# --- icd10pcs-overview ---------------------------------------------------------------------------------------

#: What every character of the book's teaching codes means, written out by hand from the CMS tables.
PCS_MEANINGS = {
    "0DTJ4ZZ": ("Medical and Surgical", "Gastrointestinal System", "Resection", "Appendix",
                "Percutaneous Endoscopic", "No Device", "No Qualifier"),
    "0DTJ0ZZ": ("Medical and Surgical", "Gastrointestinal System", "Resection", "Appendix", "Open", "No Device",
                "No Qualifier"),
    "0FT44ZZ": ("Medical and Surgical", "Hepatobiliary System and Pancreas", "Resection", "Gallbladder",
                "Percutaneous Endoscopic", "No Device", "No Qualifier"),
    "0UT90ZZ": ("Medical and Surgical", "Female Reproductive System", "Resection", "Uterus", "Open", "No Device",
                "No Qualifier"),
    "0SRC0J9": ("Medical and Surgical", "Lower Joints", "Replacement", "Knee Joint, Right", "Open",
                "Synthetic Substitute", "Cemented"),
    "0SRD0JA": ("Medical and Surgical", "Lower Joints", "Replacement", "Knee Joint, Left", "Open",
                "Synthetic Substitute", "Uncemented"),
    "0DB68ZX": ("Medical and Surgical", "Gastrointestinal System", "Excision", "Stomach",
                "Via Natural or Artificial Opening Endoscopic", "No Device", "Diagnostic"),
    "0BH17EZ": ("Medical and Surgical", "Respiratory System", "Insertion", "Trachea",
                "Via Natural or Artificial Opening", "Intraluminal Device, Endotracheal Airway", "No Qualifier"),
    "02703DZ": ("Medical and Surgical", "Heart and Great Vessels", "Dilation", "Coronary Artery, One Artery",
                "Percutaneous", "Intraluminal Device", "No Qualifier"),
    "0W9G3ZZ": ("Medical and Surgical", "Anatomical Regions, General", "Drainage", "Peritoneal Cavity",
                "Percutaneous", "No Device", "No Qualifier"),
    "0W9G3ZX": ("Medical and Surgical", "Anatomical Regions, General", "Drainage", "Peritoneal Cavity",
                "Percutaneous", "No Device", "Diagnostic"),
}
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh")


@pytest.mark.parametrize("seed", SEEDS)
def test_pcs_character_key_is_what_the_character_means_in_its_position(seed):
    ex, key = draw("pcs-read-character", seed)
    found = re.search(r"code \*\*(\w{7})\*\*. What does its \*\*(\w+) character\*\*, `(\w)`", ex.prompt)
    code, ordinal, value = found.groups()
    position = ORDINALS.index(ordinal)
    assert code[position] == value
    assert key.answer == PCS_MEANINGS[code][position]
    assert len(set(ex.options)) == len(ex.options) == 4


_ROOT_WORDS = (
    ("Replacement", ("synthetic hip", "prosthetic valve", "artificial knee")),
    ("Bypass", ("flows around", "skips", "colostomy")),
    ("Dilation", ("widens", "stretches", "opens up")),
    ("Inspection", ("looks inside", "looks over", "examines")),
    ("Repair", ("mends", "a tear in")),
    ("Insertion", ("places", "breathing tube")),
    ("Extirpation", ("clot", "gallstone", "coin")),
    ("Drainage", ("fluid", "pus")),
    ("Excision", ("wedge", "samples", "portion", "small piece")),
    ("Resection", ("whole", "entire")),
)


@pytest.mark.parametrize("seed", SEEDS)
def test_pcs_root_operation_key_matches_the_objective_described(seed):
    ex, key = draw("pcs-root-operation", seed)
    text = ex.prompt.split("\n")[0]
    expected = next(root for root, words in _ROOT_WORDS if any(w in text for w in words))
    assert key.answer == expected, text
    assert len(set(ex.options)) == 4 and key.answer in ex.options


_APPROACH_WORDS = (
    ("F", ("through the vagina",)),
    ("8", ("endoscope", "colonoscope", "cystoscope")),
    ("4", ("laparoscope", "arthroscope", "thoracoscope")),
    ("X", ("without any incision", "no incision", "stitches in the skin")),
    ("3", ("needle", "catheter is threaded")),
    ("7", ("through the mouth", "through the urethra", "through the nose")),
    ("0", ("incision", "breastbone")),
)
_APPROACH_NAMES = {"0": "Open", "3": "Percutaneous", "4": "Percutaneous Endoscopic",
                   "7": "Via Natural or Artificial Opening", "8": "Via Natural or Artificial Opening Endoscopic",
                   "F": "Via Natural or Artificial Opening With Percutaneous Endoscopic Assistance", "X": "External"}


@pytest.mark.parametrize("seed", SEEDS)
def test_pcs_approach_key_matches_how_the_site_was_reached(seed):
    ex, key = draw("pcs-approach", seed)
    text = ex.prompt.split("\n")[0]
    value = next(v for v, words in _APPROACH_WORDS if any(w in text for w in words))
    assert key.answer == f"{_APPROACH_NAMES[value]} ({value})", text
    assert len(set(ex.options)) == 4 and key.answer in ex.options
