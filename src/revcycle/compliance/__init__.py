"""Compliance: the ABN decision (:mod:`.abn`), E/M audits and False Claims Act exposure (:mod:`.audit`),
HIPAA de-identification and breach deadlines (:mod:`.deid`), HIPAA penalty tiers by adjustment year
(:mod:`.penalties`), and provider enrollment and credentialing (:mod:`.enrollment`)."""
