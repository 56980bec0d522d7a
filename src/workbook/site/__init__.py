"""The website face: the Sphinx extension, the static HTML renderer of exercises and the book's computed figures."""
