"""Views of this web layer: thin, each calls domain services."""
