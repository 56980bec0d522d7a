"""Respiratory system (Section I.C.10): COPD with an exacerbation or a lower respiratory infection, asthma by
severity and status, pneumonia by the organism the provider documents, aspiration and ventilator-associated
pneumonia, and acute respiratory failure by its gas exchange.

Codes are built from the tabular list in force on `on` (asthma by title) or read from small tables whose every
row a test checks against the code titles.
"""

from __future__ import annotations

from revcycle.codes import icd10cm
from revcycle.coding.guidelines.organ_result import GUIDELINES, Coded, billable, descendants
from revcycle.core.errors import InputError, RuleError

#: Organisms a provider documents -> pneumonia code (the Index's "Pneumonia, in/due to" entries).
ORGANISMS: dict[str, str] = {
    "streptococcus pneumoniae": "J13", "haemophilus influenzae": "J14", "klebsiella pneumoniae": "J15.0",
    "pseudomonas": "J15.1", "mssa": "J15.211", "mrsa": "J15.212", "escherichia coli": "J15.5",
    "mycoplasma pneumoniae": "J15.7", "respiratory syncytial virus": "J12.1", "bacterial, unspecified": "J15.9",
    "viral, unspecified": "J12.9",
}
#: Asthma severity -> the words of its J45 subcategory title.
SEVERITY = {"mild intermittent": "Mild intermittent asthma", "mild persistent": "Mild persistent asthma",
            "moderate persistent": "Moderate persistent asthma", "severe persistent": "Severe persistent asthma",
            "unspecified": "Unspecified asthma"}
STATUS = {"uncomplicated": "uncomplicated", "exacerbation": "with (acute) exacerbation",
          "status asthmaticus": "with status asthmaticus"}
#: Acute respiratory failure by the documented gas problem (J96.0-).
ARF = {"unspecified": "J96.00", "hypoxia": "J96.01", "hypercapnia": "J96.02"}


def _word(value: str, table: dict[str, str], what: str) -> str:
    key = " ".join(str(value).lower().split())
    if key not in table:
        raise InputError(f"{what} {value!r}: give one of {', '.join(table)}.")
    return key


def pneumonia(organism: str | None = None, *, provider_documented: bool = True, aspiration: bool = False,
              ventilator: bool = False, on: icd10cm.DateLike = None) -> Coded:
    """The pneumonia code. The organism counts only when the provider documents it (a culture report alone is not
    enough: query); aspiration pneumonia is J69.0; pneumonia the provider calls ventilator-associated is J95.851
    with the organism's B95-B97 code, not another pneumonia code."""
    section = f"{GUIDELINES}, Section I.C.10"
    if ventilator:
        code = billable("J95.851", on)
        return Coded((code,), ("Section I.C.10.d: the provider documents ventilator-associated pneumonia, so J95.851 "
                               "is assigned (with a B95-B97 code for a documented organism) and no code from "
                               "J12-J18.",), f"{GUIDELINES}, Section I.C.10.d")
    if aspiration:
        code = billable("J69.0", on)
        return Coded((code,), ("Aspiration pneumonia is classified to J69.0, pneumonitis due to inhalation of food "
                               "and vomit.",), section)
    if organism is None or not provider_documented:
        code = billable("J18.9", on)
        why = ("no organism is documented" if organism is None else
               "the organism appears only in a laboratory report: the provider must document it (query)")
        return Coded((code,), (f"Pneumonia, {why}: J18.9, pneumonia, unspecified organism.",), section)
    code = billable(ORGANISMS[_word(organism, ORGANISMS, "Organism")], on)
    return Coded((code,), (f"The provider documents the organism: {code}, {icd10cm.title(code, on=on)}.",), section)


def copd(exacerbation: bool = False, infection: str | None = None, on: icd10cm.DateLike = None) -> Coded:
    """COPD codes: J44.0 when a lower respiratory infection is documented (with the infection's own code, e.g. a
    pneumonia code), J44.1 for an acute exacerbation (both when both are documented), J44.9 otherwise."""
    codes: list[str] = []
    reasons: list[str] = []
    if infection is not None:
        inf = icd10cm.normalize(infection)
        if not icd10cm.is_billable(inf, on=on):
            raise InputError(f"{infection!r} is not a billable ICD-10-CM code for the infection.")
        if inf.startswith("J44"):
            raise InputError("Give the infection's own code (a pneumonia or bronchitis code), not a J44 code.")
        codes.append(billable("J44.0", on))
        reasons.append("COPD with a lower respiratory infection is J44.0; its note asks to code also the infection.")
    if exacerbation:
        codes.append(billable("J44.1", on))
        reasons.append("An acute exacerbation (a worsening or decompensation) adds J44.1; with an infection both "
                       "J44.0 and J44.1 are reported.")
    if infection is not None:
        codes.append(inf)
        reasons.append(f"The infection: {inf}, {icd10cm.title(inf, on=on)}. The guidelines fix no order between the "
                       "COPD codes and the infection: the circumstances of admission decide.")
    if not codes:
        codes.append(billable("J44.9", on))
        reasons.append("COPD with neither an exacerbation nor an infection: J44.9.")
    return Coded(tuple(codes), tuple(reasons), f"{GUIDELINES}, Section I.C.10.a")


def asthma(severity: str = "unspecified", status: str = "uncomplicated", on: icd10cm.DateLike = None) -> str:
    """The J45 code for a documented severity and status, found in the tabular list by its title."""
    sev = SEVERITY[_word(severity, SEVERITY, "Asthma severity")]
    stat = STATUS[_word(status, STATUS, "Asthma status")]
    found = [c for c in descendants("J45", on)
             if icd10cm.title(c, on=on).startswith(sev) and icd10cm.title(c, on=on).endswith(stat)]
    if len(found) != 1:
        raise RuleError(f"The tabular list has no single J45 code for {severity} asthma, {status}.")
    return found[0]


def respiratory_failure(gas: str = "unspecified", on: icd10cm.DateLike = None) -> str:
    """The J96.0- code for acute respiratory failure with hypoxia, hypercapnia or neither stated."""
    return billable(ARF[_word(gas, ARF, "Acute respiratory failure")], on)


__all__ = ["ARF", "ORGANISMS", "SEVERITY", "STATUS", "asthma", "copd", "pneumonia", "respiratory_failure"]
