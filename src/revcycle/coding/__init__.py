"""Coding decisions: E/M level selection (:mod:`.em`) and diagnosis-list review (:mod:`.dx_review`)."""
