"""Draw an institutional claim laid out like the paper UB-04 (CMS-1450) form, as self-contained HTML.

Every form locator carries its number and a short label in the book's own words (the NUBC manual's wording is
licensed). The layout and styles are those of the CMS-1500 drawing (revcycle.claims.form), in the UB-04's red.
"""

from __future__ import annotations

from html import escape

from revcycle.claims.form import FORM_CSS, Marks, box_html, form_date, form_money, row_html
from revcycle.claims.institutional import TOTAL_REVENUE_CODE, InstitutionalClaim

LINES_PER_PAGE = 22  # the paper form's 22 service lines; line 23 holds the 0001 total
_UB_CSS = FORM_CSS.replace(".cms1500", ".ub04")


def render_html(claim: InstitutionalClaim) -> str:
    """The claim drawn like a UB-04, every form locator (FL) numbered, ready to show in Jupyter or on the web."""
    m = Marks(None)
    fac, p, ins = claim.facility, claim.patient, claim.insured
    fac_addr = fac.address.one_line() if fac.address else ""
    p_addr = p.address.one_line() if p.address else ""
    occurrence = "  ".join(f"{code} {form_date(day)}" for code, day in claim.occurrence_codes)
    parts = [_UB_CSS, '<div class="ub04" role="group" aria-label="Institutional claim laid out like the UB-04 form">']
    parts.append(
        '<div class="hdr"><div><div class="title">UB-04 (CMS-1450) INSTITUTIONAL CLAIM</div>'
        '<div class="l">Layout of the paper UB-04. Synthetic example: every person and number is made up.</div>'
        f'</div><div class="carrier"><b>{escape(claim.payer.name)}</b><br>Payer ID {escape(claim.payer.payer_id)}'
        "</div></div>")
    parts.append(row_html("1.6fr 1fr 1fr 0.6fr",
                      box_html(m, "1", "Facility name, address, phone", f"{fac.name}\n{fac_addr}\n{fac.phone}"),
                      box_html(m, "3a", "Patient control no.", claim.claim_id),
                      box_html(m, "3b", "Medical record no.", claim.medical_record),
                      box_html(m, "4", "Type of bill", claim.type_of_bill)))
    parts.append(row_html("1fr 1.2fr 2fr",
                      box_html(m, "5", "Federal tax no.", fac.tax_id),
                      box_html(m, "6", "Statement covers period (from, through)",
                             f"{form_date(claim.statement_from)}  {form_date(claim.statement_through)}"),
                      box_html(m, "8", "Patient name", p.name)))
    parts.append(row_html("2fr 1fr 0.5fr",
                      box_html(m, "9", "Patient address", p_addr),
                      box_html(m, "10", "Birth date", form_date(p.birth_date)),
                      box_html(m, "11", "Sex", p.sex)))
    parts.append(row_html("1fr 0.6fr 0.6fr 0.6fr 0.6fr 0.6fr 1.6fr",
                      box_html(m, "12", "Admission date", form_date(claim.admission_date)),
                      box_html(m, "13", "Hour", claim.admission_hour),
                      box_html(m, "14", "Type", claim.admission_type),
                      box_html(m, "15", "Point of origin", claim.point_of_origin),
                      box_html(m, "16", "Discharge hour", claim.discharge_hour),
                      box_html(m, "17", "Status", claim.discharge_status),
                      box_html(m, "31-34", "Occurrence codes and dates", occurrence)))
    spans = "  ".join(f"{c} {form_date(a)}-{form_date(b)}" for c, a, b in claim.occurrence_spans)
    values = "  ".join(f"{c} {form_money(v)}" for c, v in claim.value_codes)
    parts.append(row_html("1.2fr 1.4fr 1.4fr",
                      box_html(m, "18-28", "Condition codes", "  ".join(claim.condition_codes)),
                      box_html(m, "35-36", "Occurrence span codes and dates", spans),
                      box_html(m, "39-41", "Value codes and amounts", values)))
    parts.append(_revenue_table(claim))
    parts.append(row_html("1.6fr 1fr 1fr",
                      box_html(m, "50", "Payer", claim.payer.name),
                      box_html(m, "51", "Health plan ID", claim.payer.payer_id),
                      box_html(m, "56", "Facility NPI", fac.npi)))
    parts.append(row_html("1.6fr 0.6fr 1.4fr",
                      box_html(m, "58", "Insured's name", ins.name),
                      box_html(m, "59", "Relationship", claim.relationship),
                      box_html(m, "60", "Insured's unique ID", ins.member_id)))
    others = "  ".join(claim.other_diagnoses)
    poa = claim.poa.get(claim.principal_diagnosis, "")
    parts.append(row_html("0.5fr 1fr 2.4fr",
                      box_html(m, "66", "Dx version", "0"),
                      box_html(m, "67", "Principal diagnosis (POA)", f"{claim.principal_diagnosis} {poa}".strip()),
                      box_html(m, "67A-Q", "Other diagnoses", others)))
    procedure = (f"{claim.principal_procedure[0]}  {form_date(claim.principal_procedure[1])}"
                 if claim.principal_procedure else "")
    parts.append(row_html("1.4fr 1.6fr 1.6fr",
                      box_html(m, "70", "Patient's reason for visit", "  ".join(claim.reason_for_visit)),
                      box_html(m, "74", "Principal procedure (ICD-10-PCS), date", procedure),
                      box_html(m, "76", "Attending NPI, name", f"{claim.attending.npi}\n{claim.attending.name}")))
    parts.append(row_html("1fr", box_html(m, "80", "Remarks", claim.remarks)))
    parts.append('<div class="note">Blue text is what the hospital fills in; red labels are the form locators '
                 "(worded for this book). Codes only: the revenue, condition, occurrence and value code lists "
                 "belong to the NUBC.</div></div>")
    return "".join(parts)


def _revenue_table(claim: InstitutionalClaim) -> str:
    head = ("<tr><th>42 rev. code</th><th>43 description</th><th>44 HCPCS / rate</th><th>45 service date</th>"
            "<th>46 units</th><th>47 total charges</th><th>48 non-covered</th></tr>")
    rows = []
    for line in claim.lines:
        hcpcs = " ".join([line.hcpcs, *line.modifiers]).strip()
        rows.append("<tr>" + "".join(f"<td>{escape(x)}</td>" for x in (
            line.revenue_code, line.description, hcpcs, form_date(line.service_date),
            format(line.units.normalize(), "f"),
            form_money(line.charge), form_money(line.non_covered) if line.non_covered else "")) + "</tr>")
    if len(claim.lines) > LINES_PER_PAGE:
        rows.append('<tr><td colspan="7" class="shade">The paper form holds 22 lines a page; this claim needs '
                    f"{-(-len(claim.lines) // LINES_PER_PAGE)} pages (the 837I holds up to 999 lines).</td></tr>")
    rows.append("<tr>" + "".join(f"<td>{escape(x)}</td>" for x in (
        TOTAL_REVENUE_CODE, "TOTAL", "", "", "", form_money(claim.total_charge),
        form_money(claim.total_non_covered) if claim.total_non_covered else "")) + "</tr>")
    return (f'<div class="row" style="grid-template-columns:1fr"><div class="f"><span class="n">42-48</span>'
            f'<span class="l">Revenue lines, the last one the 0001 total</span>'
            f"<table>{head}{''.join(rows)}</table></div></div>")
