"""Write claims as an 837P (ASC X12 005010X222A1) professional claim file.

Every claim is scrubbed first: a claim with a fatal finding is refused (``ClaimsRejectedError`` lists the
findings) and no file is written, because a payer would reject or deny it. The file is deterministic: its
dates come from the claims, not the clock, so the same claims always give the same bytes.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

import revcycle.x12.elements as el
from revcycle.claims import DX_LETTERS, FREQUENCY_CODES, RELATIONSHIPS, Address, Claim, Provider, scrub_each
from revcycle.core.money import to_cents
from revcycle.x12.common import (
    COMPONENT,
    DEFAULT_RECEIVER,
    DEFAULT_SUBMITTER,
    ClaimsRejectedError,
    Party,
    X12Error,
    clean,
    d8,
    isa,
    segment,
)

VERSION = "005010X222A1"
#: The guide recommends no more than 5,000 claims in one transaction set; bigger batches get several.
MAX_CLAIMS_PER_TRANSACTION = 5000
_SHOWN_FINDINGS = 25
#: Frequency codes that replace or void an earlier claim and so name it in REF*F8.
REPLACES = ("7", "8")


def _refuse_bad_claims(claims: Sequence[Claim]) -> None:
    bad = [(c, f) for c, found in zip(claims, scrub_each(claims), strict=True) for f in found
           if f.severity == "fatal"]
    if not bad:
        return
    claims_hit = len({c.claim_id for c, _ in bad})
    lines = [f"  {c.claim_id} {f.edit_id} (item {f.item}): {f.message}" for c, f in bad[:_SHOWN_FINDINGS]]
    more = f"\n  ... and {len(bad) - _SHOWN_FINDINGS} more" if len(bad) > _SHOWN_FINDINGS else ""
    raise ClaimsRejectedError(
        f"No 837P was written: {claims_hit} of {len(claims)} claim(s) have {len(bad)} fatal scrub finding(s). "
        "Fix them (or leave those claims out) and try again:\n" + "\n".join(lines) + more,
        [f for _, f in bad],
    )


def digits(text: str) -> str:
    """The ASCII digits of a phone number, ZIP code or tax ID typed with punctuation ("62701-1234")."""
    return "".join(ch for ch in text if "0" <= ch <= "9")


def address_segments(w: el.Elements, address: Address | None, fields: el.AddressElements, who: str,
                     required: bool = False, transaction: str = "837P") -> list[str]:
    """N3 and N4 for an address (none when there is none and it is optional), shared by the 837P and 837I."""
    street, street2, city, state, zip_code = fields
    if address is None:
        if required:
            raise el.X12FieldError(w.claim_id, street, f"is missing: the {who} has no address; the {transaction} "
                                   "requires one.")
        return []
    return [segment("N3", w.put(street, address.street), w.put(street2, address.street2, required=False)),
            segment("N4", w.put(city, address.city), w.put(state, address.state),
                    w.put(zip_code, digits(address.zip)))]


def _claim_date(claim: Claim) -> date:
    """The date a claim is sent: its submission date, else its last date of service."""
    day = claim.submitted_on or claim.last_service_date
    if day is None:
        raise X12Error(f"Claim {claim.claim_id} has no submission date and no service line to date it by.")
    return day


def _sex(value: str) -> str:
    return value if value in ("M", "F") else "U"


def _subscriber_segments(w: el.Elements, claim: Claim, hl: int, parent: int) -> tuple[list[str], int]:
    """The subscriber, payer and (when not the insured) patient loops; returns segments and the next HL."""
    is_self = claim.relationship == "self"
    ins, pat = claim.insured, claim.patient
    group = "" if claim.payer.kind == "medicare" else w.put(el.GROUP_NUMBER, ins.group_number, required=False)
    out = [segment("HL", str(hl), str(parent), "22", "0" if is_self else "1"),
           segment("SBR", "P", "18" if is_self else "", group, "", "", "", "", "",
                   w.put(el.FILING_INDICATOR, claim.payer.filing_indicator)),
           segment("NM1", "IL", "1", w.put(el.INSURED_NAME.last, ins.last_name),
                   w.put(el.INSURED_NAME.first, ins.first_name, required=False),
                   w.put(el.INSURED_NAME.middle, ins.middle_initial, required=False), "", "", "MI",
                   w.put(el.MEMBER_ID, ins.member_id))]
    out += address_segments(w, ins.address or (pat.address if is_self else None), el.INSURED_ADDRESS, "insured")
    out.append(segment("DMG", "D8", w.put(el.INSURED_BIRTH, ins.birth_date), w.put(el.INSURED_SEX, _sex(ins.sex))))
    out.append(segment("NM1", "PR", "2", w.put(el.PAYER_NAME, claim.payer.name), "", "", "", "", "PI",
                       w.put(el.PAYER_ID, claim.payer.payer_id)))
    if is_self:
        return out, hl + 1
    out.append(segment("HL", str(hl + 1), str(hl), "23", "0"))
    out.append(segment("PAT", w.put(el.RELATIONSHIP, RELATIONSHIPS[claim.relationship])))
    out.append(segment("NM1", "QC", "1", w.put(el.PATIENT_NAME.last, pat.last_name),
                       w.put(el.PATIENT_NAME.first, pat.first_name, required=False),
                       w.put(el.PATIENT_NAME.middle, pat.middle_initial, required=False)))
    out += address_segments(w, pat.address, el.PATIENT_ADDRESS, "patient")
    out.append(segment("DMG", "D8", w.put(el.PATIENT_BIRTH, pat.birth_date), w.put(el.PATIENT_SEX, _sex(pat.sex))))
    return out, hl + 2


def _person(w: el.Elements, provider: Provider, last: el.Element, first: el.Element) -> tuple[str, str, str]:
    """NM102 entity type ("1" a person, "2" an organization), NM103 last or organization name, NM104."""
    if provider.is_organization or not provider.first_name:
        return "2", w.put(last, provider.last_name), ""
    return "1", w.put(last, provider.last_name), w.put(first, provider.first_name, required=False)


def _facility(w: el.Elements, claim: Claim) -> str:
    """CLM05-1: the claim's place of service, the first line's (lines that differ say theirs in SV105)."""
    if not claim.lines:
        raise el.X12FieldError(w.claim_id, el.LINE_NUMBER, "is missing: the claim has no service lines.")
    return w.put(el.PLACE, claim.lines[0].place_of_service)


def _claim_header(w: el.Elements, claim: Claim, claim_id: str, facility: str) -> list[str]:
    """CLM and the claim-level dates, references, diagnoses and providers."""
    frequency = w.put(el.FREQUENCY, claim.frequency_code or "1")
    out = [segment("CLM", claim_id, w.put(el.TOTAL_CHARGE, to_cents(claim.total_charge)), "", "",
                   COMPONENT.join((facility, "B", frequency)), "Y",
                   w.put(el.ASSIGNMENT, "A" if claim.accept_assignment else "C"), "Y", "Y")]
    if claim.onset_date:
        out.append(segment("DTP", "431", "D8", w.put(el.ONSET, claim.onset_date)))
    if claim.prior_authorization:
        out.append(segment("REF", "G1", w.put(el.PRIOR_AUTH, claim.prior_authorization)))
    if frequency in REPLACES:  # a replacement or void names the claim it replaces (REF*F8, after REF*G1)
        if not claim.original_reference:
            raise el.X12FieldError(w.claim_id, el.ORIGINAL_REFERENCE, f"is missing: a claim with frequency code "
                                   f"{frequency} ({FREQUENCY_CODES[frequency]}) must give the payer's control "
                                   "number of the claim it replaces (original_reference, from the 835's CLP07).")
        out.append(segment("REF", "F8", w.put(el.ORIGINAL_REFERENCE, claim.original_reference)))
    codes = [w.put(el.DIAGNOSIS, code.strip().replace(".", "")) for code in claim.diagnoses if code.strip()]
    out.append(segment("HI", *(f"{'ABK' if i == 0 else 'ABF'}{COMPONENT}{code}" for i, code in enumerate(codes))))
    if claim.referring_provider is not None:
        ref = claim.referring_provider  # a referring provider is a person (NM102 is always 1)
        out.append(segment("NM1", "DN", "1", w.put(el.REFERRING_LAST, ref.last_name),
                           w.put(el.REFERRING_FIRST, ref.first_name, required=False), "", "", "", "XX",
                           w.put(el.REFERRING_NPI, ref.npi)))
    rendering = claim.rendering_provider
    if rendering is not None and rendering.npi != claim.billing_provider.npi:
        kind, last, first = _person(w, rendering, el.RENDERING_LAST, el.RENDERING_FIRST)
        out.append(segment("NM1", "82", kind, last, first, "", "", "", "XX", w.put(el.RENDERING_NPI, rendering.npi)))
        if rendering.taxonomy:
            out.append(segment("PRV", "PE", "PXC", w.put(el.RENDERING_TAXONOMY, rendering.taxonomy)))
    return out


def _line_segments(w: el.Elements, claim: Claim, facility: str) -> list[str]:
    if len(claim.lines) > el.MAX_LINES:
        raise el.X12FieldError(w.claim_id, el.LINE_NUMBER, f"would run to {len(claim.lines)}: an 837P claim holds at "
                               f"most {el.MAX_LINES} service lines. Split the services into two claims.")
    filled = [letter for letter, code in zip(DX_LETTERS, claim.diagnoses, strict=False) if code.strip()]
    position = {letter: i for i, letter in enumerate(filled, 1)}  # 837P pointers count filled slots only
    rendering = claim.rendering_provider
    claim_npi = rendering.npi if rendering is not None else claim.billing_provider.npi
    out: list[str] = []
    for n, line in enumerate(claim.lines, 1):
        out.append(segment("LX", w.put(el.LINE_NUMBER, n)))
        procedure = COMPONENT.join(("HC", w.put(el.PROCEDURE, line.procedure),
                                    *(w.put(el.MODIFIER, m) for m in line.modifiers)))
        pointers = COMPONENT.join(w.put(el.POINTER, position.get(p, 0)) for p in line.pointers)
        place = w.put(el.LINE_PLACE, line.place_of_service)
        out.append(segment("SV1", procedure, w.put(el.LINE_CHARGE, to_cents(line.charge)), "UN",
                           w.put(el.UNITS, line.units), "" if place == facility else place, "", pointers,
                           "", "Y" if line.emergency else ""))
        start = w.put(el.SERVICE_DATE, line.from_date)
        if line.to_date != line.from_date:
            out.append(segment("DTP", "472", "RD8", f"{start}-{w.put(el.SERVICE_DATE, line.to_date)}"))
        else:
            out.append(segment("DTP", "472", "D8", start))
        if line.line_control:
            out.append(segment("REF", "6R", w.put(el.LINE_CONTROL, line.line_control)))
        if line.rendering_npi and line.rendering_npi != claim_npi:
            out.append(segment("NM1", "82", "1", "RENDERING PROVIDER", "", "", "", "", "XX",
                               w.put(el.LINE_RENDERING_NPI, line.rendering_npi)))
    return out


def _billing_segments(w: el.Elements, provider: Provider, hl: int) -> list[str]:
    out = [segment("HL", str(hl), "", "20", "1")]
    if provider.taxonomy:
        out.append(segment("PRV", "BI", "PXC", w.put(el.BILLING_TAXONOMY, provider.taxonomy)))
    kind, last, first = _person(w, provider, el.BILLING_NAME, el.BILLING_FIRST)
    out.append(segment("NM1", "85", kind, last, first, "", "", "", "XX", w.put(el.BILLING_NPI, provider.npi)))
    out += address_segments(w, provider.address, el.BILLING_ADDRESS, "billing provider", required=True)
    out.append(segment("REF", "EI", w.put(el.BILLING_TAX_ID, digits(provider.tax_id))))
    return out


def header_segments(w: el.Elements, version: str, st_control: int, batch_ref: str, when: date, time_hhmm: str,
                    submitter: Party, receiver: Party) -> list[str]:
    """ST, BHT and the submitter and receiver loops (1000A, 1000B) that open an 837P or 837I transaction."""
    return [
        segment("ST", "837", f"{st_control:04d}", version),
        segment("BHT", "0019", "00", w.put(el.BATCH_REF, batch_ref), d8(when), time_hhmm, "CH"),
        segment("NM1", "41", "2", w.put(el.SUBMITTER_NAME, submitter.name), "", "", "", "", "46",
                w.put(el.SUBMITTER_NUMBER, submitter.id)),
        segment("PER", "IC", w.put(el.CONTACT_NAME, submitter.contact or submitter.name), "TE",
                w.put(el.CONTACT_PHONE, digits(submitter.phone) or "0000000000")),
        segment("NM1", "40", "2", w.put(el.RECEIVER_NAME, receiver.name), "", "", "", "", "46",
                w.put(el.RECEIVER_NUMBER, receiver.id)),
    ]


def _transaction(w: el.Elements, claims: Sequence[Claim], ids: Sequence[str], st_control: int, batch_ref: str,
                 when: date, time_hhmm: str, submitter: Party, receiver: Party) -> list[str]:
    w.claim_id = ""
    body = [
        *header_segments(w, VERSION, st_control, batch_ref, when, time_hhmm, submitter, receiver),
    ]
    by_billing: dict[tuple[str, str, str, str], list[tuple[Claim, str]]] = {}  # npi, names, tax ID
    for claim, claim_id in zip(claims, ids, strict=True):
        p = claim.billing_provider
        by_billing.setdefault((p.npi, p.last_name, p.first_name, p.tax_id), []).append((claim, claim_id))
    hl = 1
    for group in by_billing.values():
        billing_hl = hl
        w.claim_id = group[0][0].claim_id
        body += _billing_segments(w, group[0][0].billing_provider, billing_hl)
        hl += 1
        for claim, claim_id in group:
            w.claim_id = claim.claim_id
            segs, hl = _subscriber_segments(w, claim, hl, billing_hl)
            facility = _facility(w, claim)
            body += segs + _claim_header(w, claim, claim_id, facility) + _line_segments(w, claim, facility)
    body.append(segment("SE", str(len(body) + 1), f"{st_control:04d}"))
    return body


def _claim_ids(w: el.Elements, claims: Sequence[Claim]) -> list[str]:
    """Each claim's CLM01 as written, checked unique after cleaning, so the 835 can be matched back."""
    written: dict[str, str] = {}
    out = []
    for n, claim in enumerate(claims, 1):
        w.claim_id = claim.claim_id if clean(claim.claim_id) else f"number {n} (no claim ID; given {claim.claim_id!r})"
        claim_id = w.put(el.CLAIM_ID, claim.claim_id)
        if claim_id in written:
            raise X12Error(f"Claims {written[claim_id]!r} and {claim.claim_id!r} would both be written as claim ID "
                           f"{claim_id!r} (CLM01); each claim needs its own patient account number (item 26) so "
                           "its 835 can be matched back. Give one of them another ID.")
        written[claim_id] = claim.claim_id
        out.append(claim_id)
    return out


