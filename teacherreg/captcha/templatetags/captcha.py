"""``{% load captcha %}{% captcha_widget "login" %}``: the slider captcha with its alternative.

Put it inside the form that carries the ``CaptchaFormMixin`` field; the widget writes its
token into that form's hidden ``captcha_token`` input (and adds one if the template left the
hidden fields out). It also fires a ``captcha:passed`` event (detail: token, purpose) for
pages that want to react, e.g. enable a "send code" button.
"""

from __future__ import annotations

from django import template
from django.core.exceptions import ImproperlyConfigured
from django.middleware.csrf import get_token

from teacherreg.captcha import conf

register = template.Library()


@register.inclusion_tag("captcha/widget.html", takes_context=True)
def captcha_widget(context: template.Context, purpose: str) -> dict:
    request = context.get("request")
    if request is None:
        raise ImproperlyConfigured("{% captcha_widget %} needs the request in the template context.")
    conf.check_purpose(purpose)
    # Ids stay unique when a page holds more than one widget; the assets come with the first.
    number = getattr(request, "_captcha_widgets", 0) + 1
    request._captcha_widgets = number
    return {
        "uid": f"captcha-{number}",
        "with_assets": number == 1,
        "purpose": purpose,
        "csrf_token": get_token(request),
        "width": conf.WIDTH,
        "height": conf.HEIGHT,
        "piece": conf.PIECE,
        "max_offset": conf.MAX_OFFSET,
        "digits_width": conf.DIGITS_WIDTH,
        "digits_height": conf.DIGITS_HEIGHT,
        "digit_count": conf.DIGIT_COUNT,
    }
