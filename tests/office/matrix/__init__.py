"""The back office's permission matrix, written by hand (issue 6, "Done means").

Each area of the office adds one module here with a ``ROWS`` list; ``test_permission_matrix``
collects them all and fails if an office URL is in no row. A row names the roles that may use
the URL; every other role, an applicant and another region's holder of an allowed role must get
a 404, and an anonymous visitor is sent to the staff login. A row marked ``public`` says the
opposite: everyone gets the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Row:
    name: str  # the URL name, e.g. "office:staff_list"
    allowed: frozenset[str]  # StaffRole values that may use it
    methods: tuple[str, ...] = ("GET",)
    # URL kwargs built from the world (objects in *our* region); None for URLs without any.
    kwargs: Callable[[Any], dict[str, Any]] | None = None
    # The object belongs to a region: an allowed role held in another region gets a 404.
    regional: bool = False
    # POST data built from the world; an empty form is the default (a refusal is still < 400).
    data: Callable[[Any], dict[str, Any]] | None = None
    # A public page under /office/ (the invitation link): every persona, anonymous included,
    # gets an answer below 400 and nobody is sent to the login.
    public: bool = False
    note: str = field(default="", compare=False)
