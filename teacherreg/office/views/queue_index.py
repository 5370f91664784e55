"""The review queues' index: each queue the member works, with how many items wait in their
reach (one count per queue)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from teacherreg.office.access import staff_with_role
from teacherreg.office.queue_reach import queue_reach, region_codes
from teacherreg.office.queues import ALL_QUEUE_ROLES, CONTACT_DECIDERS, QUEUES, Queue


@dataclass(frozen=True)
class Line:
    queue: Queue
    url: str
    waiting: int | None  # None: nothing waits in this queue (contacts)
    reads_only: bool


@require_GET
@staff_with_role(*(ALL_QUEUE_ROLES | CONTACT_DECIDERS))
def index(request: HttpRequest) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    codes = region_codes(scope)
    lines = []
    for queue in QUEUES:
        if not scope.has_role(*(queue.deciders | queue.viewers)):
            continue
        reach = queue_reach(scope, deciders=queue.deciders, viewers=queue.viewers, codes=codes)
        waiting = queue.waiting(reach.sees).count() if queue.waiting is not None else None
        url = reverse(queue.url_name, kwargs=queue.url_kwargs)
        lines.append(Line(queue, url, waiting, reads_only=reach.decides.empty))
    return render(request, "office/queues/index.html", {"lines": lines})
