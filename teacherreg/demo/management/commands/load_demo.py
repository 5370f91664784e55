from django.core.management.base import BaseCommand, CommandError

from teacherreg.demo.world import DemoRefused, load_demo


class Command(BaseCommand):
    help = "加载演示数据（仅开发/演示环境，P24）。可重复运行。"

    def handle(self, *args: object, **options: object) -> None:
        try:
            summary = load_demo()
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        state = "已创建" if summary.created_people else "已存在，已更新机构、网报时间和工作人员"
        self.stdout.write(f"演示数据{state}：申请人 {summary.applicants} 人，工作人员 {len(summary.staff)} 人。")
