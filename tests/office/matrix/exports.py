"""数据导出 (issue 6 item 7; P23): the roles that read cases may export them; the agencies (county,
city, province reviewers and the province administrator) may print the 注册结论贴.

An export belongs to the member who started it: its progress page and its file answer 404 to
everyone else, colleagues of the same role and organisation included. So those two rows list
one role only, the owner's (our province administrator, who owns the world's job); every other
persona, another region's administrator included, gets the 404 the matrix expects. The
owner-only rule itself is tested in ``tests/exports/test_pages.py``.
"""

from __future__ import annotations

from typing import Any

from teacherreg.accounts.models import StaffRole
from teacherreg.exports.filters import APPLICATION_ROLES, STICKER_ROLES
from teacherreg.exports.services import start_export
from teacherreg.office.scope import scope_for
from tests.office.matrix import Row

OWNER = frozenset({StaffRole.PROVINCE_ADMIN})


def _job(world: Any) -> dict[str, str]:
    job = world.extra.get("export_job")
    if job is None:
        owner = world.ours.staff[StaffRole.PROVINCE_ADMIN]
        # Left queued (the world's transaction never commits, so nothing builds it): the owner's
        # download then answers with the way back to the progress page. A built file streams
        # from disk and is downloaded, read and closed in tests/exports/test_pages.py.
        job = start_export(scope_for(owner), kind="applications", filters={})
        world.extra["export_job"] = job
    return {"public_id": str(job.public_id)}


ROWS = [
    Row("office:exports", frozenset(APPLICATION_ROLES)),
    Row("office:export_start", frozenset(APPLICATION_ROLES), methods=("POST",)),
    Row("office:export_stickers", frozenset(STICKER_ROLES), methods=("POST",)),
    Row("office:export_job", OWNER, kwargs=_job, regional=True),
    Row("office:export_download", OWNER, kwargs=_job, regional=True),
]
