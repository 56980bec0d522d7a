"""Optional matplotlib helpers (:mod:`.charts`); nothing else in revcycle imports matplotlib."""
