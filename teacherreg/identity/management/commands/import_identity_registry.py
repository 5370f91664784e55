from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from teacherreg.common.errors import DomainError
from teacherreg.common.messages import message_for
from teacherreg.identity.registry_import import import_registry


class Command(BaseCommand):
    help = "导入开发用身份核验库：CSV 文件，表头 document_number,name（可选列 valid）。"

    def add_arguments(self, parser):
        parser.add_argument("csv", type=Path, help="CSV 文件路径（UTF-8）")

    def handle(self, *args: object, **options: object) -> None:
        path = options["csv"]
        assert isinstance(path, Path)
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        try:
            with path.open("rb") as source:
                summary = import_registry(source)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        for line in summary.skipped_lines:
            self.stderr.write(message_for("identity_import_bad_row", line=line))
        self.stdout.write(summary.message)
