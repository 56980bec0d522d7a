"""Edits on the modifiers of item 24D: at most four, two characters each, 25 only on E/M, 59 and the X
modifiers never on E/M, and 59 where an X modifier says more."""

from __future__ import annotations

import re

import numpy as np

from revcycle.claims.model import MAX_MODIFIERS
from revcycle.claims.procedures import is_em, is_known_procedure, takes_modifier_25
from revcycle.claims.rules.base import Array, Batch, Hits, edit, join, plural
from revcycle.codes import ncci

MOD = re.compile(r"^[0-9A-Z]{2}$")
X_MODS = frozenset({"XE", "XS", "XP", "XU"})
DISTINCT_MODS = X_MODS | {"59"}
REASON_XS = "the other service that day was on a different body site"
REASON_XP = "the other service that day was rendered by a different practitioner (24J differs)"


def em(batch: Batch) -> Array:
    """Each line's procedure is an E/M code."""
    return batch.memo("modifiers.em", lambda b: b.proc.map(is_em, bool))


@edit("MOD-COUNT", "fatal", "24D", "no more than 4 modifiers on a line",
      "CMS-1500 item 24D and 837P SV101-3 to SV101-6: up to 4 modifiers", "modifiers")
def mod_count(batch: Batch) -> Hits:
    n_mods = batch.numbers("n_modifiers")[batch.lr]
    hit = np.flatnonzero(n_mods > MAX_MODIFIERS)
    return batch.line_hits(hit, [f"Line {batch.lline[k]}: {n_mods[k]} modifiers; item 24D and the 837P take at most 4."
                                 for k in hit])


@edit("MOD-FORMAT", "fatal", "24D", "each modifier is two letters or digits",
      "HCPCS/CPT modifiers are two characters (837P SV101-3 to SV101-6)", "modifiers")
def mod_format(batch: Batch) -> Hits:
    mods = batch.mods
    bad_mod = np.zeros(len(batch.lci), dtype=bool)
    for col in mods.cols:
        bad_mod |= col.map(lambda m: bool(m) and not MOD.match(m), bool)
    for i in mods.extra_rows:
        bad_mod[i] |= any(not MOD.match(m) for m in mods.extra.at(i).split(","))
    hit = np.flatnonzero(bad_mod)
    messages, values = [], []
    for k in hit:
        bad = [m for m in mods.row(int(k)) if not MOD.match(m)]
        verb = plural(bad, "is not a modifier", "are not modifiers")
        messages.append(f"Line {batch.lline[k]}: {', '.join(repr(b) for b in bad)} {verb}; a modifier is two letters "
                        "or digits, such as 25 or LT.")
        values.append(", ".join(bad))
    return batch.line_hits(hit, messages, values)


@edit("MOD-25", "fatal", "24D", "modifier 25 is only on an E/M code",
      "Medicare Claims Processing Manual (Pub. 100-04), ch. 12, sec. 30.6.6: modifier 25 marks a "
      "significant, separately identifiable E/M service", "modifiers")
def mod_25(batch: Batch) -> Hits:
    proc = batch.proc
    hit = np.flatnonzero(proc.map(is_known_procedure, bool) & batch.mods.has("25")
                         & ~proc.map(takes_modifier_25, bool))
    return batch.line_hits(hit, [f"Line {batch.lline[k]}: modifier 25 is on {proc.at(k)}, which is not an evaluation "
                                 "and management (E/M) code. Modifier 25 goes on the E/M visit billed with a "
                                 "procedure, never on the procedure." for k in hit], ["25"] * len(hit))


def _any_x(batch: Batch) -> Array:
    """Each line carries one of the X modifiers."""
    return batch.memo("modifiers.any_x", lambda b: b.mods.has_any(X_MODS))


@edit("MOD-59-EM", "fatal", "24D", "modifier 59 and the X modifiers are never on an E/M code",
      "NCCI Policy Manual for Medicare Services, ch. I: 59 and XE/XS/XP/XU are not used on E/M services", "modifiers")
def mod_59_em(batch: Batch) -> Hits:
    mods = batch.mods
    hit = np.flatnonzero((mods.has("59") | _any_x(batch)) & em(batch))
    values = [next(m for m in mods.row(int(k)) if m in DISTINCT_MODS) for k in hit]
    return batch.line_hits(hit, [f"Line {batch.lline[k]}: modifier {m} is on the E/M code {batch.proc.at(k)}. 59 and "
                                 "the X modifiers are never used on E/M services; a separately identifiable visit "
                                 "takes 25 (or 57)." for k, m in zip(hit, values, strict=True)], values)


def _x_message(n: int, code: str, x: str, reason: str) -> str:
    return (f"Line {n}: {code} carries modifier 59, but {reason}. CMS asks for the more specific {x} when one "
            "of the X modifiers describes the case.")


@edit("MOD-59-X", "warning", "24D", "59 is not used where an X modifier (XE, XS, XP, XU) describes the case",
      "CMS MLN1783722, Proper use of modifiers 59 and -X{EPSU}; CMS Transmittal 1422 (CR 8863, 2014)", "modifiers")
def mod_59_x(batch: Batch) -> Hits:
    candidates = np.flatnonzero(batch.mods.has("59") & ~_any_x(batch) & ~em(batch))
    if not candidates.size:
        return Hits.none()
    lci, same_day, pc, eff_npi, ptp = batch.lci, batch.same_day, batch.proc.codes, batch.eff_npi, batch.ptp
    # pair every candidate with the other lines of its claim on the same day
    in_claim = np.zeros(batch.nc, dtype=bool)
    in_claim[lci[candidates]] = True
    right = np.flatnonzero(in_claim[lci])
    i, j = join(same_day[candidates], same_day[right])
    k, j = candidates[i], right[j]
    keep = k != j
    k, j = k[keep], j[keep]
    slot = np.searchsorted(candidates, k)
    anat = batch.mods.bits(tuple(sorted(ncci.ANATOMIC_MODIFIERS)))
    same = pc[j] == pc[k]
    partner = (ptp[pc[k], pc[j]] >= 0) | (ptp[pc[j], pc[k]] >= 0)
    xs_ok = (anat[k] != 0) & (anat[j] != 0) & ((anat[j] & anat[k]) == 0)
    xp_ok = eff_npi[j] != eff_npi[k]
    n = len(candidates)

    def count(mask: Array) -> Array:
        return np.bincount(slot[mask], minlength=n)

    n_same, n_partner, n_all = count(same), count(partner), count(np.ones(len(k), dtype=bool))
    tier = np.where(n_same > 0, 0, np.where(n_partner > 0, 1, 2))
    considered = np.where(tier[slot] == 0, same, np.where(tier[slot] == 1, partner, True))
    n_considered = np.choose(tier, [n_same, n_partner, n_all])
    xs = (n_considered > 0) & (count(considered & xs_ok) == n_considered)
    xp = (n_considered > 0) & ~xs & (count(considered & xp_ok) == n_considered)
    hit = candidates[xs | xp]
    which = ["XS" if x else "XP" for x in xs[xs | xp]]
    return batch.line_hits(hit, [_x_message(int(batch.lline[c]), batch.proc.at(c), x,
                                            REASON_XS if x == "XS" else REASON_XP)
                                 for c, x in zip(hit, which, strict=True)], ["59"] * len(hit))


EDITS = (mod_count, mod_format, mod_25, mod_59_em, mod_59_x)
