"""``{% path %}``: the layout's fixed links, the same paths ``{% url %}`` gives (issue 7)."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse

LAYOUT_NAMES = [
    "portal:home",
    "portal:services",
    "portal:certificate_query",
    "portal:help",
    "portal:terms",
    "portal:accessibility",
    "announcements:index",
    "faq:list",
    "set_language",
]


def _render(source: str, **context) -> str:
    return Template("{% load paths %}" + source).render(Context(context))


@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_it_gives_the_path_url_gives(name):
    assert _render(f"{{% path '{name}' %}}") == _render(f"{{% url '{name}' %}}") == reverse(name)


def test_a_name_without_a_route_fails_loudly_as_url_does():
    with pytest.raises(NoReverseMatch):
        _render("{% path 'portal:no_such_page' %}")
    with pytest.raises(NoReverseMatch):
        # A name that needs an argument has no path without one.
        _render("{% path 'applicant:application_detail' %}")


@pytest.mark.django_db
def test_the_layout_links_every_fixed_page(client):
    html = client.get(reverse("portal:help")).content.decode()
    hrefs = set(re.findall(r'(?:href|action)="([^"#]+)', html))
    assert {reverse(name) for name in LAYOUT_NAMES} <= hrefs
