"""Accounts receivable: posting remittances to a ledger, aging, KPIs, denial work queues and appeals.

``post(remittance, claims)`` and :class:`Ledger` come from :mod:`.posting`; aging and denial charts' data
from :mod:`.aging`; KPIs from :mod:`.kpi`; root causes and the work queue from :mod:`.denials`; Medicare
appeal deadlines from :mod:`.appeals`; reopening windows from :mod:`.reopening`; reversal pairs from
:mod:`.reversals`; deposit reconciliation, reassociation and PLB posting from :mod:`.deposits`.
"""

from revcycle.ar.posting import Ledger, post

__all__ = ["Ledger", "post"]
