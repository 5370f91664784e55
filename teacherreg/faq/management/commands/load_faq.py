"""``manage.py load_faq``: add the seeded 常见问题 that are not there yet (idempotent), and the
seeded English to entries loaded before there was one (see ``faq.loading``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from teacherreg.faq.loading import load_seed


class Command(BaseCommand):
    help = (
        "Add the project's own FAQ entries (teacherreg/faq/seed/) that are missing, and their English "
        "where an untouched seeded entry has none; never overwrites."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        loaded = load_seed()
        self.stdout.write(f"常见问题：新增 {len(loaded.created)} 条，已有 {len(loaded.kept)} 条保持不变。")
        if loaded.translated:
            self.stdout.write(f"常见问题：{len(loaded.translated)} 条补上了英文版。")
