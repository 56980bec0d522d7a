"""A synthetic practice at work: one visit traced through the revenue cycle (:mod:`.cycle`) and the front
desk's coverage check and check-in estimate (:mod:`.frontdesk`)."""
