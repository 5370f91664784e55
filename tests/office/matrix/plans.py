"""Plans and windows (issue 6, slice 2), written out by hand.

The plan pages belong to the province administrator. An agency's batch, windows, arrangements
and points belong to the reviewer holding a role at that agency (the world's objects hang off
the county, so the county reviewer) and to the province administrator for every agency of the
province; the city and province reviewers, whose own organisations are other agencies, get a
404 here like everyone else.
"""

from __future__ import annotations

from tests.office.matrix import Row

PROVINCE_ADMIN = frozenset({"province_admin"})
COUNTY_AGENCY = frozenset({"county_reviewer", "province_admin"})
SETTING_UP = frozenset({"county_reviewer", "city_reviewer", "province_reviewer", "province_admin"})
BOTH = ("GET", "POST")


def _window(world):
    return world.ours.application.window


def _plan(world):
    return {"plan": _window(world).batch.plan_id}


ROWS = [
    Row("office:plans", SETTING_UP),
    Row("office:plan_create", PROVINCE_ADMIN, BOTH),
    Row("office:plan_detail", PROVINCE_ADMIN, kwargs=_plan, regional=True),
    Row("office:plan_edit", PROVINCE_ADMIN, BOTH, kwargs=_plan, regional=True),
    Row(
        "office:plan_batch",
        COUNTY_AGENCY,
        BOTH,
        kwargs=lambda w: {**_plan(w), "agency": w.ours.county.pk},
        regional=True,
        data=lambda w: {"takes_part": "on", "is_open": "on"},
    ),
    Row("office:plan_agency", COUNTY_AGENCY, kwargs=lambda w: {"agency": w.ours.county.pk}, regional=True),
    Row("office:plan_point_create", COUNTY_AGENCY, BOTH, kwargs=lambda w: {"agency": w.ours.county.pk}, regional=True),
    Row("office:plan_point_edit", COUNTY_AGENCY, BOTH, kwargs=lambda w: {"point": w.ours.point.pk}, regional=True),
    Row(
        "office:plan_window_create",
        COUNTY_AGENCY,
        BOTH,
        kwargs=lambda w: {"batch": _window(w).batch_id},
        regional=True,
    ),
    Row("office:plan_window_edit", COUNTY_AGENCY, BOTH, kwargs=lambda w: {"window": _window(w).pk}, regional=True),
    # The world's window has an application: the POST is refused with a message, not an error.
    Row("office:plan_window_delete", COUNTY_AGENCY, BOTH, kwargs=lambda w: {"window": _window(w).pk}, regional=True),
    Row(
        "office:plan_arrangement_create",
        COUNTY_AGENCY,
        BOTH,
        kwargs=lambda w: {"window": _window(w).pk},
        regional=True,
    ),
    Row(
        "office:plan_arrangement_edit",
        COUNTY_AGENCY,
        BOTH,
        kwargs=lambda w: {"arrangement": w.ours.application.arrangement_id},
        regional=True,
    ),
    Row(
        "office:plan_arrangement_delete",
        COUNTY_AGENCY,
        BOTH,
        kwargs=lambda w: {"arrangement": w.ours.application.arrangement_id},
        regional=True,
    ),
]
