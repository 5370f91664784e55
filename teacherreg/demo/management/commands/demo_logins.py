from django.core.management.base import BaseCommand, CommandError

from teacherreg.accounts.models import User, UserKind
from teacherreg.demo import staff
from teacherreg.demo.world import DEMO_PASSWORD, FEATURED_APPLICANT_NAME, demo_allowed


class Command(BaseCommand):
    help = "列出演示账号（仅开发/演示环境，P24）。"

    def handle(self, *args: object, **options: object) -> None:
        if not demo_allowed():
            raise CommandError("演示账号只在开发或演示环境提供。")
        applicant = User.objects.filter(kind=UserKind.APPLICANT, name=FEATURED_APPLICANT_NAME).first()
        if applicant is None:
            raise CommandError("尚未加载演示数据：请先运行 manage.py load_demo。")
        out = self.stdout.write
        out("")
        out(f"演示账号 / Demo logins (password for all: {DEMO_PASSWORD})")
        out("-" * 78)
        out(f"申请人 applicant      证件号码 {applicant.document_number}  ({applicant.name})")
        legacy = User.objects.filter(kind=UserKind.APPLICANT, is_legacy=True).order_by("pk").first()
        if legacy:
            out(f"旧账号 legacy (P7)    证件号码 {legacy.document_number}  ({legacy.name})")
        out(f"超级管理员 superuser  登录名 {staff.SUPERUSER}  TOTP {staff.fixed_totp_secret(staff.SUPERUSER)}")
        for member in (
            User.objects.filter(kind=UserKind.STAFF, username__startswith="demo-")
            .exclude(username=staff.SUPERUSER)
            .order_by("username")
            .prefetch_related("memberships__organisation")
        ):
            for m in member.memberships.all():
                role = m.get_role_display()
                out(f"{role:<18} 登录名 {member.username:<24} TOTP {member.totp_secret}  {m.organisation}")
        out("-" * 78)
