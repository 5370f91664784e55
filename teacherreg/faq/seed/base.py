"""The shape of a seeded question (see the package's docstring)."""

from __future__ import annotations

from dataclasses import dataclass

from teacherreg.faq.models import Category

C = Category


@dataclass(frozen=True)
class Seed:
    """One numbered question in both editions.

    The English is a faithful rendering of the Chinese (issue 8 item 4): the same facts, numbers
    and limits, the same paragraphs, the application's own English for every button and page it
    names, "FAQ N" for "常见问题 N", and ASCII punctuation only (straight quotes), except for the
    few characters an answer is about (the separator dot, the structure symbols).
    """

    number: int
    category: str
    question: str
    answer: str
    question_en: str
    answer_en: str


def answer(*paragraphs: str) -> str:
    """Paragraphs are separated by a blank line, as the office's answer box stores them."""
    return "\n\n".join(paragraphs)
