"""``manage.py load_reference``: apply the versioned files in reference/data/ (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from teacherreg.reference.datafiles import ReferenceDataError
from teacherreg.reference.loader import load_reference


class Command(BaseCommand):
    help = "Load or refresh the code tables and reference data from teacherreg/reference/data/."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            load_reference(verbosity=max(options["verbosity"], 1), stdout=self.stdout)
        except ReferenceDataError as error:
            raise CommandError(str(error)) from error
