"""The one scoped helper of the office (P21; security.md §1.5): it fails closed, reaches down
the organisation tree and no further, and answers 404 for another region's case."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from teacherreg.accounts.models import StaffRole
from teacherreg.office.scope import CASE_ROLES, descendants, scope_for
from tests.factories import MembershipFactory, OrganisationFactory, StaffFactory
from tests.office.office_world import build_office_world

R = StaffRole
pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_office_world()


def _empty(scope) -> bool:
    return not scope.roles and not scope.organisation_ids() and not scope.applications().exists()


def test_it_gives_an_anonymous_visitor_nothing():
    scope = scope_for(AnonymousUser())
    assert _empty(scope)
    assert not scope.has_role(*R.values)


def test_it_gives_an_applicant_nothing(world):
    assert _empty(scope_for(world.applicant))


def test_it_gives_a_staff_account_without_a_role_nothing(world):
    assert _empty(scope_for(StaffFactory()))


def test_a_revoked_role_counts_for_nothing(world):
    user = StaffFactory()
    MembershipFactory(user=user, organisation=world.ours.county, role=R.COUNTY_REVIEWER, is_active=False)
    assert _empty(scope_for(user))


def test_a_role_at_a_closed_organisation_counts_for_nothing(world):
    closed = OrganisationFactory(parent=world.ours.city, is_active=False)
    user = StaffFactory()
    MembershipFactory(user=user, organisation=closed, role=R.COUNTY_REVIEWER)
    assert _empty(scope_for(user))


def test_descendants_reach_down_the_tree_and_not_sideways(world):
    below_province = descendants([world.ours.province.pk])
    assert below_province == {world.ours.province.pk, world.ours.city.pk, world.ours.county.pk, world.ours.point.pk}
    assert descendants([world.ours.county.pk]) == {world.ours.county.pk, world.ours.point.pk}
    assert world.theirs.point.pk not in descendants([world.ours.province.pk])


def test_organisation_or_404_opens_own_and_lower_organisations_only(world):
    scope = scope_for(world.ours.staff[R.CITY_REVIEWER])
    assert scope.organisation_or_404(pk=world.ours.point.pk) == world.ours.point
    for outside in (world.ours.province.pk, world.theirs.point.pk, "x", None):
        with pytest.raises(Http404):
            scope.organisation_or_404(pk=outside)


@pytest.mark.parametrize(
    "role",
    [R.CONFIRMATION_OPERATOR, R.COUNTY_REVIEWER, R.CITY_REVIEWER, R.PROVINCE_REVIEWER, R.PROVINCE_ADMIN],
)
def test_case_roles_see_their_own_regions_case_and_get_404_for_the_other(world, role):
    scope = scope_for(world.ours.staff[role])
    assert list(scope.applications()) == [world.ours.application]
    assert scope.application_or_404(pk=world.ours.application.pk) == world.ours.application
    with pytest.raises(Http404):
        scope.application_or_404(pk=world.theirs.application.pk)


def test_application_or_404_answers_404_for_nonsense(world):
    scope = scope_for(world.ours.staff[R.COUNTY_REVIEWER])
    with pytest.raises(Http404):
        scope.application_or_404(pk="not-a-number")


def test_the_national_viewer_sees_every_case(world):
    scope = scope_for(world.ours.staff[R.NATIONAL_VIEWER])
    assert set(scope.applications()) == {world.ours.application, world.theirs.application}
    assert scope.application_or_404(pk=world.theirs.application.pk) == world.theirs.application


@pytest.mark.parametrize("role", [R.SYSTEM_ADMIN, R.SECURITY_ADMIN, R.AUDIT_ADMIN])
def test_the_administrator_roles_see_no_case(world, role):
    scope = scope_for(world.ours.staff[role])
    assert scope.has_role(role)
    assert not scope.applications().exists()
    with pytest.raises(Http404):
        scope.application_or_404(pk=world.ours.application.pk)


def test_asking_for_a_role_the_member_lacks_gives_no_case(world):
    scope = scope_for(world.ours.staff[R.COUNTY_REVIEWER])
    assert not scope.applications(R.CONFIRMATION_OPERATOR).exists()


@pytest.mark.parametrize("role", sorted(CASE_ROLES - {StaffRole.NATIONAL_VIEWER}))
def test_the_scope_is_the_handled_by_rule_seen_from_above(world, role):
    """Scope.applications is written without joins for speed; it must hold exactly the cases
    handled_by gives (the point, the agency and its three ancestors act on a case)."""
    from teacherreg.registration.models import Application
    from teacherreg.registration.services.messages import handled_by
    from tests.factories import ApplicationFactory

    extra = ApplicationFactory(arrangement=world.ours.application.arrangement, number="202637010200099")
    for part in (world.ours, world.theirs):
        scope = scope_for(part.staff[role])
        orgs = [org.pk for org in scope.organisations(role)]
        expected = set(Application.objects.filter(handled_by(orgs)).values_list("pk", flat=True))
        assert set(scope.applications(role).values_list("pk", flat=True)) == expected
    assert extra.pk in set(scope_for(world.ours.staff[role]).applications(role).values_list("pk", flat=True))
