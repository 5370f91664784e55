"""``CaptchaFormMixin``: a form that needs a passed captcha (P11) before anything else runs.

    class LoginForm(CaptchaFormMixin, forms.Form):
        ...
        def clean(self):
            cleaned = super().clean()  # the captcha is checked (and its token used up) here
            ...                        # only then the expensive work, e.g. authenticate()

    form = LoginForm(request.POST, request=request, captcha_purpose="login")

The template renders the form's hidden fields and ``{% captcha_widget "login" %}``; the widget
writes its token into the hidden ``captcha_token`` input. A failed captcha raises from
``clean()``, so a subclass's own ``clean()`` stops at ``super().clean()`` and never reaches
its expensive part; ``captcha_passed`` says how it went.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from teacherreg.captcha.conf import check_purpose
from teacherreg.captcha.messages import MESSAGES
from teacherreg.captcha.services import redeem_token

FIELD_NAME = "captcha_token"


class TokenInput(forms.HiddenInput):
    """Never renders a value: a token serves one submission, so a form shown again starts over."""

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        return super().get_context(name, None, attrs)


class CaptchaFormMixin:
    """Adds the hidden ``captcha_token`` field and checks it first in ``clean()``.

    Keyword arguments (required, removed before the form's own ``__init__``): ``request`` —
    the current request, kept as ``self.request``; ``captcha_purpose`` — one of
    ``conf.PURPOSES``, kept as ``self.captcha_purpose``.
    """

    captcha_messages = MESSAGES

    def __init__(self, *args: Any, request: Any = None, captcha_purpose: str | None = None, **kwargs: Any) -> None:
        if request is None or captcha_purpose is None:
            raise TypeError("CaptchaFormMixin needs request= and captcha_purpose= keyword arguments.")
        self.request = request
        self.captcha_purpose = check_purpose(captcha_purpose)
        self.captcha_passed = False
        super().__init__(*args, **kwargs)
        self.fields[FIELD_NAME] = forms.CharField(required=False, widget=TokenInput)

    def _submitted_tokens(self) -> list[str]:
        data = self.data  # type: ignore[attr-defined]
        key = self.add_prefix(FIELD_NAME)  # type: ignore[attr-defined]
        return data.getlist(key) if hasattr(data, "getlist") else [data[key]] if key in data else []

    def clean(self) -> dict:
        tokens = self._submitted_tokens()
        if len(tokens) > 1:
            result = "invalid"  # parameter pollution (security.md 15.3.7): never pick one
        else:
            result = redeem_token(self.request, self.captcha_purpose, tokens[0] if tokens else "")
        if result != "ok":
            raise ValidationError(self.captcha_messages[result], code=f"captcha_{result}")
        self.captcha_passed = True
        return super().clean()  # type: ignore[misc]
