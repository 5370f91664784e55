"""Password validators in our own words.

Django 5.2's Simplified Chinese catalogue has no entry for the "too short" message of its
``MinimumLengthValidator`` (the English message changed and the translation was not carried
over), so a Chinese page showed it in English. This subclass keeps Django's rule and code and
says it in the project's catalogue.
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return _("密码太短，至少需要 %(min_length)s 个字符。") % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return _("密码至少需要 %(min_length)s 个字符。") % {"min_length": self.min_length}
