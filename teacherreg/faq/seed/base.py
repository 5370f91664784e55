"""The shape of a seeded question (see the package's docstring)."""

from __future__ import annotations

from dataclasses import dataclass

from teacherreg.faq.models import Category

C = Category


@dataclass(frozen=True)
class Seed:
    number: int
    category: str
    question: str
    answer: str


def answer(*paragraphs: str) -> str:
    """Paragraphs are separated by a blank line, as the office's answer box stores them."""
    return "\n\n".join(paragraphs)
