"""Pain (Section I.C.6.b) and hemiplegia's dominant side (Section I.C.6.a).

:func:`pain` decides whether a G89 code is reported and where: first when the encounter is for pain control, after
the site code otherwise, not at all when a definitive diagnosis explains the pain and the encounter treats it, or
when the pain is routine right after surgery. :func:`hemiplegia` turns the affected side and handedness into the
dominant or nondominant code.
"""

from __future__ import annotations

from revcycle.codes import icd10cm
from revcycle.coding.guidelines.systemic_lines import Coding, Line, build, line
from revcycle.core.errors import InputError, RuleError

__all__ = ["CAUSES", "REASONS", "dominant", "hemiplegia", "pain", "pain_code"]

#: (kind, cause) -> G89 code; kind None means not documented as acute or chronic.
_CODES: dict[tuple[str | None, str], str] = {
    ("acute", "trauma"): "G89.11", ("chronic", "trauma"): "G89.21",
    ("acute", "post-thoracotomy"): "G89.12", ("chronic", "post-thoracotomy"): "G89.22",
    (None, "post-thoracotomy"): "G89.12",
    ("acute", "postprocedural"): "G89.18", ("chronic", "postprocedural"): "G89.28", (None, "postprocedural"): "G89.18",
    ("chronic", "other"): "G89.29",
}
CAUSES = ("trauma", "post-thoracotomy", "postprocedural", "neoplasm", "central", "syndrome", "other")
#: Why the patient came: for pain control, for something else, or to treat the condition that causes the pain.
REASONS = ("pain control", "other", "underlying")


def pain_code(kind: str | None, cause: str) -> str | None:
    """The G89 code for documented pain, or None when G89 has none (pain not called acute or chronic, or acute pain
    with no trauma or procedure behind it)."""
    if kind not in (None, "acute", "chronic"):
        raise InputError(f"Pain kind {kind!r}: 'acute', 'chronic' or None (not documented).")
    if cause not in CAUSES:
        raise InputError(f"Pain cause {cause!r}: give one of {', '.join(CAUSES)}.")
    if cause == "neoplasm":
        return "G89.3"
    if cause == "central":
        return "G89.0"
    if cause == "syndrome":
        return "G89.4"
    return _CODES.get((kind, cause))


def pain(kind: str | None, cause: str = "other", *, reason: str = "other", site: str | None = None,
         definitive: str | None = None, routine_postop: bool = False, psychological: str | None = None,
         on: icd10cm.DateLike = None) -> Coding:
    """The pain codes of an encounter, ordered. `site` is the site-specific pain code (M54.50), `definitive` the
    diagnosis that explains the pain (a neoplasm for G89.3), `psychological` 'exclusive' (F45.41 alone) or
    'related' (F45.42 with the G89 code)."""
    if reason not in REASONS:
        raise InputError(f"Reason {reason!r}: give one of {', '.join(REASONS)}.")
    if psychological == "exclusive":
        return build([line("F45.41", "Pain exclusively related to psychological factors: F45.41 alone; G89's "
                           "Excludes1 note forbids a G89 code with it.", "I.C.5.a", on)], on)
    if psychological not in (None, "related"):
        raise InputError("psychological is 'exclusive', 'related' or None.")
    if routine_postop:
        raise RuleError("Routine or expected pain right after surgery is not coded (Section I.C.6.b.3).")
    code = pain_code(kind, cause)
    if cause == "neoplasm" and definitive is None:
        raise InputError("Neoplasm-related pain needs the neoplasm code: give definitive=.")
    out: list[Line] = []
    g89: list[Line] = []
    if code is not None:
        g89.append(line(code, f"{kind or 'documented'} {cause} pain: {code}.".capitalize(), "I.C.6.b.1", on))
        if psychological == "related":
            g89.append(line("F45.42", "Psychological factors related to the pain: F45.42 with the G89 code.",
                            "I.C.5.a", on))
    if reason == "underlying":
        if definitive is None:
            raise InputError("The encounter treats the underlying condition: give its code as definitive=.")
        out.append(line(definitive, "The encounter treats the condition that causes the pain: it comes first and "
                        "no G89 code is added for pain it explains.", "I.C.6.b.1", on))
        if cause == "neoplasm":
            out += g89  # G89.3 is assigned whenever neoplasm-related pain is documented
        return build(out, on)
    if reason == "pain control":
        if not g89:
            raise RuleError("No G89 code fits: pain not documented as acute or chronic (or acute pain with no trauma "
                            "or procedure) is coded to the site alone (Section I.C.6.b).")
        out += g89
        out[0] = Line(out[0].code, out[0].title, "The encounter is for pain control: the G89 code comes first, the "
                      "site or cause follows.", out[0].section)
        if definitive is not None:
            out.append(line(definitive, "The condition behind the pain.", "I.C.6.b.1.a", on))
        if site is not None:
            out.append(line(site, "The site of the pain, after the G89 code.", "I.C.6.b.1.a", on))
        return build(out, on)
    if definitive is not None:
        out.append(line(definitive, "The reason for the encounter.", "I.C.6.b.1.b.ii", on))
    if site is not None:
        out.append(line(site, "The encounter is not for pain control: the site code comes first.", "I.C.6.b.1.b.ii",
                        on))
    if not out:
        raise InputError("Give the site code (site=) or the diagnosis (definitive=) the encounter is for.")
    return build(out + g89, on)


def dominant(side: str, handedness: str | None = None) -> bool:
    """True when the affected side is the dominant one: from handedness when documented, else the default
    (ambidextrous: dominant; right side: dominant; left side: nondominant)."""
    side = side.strip().lower()
    if side not in ("right", "left"):
        raise InputError(f"Affected side {side!r}: 'right' or 'left'.")
    if handedness is None:
        return side == "right"
    hand = handedness.strip().lower().removesuffix("-handed").removesuffix(" handed")
    if hand == "ambidextrous":
        return True
    if hand not in ("right", "left"):
        raise InputError(f"Handedness {handedness!r}: 'right-handed', 'left-handed', 'ambidextrous' or None.")
    return hand == side


def hemiplegia(side: str, handedness: str | None = None, *, after_infarction: bool = False,
               on: icd10cm.DateLike = None) -> Coding:
    """Hemiplegia's code by side and dominance: G81.9- or, as a sequela of a cerebral infarction, I69.35-."""
    dom = dominant(side, handedness)
    digit = {("right", True): "1", ("left", True): "2", ("right", False): "3", ("left", False): "4"}
    code = ("I69.35" if after_infarction else "G81.9") + digit[(side.strip().lower(), dom)]
    how = (f"handedness documented ({handedness})" if handedness else
           "dominance not documented, so the default for the " + side.strip().lower() + " side")
    return build([line(code, f"{side.strip().capitalize()} side affected, {'dominant' if dom else 'nondominant'}: "
                       f"{how}.", "I.C.9.d.1" if after_infarction else "I.C.6.a", on)], on)
