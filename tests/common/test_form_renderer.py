"""The quick form renderer draws inputs and selects exactly as Django's templates do (issue 7)."""

import datetime
from types import SimpleNamespace

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test import override_settings
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override
from hypothesis import given, settings
from hypothesis import strategies as st

from teacherreg.common.form_renderer import QuickWidgetRenderer
from teacherreg.office.desk_forms import QueueFilterForm

TRICKY = "a<b>&\"c'd"
property_settings = settings(database=None, max_examples=200, deadline=None)


def both(widget: forms.Widget, name: str, value: object, attrs: dict | None = None) -> tuple[str, str]:
    return (
        widget.render(name, value, attrs=attrs, renderer=DjangoTemplates()),
        widget.render(name, value, attrs=attrs, renderer=QuickWidgetRenderer()),
    )


CHOICES = [("", "全部"), ("a", "甲"), ("b", TRICKY), ("c", mark_safe("<em>丙</em>")), (3, gettext_lazy("状态"))]
GROUPED = [("", "—"), ("一组", [("x", "X"), ("y", "Y")]), ("二组", [("z", TRICKY)])]

CASES = [
    (forms.TextInput(), "q", TRICKY, None),
    (forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}), "q", "", None),
    (forms.TextInput(), "q", None, {"id": "id_q", "required": True, "disabled": False, "aria-describedby": "h"}),
    (forms.NumberInput(), "n", 12, {"min": 0, "step": "any"}),
    (forms.EmailInput(), "e", "x@example.com", None),
    (forms.URLInput(), "u", "https://example.com/?a=1&b=2", None),
    (forms.PasswordInput(render_value=True), "p", "secret", None),
    (forms.PasswordInput(), "p", "secret", None),
    (forms.HiddenInput(), "version", 7, None),
    (forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), "d", datetime.date(2026, 9, 1), None),
    (forms.DateInput(), "d", "not a date", None),
    (forms.TimeInput(), "t", datetime.time(8, 30), None),
    (forms.DateTimeInput(), "dt", datetime.datetime(2026, 9, 1, 8, 30), None),
    (forms.CheckboxInput(), "c", True, {"class": "form-check-input"}),
    (forms.CheckboxInput(), "c", False, None),
    (forms.CheckboxInput(), "c", "", None),
    (forms.Select(choices=CHOICES), "s", "b", {"class": "form-select", "id": "id_s"}),
    (forms.Select(choices=CHOICES), "s", None, None),
    (forms.Select(choices=CHOICES), "s", 3, None),
    (forms.Select(choices=GROUPED), "g", "z", None),
    (forms.SelectMultiple(choices=CHOICES), "m", ["a", "c"], None),
    (forms.NullBooleanSelect(), "nb", True, None),
    (forms.RadioSelect(choices=CHOICES), "r", "a", None),  # not ours: the engine draws it
    (forms.CheckboxSelectMultiple(choices=CHOICES), "cm", ["a"], None),
    (forms.Textarea(), "body", TRICKY, None),
]


@pytest.mark.parametrize(("widget", "name", "value", "attrs"), CASES)
def test_each_widget_is_drawn_as_djangos_templates_draw_it(widget, name, value, attrs):
    expected, drawn = both(widget, name, value, attrs)
    assert drawn == expected


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_lazy_labels_are_drawn_in_the_language_of_the_page(language):
    with override(language):
        expected, drawn = both(forms.Select(choices=CHOICES), "s", "a")
    assert drawn == expected
    assert ("Status" in drawn) == (language == "en")


@property_settings
@given(value=st.text(max_size=30), label=st.text(max_size=30), attr=st.text(max_size=30))
def test_any_text_is_escaped_the_same_way(value, label, attr):
    for widget in (forms.TextInput(attrs={"data-x": attr}), forms.Select(choices=[(value, label), ("k", attr)])):
        expected, drawn = both(widget, "f", value)
        assert drawn == expected


@pytest.mark.django_db
def test_a_whole_form_of_the_office_is_the_same_html_bound_and_with_errors():
    data = {"q": TRICKY, "status": "all", "submitted_from": "2026-09-02", "submitted_to": "2026-09-01"}
    default = QueueFilterForm(data, renderer=DjangoTemplates())
    quick = QueueFilterForm(data, renderer=QuickWidgetRenderer())
    assert not quick.is_valid()  # the dates are the wrong way round: an error is shown too
    default.is_valid()
    assert str(quick) == str(default)
    assert "&lt;b&gt;" in str(quick)


def test_a_widget_template_that_is_overridden_is_drawn_by_the_override(monkeypatch):
    renderer = QuickWidgetRenderer()
    override = SimpleNamespace(
        origin=SimpleNamespace(name="/srv/project/templates/django/forms/widgets/select.html"),
        render=lambda context, request=None: "<select-from-the-override>",
    )
    monkeypatch.setattr(renderer, "get_template", lambda name: override)
    drawn = forms.Select(choices=CHOICES).render("s", "a", renderer=renderer)
    assert drawn == "<select-from-the-override>"


@override_settings()
def test_the_project_uses_the_quick_renderer():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), QuickWidgetRenderer)
