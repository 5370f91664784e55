"""The form renderer: Django's own, with the commonest widgets written in Python.

Django draws every ``<input>`` and every ``<option>`` through a template include. A filter
form with a subject list of a few dozen entries spent more time in those includes than the
rest of its page (issue 7, ADR 0009). The widgets below are written here with the same
output, character for character, as Django's templates (``tests/common/test_form_renderer.py``
renders each both ways and compares); every other template, and any widget whose template a
project overrides, still goes through the template engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import django
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import SafeData, SafeString, mark_safe

from teacherreg.common.html_text import text

_WIDGETS = "django/forms/widgets/"
INPUT_TEMPLATES = frozenset(
    _WIDGETS + name
    for name in (
        "input.html",
        "text.html",
        "number.html",
        "email.html",
        "url.html",
        "password.html",
        "hidden.html",
        "date.html",
        "datetime.html",
        "time.html",
        "checkbox.html",
        "search.html",
        "tel.html",
        "color.html",
    )
)
SELECT_TEMPLATES = frozenset({_WIDGETS + "select.html"})
OPTION_TEMPLATE = _WIDGETS + "select_option.html"
DJANGO_FORM_TEMPLATES = Path(django.__file__).resolve().parent / "forms" / "templates"


def _text(value: Any) -> str:
    """As ``{{ value }}`` in a template: escaped unless safe, and None written as ``None``."""
    return text(value if isinstance(value, SafeData) else str(value))


def _attrs(attrs: Mapping[str, Any]) -> str:
    """``attrs.html``: ``False`` leaves the attribute out, ``True`` writes its name alone."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_text(str(value))}"')
    return "".join(parts)


def _input(widget: Mapping[str, Any]) -> str:
    value = "" if widget["value"] is None else f' value="{_text(str(widget["value"]))}"'
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _option(option: Mapping[str, Any]) -> str:
    return f'<option value="{_text(str(option["value"]))}"{_attrs(option["attrs"])}>{_text(option["label"])}</option>'


def _select(widget: Mapping[str, Any]) -> str | None:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION_TEMPLATE:
                return None  # a widget with options of its own kind: the template engine draws it
            parts.append("\n  " + _option(option) + "\n")  # the option template ends with a newline
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _drawn_with(template_name: str) -> tuple[str, ...]:
    """The template and the ones it includes, each of which must be Django's own."""
    if template_name in SELECT_TEMPLATES:
        return (template_name, OPTION_TEMPLATE, _WIDGETS + "attrs.html")
    return (template_name, _WIDGETS + "input.html", _WIDGETS + "attrs.html")


class QuickWidgetRenderer(DjangoTemplates):
    """``FORM_RENDERER``: inputs and selects drawn directly, everything else as before."""

    def __init__(self) -> None:
        self._own: dict[str, bool] = {}

    def _django_draws(self, template_name: str) -> bool:
        """Whether the engine would use Django's own template for this name (an app or the
        project may override a widget's template; then the override is drawn, not ours)."""
        own = self._own.get(template_name)
        if own is None:
            origin = Path(self.get_template(template_name).origin.name).resolve()
            own = self._own[template_name] = DJANGO_FORM_TEMPLATES in origin.parents
        return own

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> SafeString:
        widget = context.get("widget")
        if (
            widget is not None
            and widget.get("template_name") == template_name
            and (template_name in INPUT_TEMPLATES or template_name in SELECT_TEMPLATES)
            and all(self._django_draws(name) for name in _drawn_with(template_name))
        ):
            if template_name in INPUT_TEMPLATES:
                return mark_safe(_input(widget))  # noqa: S308 — every value escaped by _text
            if template_name in SELECT_TEMPLATES:
                drawn = _select(widget)
                if drawn is not None:
                    return mark_safe(drawn)  # noqa: S308 — every value escaped by _text
        return super().render(template_name, context, request)
