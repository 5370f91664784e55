"""Every reference model has an admin page with search and filters that renders."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

MODELS = sorted(apps.get_app_config("reference").get_models(), key=lambda model: model.__name__)


class Superuser(AnonymousUser):
    """Enough of a user for a changelist rendered outside the middleware stack."""

    pk = id = 1
    is_active = is_staff = is_superuser = True
    username = "reference-admin"

    @property
    def is_anonymous(self) -> bool:
        return False

    @property
    def is_authenticated(self) -> bool:
        return True

    def has_perm(self, perm, obj=None) -> bool:
        return True

    def has_perms(self, perm_list, obj=None) -> bool:
        return True

    def has_module_perms(self, module) -> bool:
        return True


def changelist(model, query: str = "") -> str:
    request = RequestFactory().get("/admin/reference/" + model._meta.model_name + "/" + query)
    request.user = Superuser()
    response = admin.site._registry[model].changelist_view(request)
    response.render()
    assert response.status_code == 200
    return response.content.decode()


def test_it_registers_every_reference_model():
    assert [model.__name__ for model in MODELS if not admin.site.is_registered(model)] == []


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_it_gives_every_reference_model_search_and_filters(model):
    model_admin = admin.site._registry[model]
    assert model_admin.search_fields
    if model.__name__ != "TeachingStage":  # five rows: nothing to filter
        assert model_admin.list_filter


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_it_renders_every_changelist(model):
    changelist(model)


def test_it_finds_a_historical_region_by_name():
    page = changelist(apps.get_model("reference", "Region"), "?q=密云&period=historical")
    assert "110228" in page
    assert "110118" not in page