def _report(w: el.Elements, changes: list[el.Change] | None) -> None:
    """Hand the changes to the caller's list, or warn with the first few."""
    if changes is not None:
        changes.extend(w.changes)
    elif w.changes:
        shown = "\n  ".join(str(c) for c in w.changes[:_SHOWN_FINDINGS])
        more = f"\n  ... and {len(w.changes) - _SHOWN_FINDINGS} more" if len(w.changes) > _SHOWN_FINDINGS else ""
        warnings.warn(el.X12ChangeWarning(
            f"{len(w.changes)} value(s) were changed to fit the 837P (pass changes=[] to to_837p to get them as "
            f"a list, or transliterate=False to refuse them):\n  {shown}{more}"), stacklevel=3)


def to_837p(
    claims: Iterable[Claim],
    submitter: Party | None = None,
    receiver: Party | None = None,
    *,
    control_number: int = 1,
    created: date | None = None,
    usage: str = "T",
    transliterate: bool = True,
    changes: list[el.Change] | None = None,
) -> str:
    """The claims as one 837P interchange (text with one segment per line).

    ``submitter``/``receiver`` default to synthetic parties; ``created`` defaults to the latest claim date
    (never the clock). ``usage`` is ISA15: ``T`` test (the default: the data is synthetic) or ``P``.
    Every value goes through :mod:`revcycle.x12.elements`: one that cannot fit its element raises
    X12FieldError; one that had to change (accents spelled in ASCII, delimiters or control characters
    removed, long names shortened) is appended to ``changes`` when a list is given, else reported with an
    X12ChangeWarning. ``transliterate=False`` refuses non-ASCII letters instead.
    Raises ClaimsRejectedError when any claim has a fatal scrub finding.
    """
    claims = list(claims)
    if not claims:
        raise X12Error("to_837p() needs at least one claim.")
    for i, claim in enumerate(claims):
        if not isinstance(claim, Claim):
            raise X12Error(f"Item {i} is a {type(claim).__name__}, not a Claim.")
    if usage not in ("T", "P"):
        raise X12Error(f"usage must be 'T' (test) or 'P' (production), not {usage!r}.")
    if not (isinstance(control_number, int) and 0 < control_number < 10**9):
        raise X12Error(f"control_number must be a whole number from 1 to 999999999, not {control_number!r}.")
    w = el.Elements(transliterate=bool(transliterate))
    ids = _claim_ids(w, claims)
    _refuse_bad_claims(claims)
    w.claim_id = ""
    submitter = submitter or DEFAULT_SUBMITTER
    receiver = receiver or DEFAULT_RECEIVER
    submitter = replace(submitter, id=w.put(el.SUBMITTER_ID, submitter.id))
    receiver = replace(receiver, id=w.put(el.RECEIVER_ID, receiver.id))
    when = created or max(_claim_date(c) for c in claims)
    time_hhmm = "1200"
    segments = [
        isa(submitter, receiver, when, time_hhmm, control_number, usage),
        segment("GS", "HC", submitter.id, receiver.id, d8(when), time_hhmm, str(control_number), "X", VERSION),
    ]
    for n, start in enumerate(range(0, len(claims), MAX_CLAIMS_PER_TRANSACTION), 1):
        end = start + MAX_CLAIMS_PER_TRANSACTION
        segments += _transaction(w, claims[start:end], ids[start:end], n, f"{control_number}{n:04d}", when,
                                 time_hhmm, submitter, receiver)
    segments.append(segment("GE", str(n), str(control_number)))
    segments.append(segment("IEA", "1", f"{control_number:09d}"))
    _report(w, changes)
    return "\n".join(segments) + "\n"
