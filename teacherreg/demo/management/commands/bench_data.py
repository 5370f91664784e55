from __future__ import annotations

import argparse

from django.core.management.base import BaseCommand

from teacherreg.demo import bench_data


def _count(value: str) -> int:
    # "100k" and "1m" read as they are said.
    text = value.strip().lower().replace("_", "")
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    try:
        number = int(text[:-1] if factor > 1 else text) * factor
    except ValueError:
        raise argparse.ArgumentTypeError(f"不是数量：{value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError("数量不能为负。")
    return number


class Command(BaseCommand):
    help = (
        "生成基准测试数据（仅开发或基准测试数据库）：证书、申请人账号、一个注册机构的申请及其审核记录。"
        "所有基准机构以“基准·”开头，--reset 只清除这些数据。"
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--certificates", type=_count, default=0, help="证书数（如 100k、1m）")
        parser.add_argument("--applications", type=_count, default=0, help="那个大注册机构的申请数（本年度和上一年度）")
        parser.add_argument(
            "--others", type=_count, default=None, help="其他县级机构上一周期的申请数（默认为 --applications 的一半）"
        )
        parser.add_argument("--province", default=bench_data.DEFAULT_PROVINCE, help="基准省份的行政区划代码")
        parser.add_argument("--reset", action="store_true", help="先清除已有的基准数据")

    def handle(self, *args: object, **options: object) -> None:
        if options["reset"]:
            if not bench_data.bench_allowed():
                raise bench_data.BenchRefused("基准数据只能在开发或基准测试数据库中清除。")
            deleted = bench_data.reset()
            self.stdout.write(f"已清除基准数据：{sum(deleted.values())} 行。")
        if not options["certificates"]:
            return
        summary = bench_data.build(
            certificates=options["certificates"],
            applications=options["applications"],
            others=options["others"],
            province_code=options["province"],
        )
        t = summary.timings
        self.stdout.write(
            f"基准数据：证书 {summary.certificates}，申请人账号 {summary.accounts}，"
            f"{summary.world.big_agency.name} 申请 {summary.applications}，其他机构申请 {summary.others}，"
            f"用时 {summary.seconds:.1f} 秒。"
        )
        for table in t.rows:
            self.stdout.write(
                f"  {table}: {t.rows[table]} 行，准备 {t.prepare[table]:.1f} 秒，写入 {t.write[table]:.1f} 秒"
            )
