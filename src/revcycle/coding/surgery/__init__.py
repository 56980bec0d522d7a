"""Surgery coding rules by body system: the surgical package, excisions, repairs, fractures and more."""
