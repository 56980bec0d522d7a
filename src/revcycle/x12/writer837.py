"""Write claims as an 837P (ASC X12 005010X222A1) professional claim file.

Every claim is scrubbed first: a claim with a fatal finding is refused (``ClaimsRejectedError`` lists the
findings) and no file is written, because a payer would reject or deny it. The file is deterministic: its
dates come from the claims, not the clock, so the same claims always give the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from revcycle.claims import DX_LETTERS, RELATIONSHIPS, Address, Claim, Provider, scrub_each
from revcycle.x12.common import (
    COMPONENT,
    DEFAULT_RECEIVER,
    DEFAULT_SUBMITTER,
    ClaimsRejectedError,
    Party,
    X12Error,
    amount,
    clean,
    d8,
    isa,
    quantity,
    segment,
)

VERSION = "005010X222A1"
#: The guide recommends no more than 5,000 claims in one transaction set; bigger batches get several.
MAX_CLAIMS_PER_TRANSACTION = 5000
_SHOWN_FINDINGS = 25


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


def _name(provider: Provider) -> tuple[str, str, str]:
    """NM102 entity type, NM103 last or organization name, NM104 first name."""
    if provider.is_organization or not provider.first_name:
        return "2", clean(provider.last_name, 60), ""
    return "1", clean(provider.last_name, 60), clean(provider.first_name, 35)


def _address(address: Address | None, what: str, claim: Claim, nine_digit_zip: bool = False) -> list[str]:
    if address is None:
        if nine_digit_zip:
            raise X12Error(f"Claim {claim.claim_id}: the {what} has no address; the 837P requires one (item 33).")
        return []
    zip_code = "".join(ch for ch in address.zip if ch.isdigit())
    if nine_digit_zip and len(zip_code) != 9:
        raise X12Error(
            f"Claim {claim.claim_id}: the {what}'s ZIP code {address.zip!r} must have 9 digits (ZIP+4) in an 837P."
        )
    if len(zip_code) not in (5, 9):
        raise X12Error(f"Claim {claim.claim_id}: the {what}'s ZIP code {address.zip!r} must have 5 or 9 digits.")
    out = [segment("N3", clean(address.street, 55), clean(address.street2, 55))]
    out.append(segment("N4", clean(address.city, 30), clean(address.state, 2), zip_code))
    return out


def _claim_date(claim: Claim) -> date:
    """The date a claim is sent: its submission date, else its last date of service."""
    day = claim.submitted_on or claim.last_service_date
    if day is None:
        raise X12Error(f"Claim {claim.claim_id} has no submission date and no service line to date it by.")
    return day


def _require(value: str, what: str, claim: Claim) -> str:
    if not value:
        raise X12Error(f"Claim {claim.claim_id}: {what} is empty; the 837P requires it.")
    return value


def _claim_segments(claim: Claim, hl: int, parent: int) -> tuple[list[str], int]:
    """The subscriber (and patient) loops and the claim itself; returns segments and the next HL number."""
    out: list[str] = []
    is_self = claim.relationship == "self"
    out.append(segment("HL", str(hl), str(parent), "22", "0" if is_self else "1"))
    ins, pat = claim.insured, claim.patient
    group = "" if claim.payer.kind == "medicare" else clean(ins.group_number, 50)
    out.append(segment("SBR", "P", "18" if is_self else "", group, "", "", "", "", "",
                       claim.payer.filing_indicator))
    out.append(segment("NM1", "IL", "1", _require(clean(ins.last_name, 60), "the insured's last name", claim),
                       clean(ins.first_name, 35), clean(ins.middle_initial, 25), "", "", "MI",
                       _require(clean(ins.member_id, 80), "the member ID (item 1a)", claim)))
    out += _address(ins.address or (pat.address if is_self else None), "insured", claim)
    out.append(segment("DMG", "D8", d8(ins.birth_date), ins.sex if ins.sex in ("M", "F") else "U"))
    out.append(segment("NM1", "PR", "2", _require(clean(claim.payer.name, 60), "the payer name", claim),
                       "", "", "", "", "PI", _require(clean(claim.payer.payer_id, 80), "the payer ID", claim)))
    next_hl = hl + 1
    if not is_self:
        out.append(segment("HL", str(next_hl), str(hl), "23", "0"))
        out.append(segment("PAT", RELATIONSHIPS[claim.relationship]))
        out.append(segment("NM1", "QC", "1", _require(clean(pat.last_name, 60), "the patient's last name", claim),
                           clean(pat.first_name, 35), clean(pat.middle_initial, 25)))
        out += _address(pat.address, "patient", claim)
        out.append(segment("DMG", "D8", d8(pat.birth_date), pat.sex if pat.sex in ("M", "F") else "U"))
        next_hl += 1

    if len(claim.claim_id) > 38:
        raise X12Error(f"Claim {claim.claim_id}: the claim ID has {len(claim.claim_id)} characters; CLM01 holds 38.")
    facility = claim.lines[0].place_of_service
    out.append(segment("CLM", clean(claim.claim_id, 38), amount(claim.total_charge), "", "",
                       COMPONENT.join((facility, "B", claim.frequency_code or "1")), "Y",
                       "A" if claim.accept_assignment else "C", "Y", "Y"))
    if claim.onset_date:
        out.append(segment("DTP", "431", "D8", d8(claim.onset_date)))
    if claim.prior_authorization:
        out.append(segment("REF", "G1", clean(claim.prior_authorization, 50)))
    filled = [(letter, code.strip()) for letter, code in zip(DX_LETTERS, claim.diagnoses, strict=False)
              if code.strip()]
    position = {letter: i for i, (letter, _) in enumerate(filled, 1)}  # 837P pointers count filled slots only
    out.append(segment("HI", *(f"{'ABK' if i == 0 else 'ABF'}{COMPONENT}{code.replace('.', '').upper()}"
                               for i, (_, code) in enumerate(filled))))
    if claim.referring_provider is not None:
        kind, last, first = _name(claim.referring_provider)
        out.append(segment("NM1", "DN", kind, last, first, "", "", "", "XX", claim.referring_provider.npi))
    rendering = claim.rendering_provider
    if rendering is not None and rendering.npi != claim.billing_provider.npi:
        kind, last, first = _name(rendering)
        out.append(segment("NM1", "82", kind, last, first, "", "", "", "XX", rendering.npi))
        if rendering.taxonomy:
            out.append(segment("PRV", "PE", "PXC", rendering.taxonomy))
    claim_npi = rendering.npi if rendering is not None else claim.billing_provider.npi
    for n, line in enumerate(claim.lines, 1):
        out.append(segment("LX", str(n)))
        procedure = COMPONENT.join(("HC", line.procedure, *line.modifiers))
        pointers = COMPONENT.join(str(position[p]) for p in line.pointers)
        pos = line.place_of_service if line.place_of_service != facility else ""
        out.append(segment("SV1", procedure, amount(line.charge), "UN", quantity(line.units), pos, "", pointers,
                           "", "Y" if line.emergency else ""))
        if line.to_date != line.from_date:
            out.append(segment("DTP", "472", "RD8", f"{d8(line.from_date)}-{d8(line.to_date)}"))
        else:
            out.append(segment("DTP", "472", "D8", d8(line.from_date)))
        if line.line_control:
            out.append(segment("REF", "6R", clean(line.line_control, 50)))
        if line.rendering_npi and line.rendering_npi != claim_npi:
            out.append(segment("NM1", "82", "1", "RENDERING PROVIDER", "", "", "", "", "XX", line.rendering_npi))
    return out, next_hl


def _billing_segments(provider: Provider, claim: Claim, hl: int) -> list[str]:
    out = [segment("HL", str(hl), "", "20", "1")]
    if provider.taxonomy:
        out.append(segment("PRV", "BI", "PXC", provider.taxonomy))
    kind, last, first = _name(provider)
    out.append(segment("NM1", "85", kind, _require(last, "the billing provider's name (item 33)", claim), first,
                       "", "", "", "XX", provider.npi))
    out += _address(provider.address, "billing provider", claim, nine_digit_zip=True)
    tax_id = "".join(ch for ch in provider.tax_id if ch.isdigit())
    if len(tax_id) != 9:
        raise X12Error(f"Claim {claim.claim_id}: the billing provider's tax ID {provider.tax_id!r} (item 25) must "
                       "have 9 digits.")
    out.append(segment("REF", "EI", tax_id))
    return out


def _transaction(claims: Sequence[Claim], st_control: int, batch_ref: str, when: date, time_hhmm: str,
                 submitter: Party, receiver: Party) -> list[str]:
    body = [
        segment("ST", "837", f"{st_control:04d}", VERSION),
        segment("BHT", "0019", "00", batch_ref, d8(when), time_hhmm, "CH"),
        segment("NM1", "41", "2", clean(submitter.name, 60), "", "", "", "", "46", clean(submitter.id, 80)),
        segment("PER", "IC", clean(submitter.contact or submitter.name, 60), "TE",
                "".join(ch for ch in submitter.phone if ch.isdigit()) or "0000000000"),
        segment("NM1", "40", "2", clean(receiver.name, 60), "", "", "", "", "46", clean(receiver.id, 80)),
    ]
    by_billing: dict[tuple[str, str, str, str], list[Claim]] = {}  # npi, last and first name, tax ID
    for claim in claims:
        p = claim.billing_provider
        by_billing.setdefault((p.npi, p.last_name, p.first_name, p.tax_id), []).append(claim)
    hl = 1
    for group in by_billing.values():
        billing_hl = hl
        body += _billing_segments(group[0].billing_provider, group[0], billing_hl)
        hl += 1
        for claim in group:
            segs, hl = _claim_segments(claim, hl, billing_hl)
            body += segs
    body.append(segment("SE", str(len(body) + 1), f"{st_control:04d}"))
    return body


def to_837p(
    claims: Iterable[Claim],
    submitter: Party | None = None,
    receiver: Party | None = None,
    *,
    control_number: int = 1,
    created: date | None = None,
    usage: str = "T",
) -> str:
    """The claims as one 837P interchange (text with one segment per line).

    ``submitter``/``receiver`` default to synthetic parties; ``created`` defaults to the latest claim date
    (never the clock). ``usage`` is ISA15: ``T`` test (the default: the data is synthetic) or ``P``.
    Raises ClaimsRejectedError when any claim has a fatal scrub finding.
    """
    claims = list(claims)
    if not claims:
        raise X12Error("to_837p() needs at least one claim.")
    for i, claim in enumerate(claims):
        if not isinstance(claim, Claim):
            raise X12Error(f"Item {i} is a {type(claim).__name__}, not a Claim.")
    if len({c.claim_id for c in claims}) != len(claims):
        raise X12Error("Two claims share a claim ID; each claim needs its own patient account number (item 26).")
    if usage not in ("T", "P"):
        raise X12Error(f"usage must be 'T' (test) or 'P' (production), not {usage!r}.")
    if not (isinstance(control_number, int) and 0 < control_number < 10**9):
        raise X12Error(f"control_number must be a whole number from 1 to 999999999, not {control_number!r}.")
    _refuse_bad_claims(claims)
    submitter = submitter or DEFAULT_SUBMITTER
    receiver = receiver or DEFAULT_RECEIVER
    when = created or max(_claim_date(c) for c in claims)
    time_hhmm = "1200"
    segments = [
        isa(submitter, receiver, when, time_hhmm, control_number, usage),
        segment("GS", "HC", clean(submitter.id, 15), clean(receiver.id, 15), d8(when), time_hhmm,
                str(control_number), "X", VERSION),
    ]
    chunks = [claims[i:i + MAX_CLAIMS_PER_TRANSACTION] for i in range(0, len(claims), MAX_CLAIMS_PER_TRANSACTION)]
    for n, chunk in enumerate(chunks, 1):
        segments += _transaction(chunk, n, f"{control_number}{n:04d}", when, time_hhmm, submitter, receiver)
    segments.append(segment("GE", str(len(chunks)), str(control_number)))
    segments.append(segment("IEA", "1", f"{control_number:09d}"))
    return "\n".join(segments) + "\n"
