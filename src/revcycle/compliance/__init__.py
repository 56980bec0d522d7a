"""Compliance: the ABN decision (:mod:`.abn`), E/M audits and False Claims Act exposure (:mod:`.audit`), and
HIPAA de-identification and breach deadlines (:mod:`.deid`)."""
