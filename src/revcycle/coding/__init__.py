"""Coding decisions: E/M level selection (:mod:`.em`), diagnosis-list review (:mod:`.dx_review`) and medical word
parts and laterality (:mod:`.terminology`)."""
