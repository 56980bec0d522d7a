"""What gets paid: the Medicare fee schedule (:mod:`.fees`, :mod:`.fee_tables`), payer contracts, the patient's
share, coordination of benefits and a synthetic payer's adjudication."""
