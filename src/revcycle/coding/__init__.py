"""Coding decisions: E/M level selection (:mod:`.em`), diagnosis-list review (:mod:`.dx_review`), medical word
parts and laterality (:mod:`.terminology`) and the modifiers of a claim line (:mod:`.modifiers`)."""
