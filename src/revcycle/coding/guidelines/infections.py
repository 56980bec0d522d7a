"""Infections (Section I.C.1): sepsis, severe sepsis and septic shock, SIRS of non-infectious origin, HIV status and
COVID-19, each turned from documented facts into an ordered code list with a reason per code.

The functions take what the provider documented (the organism, the localized infection, the organ dysfunction the
provider links to sepsis, whether the sepsis was present on admission); they never infer a diagnosis. Vague words
that are not codes ("urosepsis") and uncertain HIV or COVID-19 diagnoses are refused with the reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from revcycle.codes import icd10cm
from revcycle.coding.guidelines.systemic_lines import Coding, Line, build, line
from revcycle.core.errors import InputError, RuleError

__all__ = ["COVID_STATUSES", "HIV_STATUSES", "ORGANISMS", "VAGUE_TERMS", "covid", "hiv", "sepsis", "sepsis_code",
           "sirs", "vague_term"]

#: Documented organism -> the sepsis code that names it (A40-A41); None or "unspecified" -> A41.9.
ORGANISMS: dict[str, str] = {
    "unspecified": "A41.9", "e. coli": "A41.51", "pseudomonas": "A41.52", "gram-negative": "A41.50",
    "mssa": "A41.01", "mrsa": "A41.02", "enterococcus": "A41.81", "group a streptococcus": "A40.0",
    "streptococcus pneumoniae": "A40.3", "covid-19": "A41.89", "other specified": "A41.89",
}
#: Words providers write that are not a diagnosis the index codes; the coder queries instead.
VAGUE_TERMS: dict[str, str] = {
    "urosepsis": "'Urosepsis' has no code: the index says to code to the condition. Query the provider whether the "
                 "patient has sepsis or a urinary tract infection (Section I.C.1.d.1.a.ii).",
    "septicemia": "Say what the provider means: sepsis is coded from A40-A41; bacteremia NOS is R78.81. Query if the "
                  "record is unclear (Section I.C.1.d.1).",
}
#: HIV documentation -> (code, what it means).
HIV_STATUSES: dict[str, tuple[str, str]] = {
    "disease": ("B20", "HIV disease: AIDS, an HIV-related condition now or ever"),
    "asymptomatic": ("Z21", "HIV positive with no HIV-related condition, ever"),
    "inconclusive": ("R75", "inconclusive HIV test, no definitive diagnosis"),
    "exposure": ("Z20.6", "contact with or exposure to HIV"),
    "screening": ("Z11.4", "encounter for HIV screening"),
}
#: COVID-19 documentation -> the code of the status.
COVID_STATUSES: dict[str, str] = {"confirmed": "U07.1", "exposure": "Z20.822", "history": "Z86.16",
                                  "post-covid": "U09.9"}
_UNCERTAIN = ("suspected", "possible", "probable", "likely", "questionable", "rule out", "inconclusive")


def _codes(given: Iterable[str], what: str) -> list[str]:
    if isinstance(given, str):
        raise InputError(f"Give the {what} as a list of codes, e.g. ['N17.9'], not one string.")
    return [icd10cm.normalize(c) for c in given]


def vague_term(term: str) -> None:
    """Raise RuleError with the query to send when `term` is a word the classification does not code."""
    why = VAGUE_TERMS.get(term.strip().lower())
    if why:
        raise RuleError(why)


def sepsis_code(organism: str | None, on: icd10cm.DateLike = None) -> str:
    """The systemic infection code for a documented organism (A41.9 when none is documented)."""
    key = "unspecified" if organism is None else organism.strip().lower()
    if key in VAGUE_TERMS:
        vague_term(key)
    if key not in ORGANISMS:
        raise InputError(f"Organism {organism!r} is not one this engine knows: give one of {', '.join(ORGANISMS)}, "
                         "or look the organism up under Sepsis in the index.")
    return line(ORGANISMS[key], "", "I.C.1.d", on).code


def sepsis(organism: str | None = None, *, localized: str | None = None, organ_dysfunction: Iterable[str] = (),
           severe: bool | None = None, shock: bool = False, sepsis_poa: bool = True,
           after_procedure: bool = False, on: icd10cm.DateLike = None) -> Coding:
    """Sequence sepsis (Section I.C.1.d): the systemic infection, R65.2- for severe sepsis or septic shock, the
    localized infection and the acute organ dysfunction the provider links to the sepsis.

    `severe` None means "as documented": organ dysfunction linked to the sepsis makes it severe. `sepsis_poa`
    False means the sepsis developed after admission for the localized infection, which then goes first.
    `after_procedure` adds T81.44XA (sepsis following a procedure) after the infection-site code when `localized` is
    one of T81.40-T81.43 (first otherwise) and reports postprocedural septic shock with T81.12XA instead of R65.21.
    COVID-19 sepsis present on admission is A41.89 then U07.1; not present on admission, U07.1 comes first.
    Contradictory documentation raises InputError: query the provider.
    """
    dysfunction = _codes(organ_dysfunction, "organ dysfunction codes")
    if severe is False and (dysfunction or shock):
        raise InputError("The record says sepsis is not severe but documents " +
                         ("septic shock" if shock else "organ dysfunction linked to it") + ": severe sepsis is "
                         "sepsis with acute organ dysfunction, and septic shock is severe sepsis. Query the provider.")
    is_severe = bool(severe) or shock or bool(dysfunction)
    code = sepsis_code(organism, on)
    covid = organism is not None and organism.strip().lower() == "covid-19"
    out: list[Line] = []
    site_first = localized is not None and _is_postprocedural_site(localized)
    if site_first and not after_procedure:
        raise InputError(f"{localized} is an infection following a procedure: pass after_procedure=True, or give the "
                         "localized infection's own code if it did not follow a procedure.")
    if site_first:
        assert localized is not None
        out.append(line(localized, "The site of the postprocedural infection is known: its T81.40-T81.43 code "
                        "comes first.", "I.C.1.d.5.b", on))
    if after_procedure:
        out.append(line("T81.44XA", "The sepsis followed a procedure: T81.44XA follows the infection-site code "
                        "(first when the site is not known), then the code for the sepsis itself.",
                        "I.C.1.d.5.b", on))
    covid_first = covid and not sepsis_poa and not after_procedure
    if covid_first:
        out.append(line("U07.1", "COVID-19 was the reason for admission and the sepsis developed later (not present "
                        "on admission): U07.1 comes first, then the viral sepsis.", "I.C.1.g.1.b and I.C.1.d.4",
                        on))
    local_first = localized is not None and not sepsis_poa and not after_procedure and not covid
    if local_first:
        assert localized is not None
        out.append(line(localized, "The localized infection was the reason for admission; the sepsis developed "
                        "later (not present on admission), so the localized infection comes first.",
                        "I.C.1.d.4", on))
    out.append(line(code, "The systemic infection: " + ("sepsis with no organism documented." if organism is None
                    else f"sepsis due to {organism}, a combination of the sepsis and its organism."),
                    "I.C.1.d.1.a" if not local_first else "I.C.1.d.4", on))
    if covid and not covid_first:
        out.append(line("U07.1", "Sepsis due to COVID-19 present on admission: the viral sepsis code first, then "
                        "COVID-19.", "I.C.1.g.1.b and I.C.1.d", on))
    if is_severe:
        if shock and after_procedure:
            out.append(line("T81.12XA", "Postprocedural septic shock is T81.12-, not R65.21 (R65.21 excludes it).",
                            "I.C.1.d.5.c", on))
        else:
            r65 = "R65.21" if shock else "R65.20"
            out.append(line(r65, ("Septic shock is severe sepsis with shock: R65.21 follows the systemic infection; "
                                  "it is never listed first.") if shock else
                            "Severe sepsis: R65.20 follows the systemic infection; it is never listed first.",
                            "I.C.1.d.2 and I.C.1.d.3", on))
    if localized is not None and not local_first and not site_first:
        out.append(line(localized, "The localized infection that led to the sepsis is a secondary code.",
                        "I.C.1.d.4", on))
    for dys in dysfunction:
        out.append(line(dys, "Acute organ dysfunction the provider links to the sepsis.", "I.C.1.d.1.b", on))
    return build(out, on)


def _is_postprocedural_site(code: str) -> bool:
    """True for T81.40-T81.43 (infection following a procedure, by depth), the codes that precede T81.44."""
    return icd10cm.normalize(code)[:6] in {"T81.40", "T81.41", "T81.42", "T81.43"}


def sirs(cause: str, *, organ_dysfunction: Iterable[str] = (), infection: bool = False,
         on: icd10cm.DateLike = None) -> Coding:
    """SIRS of non-infectious origin (Section I.C.18.g): the underlying condition (an injury, pancreatitis) first,
    then R65.10 or R65.11 with the organ dysfunction. An infection makes it sepsis: use sepsis()."""
    if infection:
        raise RuleError("SIRS with a documented infection is coded as sepsis (Section I.C.1.d): use sepsis(); "
                        "R65.1- is for SIRS of non-infectious origin only.")
    dysfunction = _codes(organ_dysfunction, "organ dysfunction codes")
    out = [line(cause, "The non-infectious condition that caused the SIRS comes first.", "I.C.18.g", on),
           line("R65.11" if dysfunction else "R65.10", "SIRS of non-infectious origin, " +
                ("with acute organ dysfunction." if dysfunction else "without acute organ dysfunction."),
                "I.C.18.g", on)]
    out += [line(d, "Acute organ dysfunction linked to the SIRS.", "I.C.18.g", on) for d in dysfunction]
    return build(out, on)


def _status(status: str, known: Mapping[str, object], what: str) -> str:
    key = status.strip().lower()
    if key not in known and any(word in key for word in _UNCERTAIN):
        raise RuleError(f"Only confirmed {what} is coded: '{status}' is not a confirmation "
                        f"({'Section I.C.1.a.1' if what == 'HIV' else 'Section I.C.1.g.1.a'}). Code the signs, "
                        "symptoms or exposure instead; the provider's statement of the diagnosis is confirmation "
                        "enough, no test result is needed.")
    if key not in known:
        raise InputError(f"{what} status {status!r} is not one of {', '.join(known)}.")
    return key


def hiv(status: str, *, related: Iterable[str] = (), reason: str | None = None, ever_related: bool = False,
        pregnancy: str | None = None, on: icd10cm.DateLike = None) -> Coding:
    """HIV (Section I.C.1.a): B20, Z21, R75, Z20.6 or Z11.4 from the documented status, sequenced with the
    HIV-related conditions (`related`), an unrelated reason for the encounter (`reason`) and an O98.7- code
    when the patient is pregnant. A patient who ever had an HIV-related condition has B20 from then on."""
    key = _status(status, HIV_STATUSES, "HIV")
    conditions = _codes(related, "HIV-related conditions")
    if key == "asymptomatic" and (conditions or ever_related):
        raise InputError("An HIV-positive patient with an HIV-related condition (now or ever) has HIV disease, B20, "
                         "not Z21: correct the status or the conditions.")
    if conditions and key != "disease":
        raise InputError(f"HIV-related conditions need status 'disease' (B20); the status given is {key!r}.")
    code = HIV_STATUSES[key][0]
    out: list[Line] = []
    if pregnancy is not None:
        if not icd10cm.normalize(pregnancy).startswith("O98.7"):
            raise InputError("An HIV-positive pregnant patient's first code is from O98.7- (HIV disease complicating "
                             f"pregnancy, childbirth or the puerperium), not {pregnancy}.")
        out.append(line(pregnancy, "During pregnancy, childbirth or the puerperium, O98.7- comes first.",
                        "I.C.1.a.2.h", on))
    if reason is not None:
        out.append(line(reason, "The encounter is for a condition unrelated to HIV: it comes first, HIV follows.",
                        "I.C.1.a.2.c", on))
    why = {"disease": "Confirmed HIV disease (an HIV-related condition now or in the past, or AIDS).",
           "asymptomatic": "HIV positive, no HIV-related condition documented ever: status code Z21.",
           "inconclusive": "Inconclusive HIV serology: the test neither confirms nor rules out HIV.",
           "exposure": "Contact with or suspected exposure to HIV, no diagnosis.",
           "screening": "Encounter to screen for HIV."}[key]
    out.append(line(code, why, "I.C.1.a.2" if key != "screening" else "I.C.1.a.2.i", on))
    out += [line(c, "An HIV-related condition follows B20.", "I.C.1.a.2", on) for c in conditions]
    return build(out, on)


def covid(status: str, *, manifestations: Iterable[str] = (), reason: str | None = None,
          on: icd10cm.DateLike = None) -> Coding:
    """COVID-19 (Section I.C.1.g.1): U07.1 first with its manifestations after it (pneumonia J12.82), unless
    another reason (`reason`, e.g. an O98.5- code or a sepsis code) must lead; exposure Z20.822; personal
    history Z86.16; a post-COVID-19 condition is the condition first, then U09.9. For sepsis due to COVID-19 use
    sepsis('covid-19')."""
    key = _status(status, COVID_STATUSES, "COVID-19")
    extra = _codes(manifestations, "manifestation codes")
    out: list[Line] = []
    if key == "post-covid":
        if not extra:
            raise InputError("A post-COVID-19 condition is coded as the condition first, then U09.9: give the "
                             "condition's code in manifestations=.")
        out += [line(c, "The condition that remains after COVID-19 comes first.", "I.C.1.g.1.m", on) for c in extra]
        out.append(line("U09.9", "Post COVID-19 condition: links the condition to the earlier infection.",
                        "I.C.1.g.1.m", on))
        return build(out, on)
    if extra and key != "confirmed":
        raise InputError(f"Manifestations go with confirmed COVID-19 only; the status given is {key!r}.")
    if reason is not None:
        out.append(line(reason, "Another condition must lead here (an obstetric O98.5- code or a sepsis code); "
                        "COVID-19 follows.", "I.C.1.g.1.b", on))
    why = {"confirmed": "Confirmed COVID-19 (the provider's statement suffices) comes first, then its "
                        "manifestations.",
           "exposure": "Contact with or suspected exposure to COVID-19, with the infection ruled out or not "
                       "diagnosed.",
           "history": "Personal history of COVID-19: the infection is over and no condition remains."}[key]
    out.append(line(COVID_STATUSES[key], why, "I.C.1.g.1", on))
    out += [line(c, "A manifestation of COVID-19 follows U07.1.", "I.C.1.g.1.b", on) for c in extra]
    return build(out, on)
