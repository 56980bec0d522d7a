"""Coding decisions: E/M level selection (:mod:`.em`, and beyond the office :mod:`.em_settings`), diagnosis-list
review (:mod:`.dx_review`), medical word parts and laterality (:mod:`.terminology`) and the modifiers of a claim line
(:mod:`.modifiers`)."""
