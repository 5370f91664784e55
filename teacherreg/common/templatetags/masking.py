from django import template

from teacherreg.common.masking import mask as mask_value

register = template.Library()


@register.filter
def mask(value: str | None, kind: str) -> str:
    """``{{ user.phone|mask:"phone" }}`` — the same function the server uses everywhere."""
    return mask_value(kind, value)  # type: ignore[arg-type]
