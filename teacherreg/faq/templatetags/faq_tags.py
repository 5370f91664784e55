"""``{{ entry.answer|faq_answer:linkable }}``: an answer as safe paragraphs (see ``faq.text``)."""

from __future__ import annotations

from collections.abc import Container

from django import template
from django.utils.safestring import SafeString

from teacherreg.faq.text import render_answer

register = template.Library()


@register.filter
def faq_answer(text: str, linkable: Container[int] | None = None) -> SafeString:
    return render_answer(text, linkable or ())
