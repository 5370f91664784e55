"""Filling an object's code-table references from one query instead of a join each (issue 7).

An application points at eleven 代码表 entries (民族, 政治面貌, 学历 …). Joining all of them in
the query that finds a case made PostgreSQL spend more time planning that query than running
it, and leaving them lazy cost one query each when the page shows them. They are all rows of
one small table, so here they are read together by primary key and put where Django's
foreign-key descriptors look first: reading ``application.ethnic_group`` then runs no query.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from django.db.models import ForeignKey, Model

from teacherreg.reference.models import CodeItem


@functools.cache
def code_item_fields(model: type[Model]) -> tuple[str, ...]:
    """The names of ``model``'s foreign keys to CodeItem."""
    return tuple(
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, ForeignKey) and field.related_model is CodeItem
    )


def attach_code_items(objects: Iterable[Model]) -> None:
    """Load every CodeItem the objects point at in one query and attach each to its field."""
    objects = list(objects)
    if not objects:
        return
    names = code_item_fields(type(objects[0]))
    wanted = {getattr(obj, f"{name}_id") for obj in objects for name in names} - {None}
    found = CodeItem.objects.in_bulk(wanted) if wanted else {}
    for obj in objects:
        for name in names:
            item = found.get(getattr(obj, f"{name}_id"))
            if item is not None:
                setattr(obj, name, item)
