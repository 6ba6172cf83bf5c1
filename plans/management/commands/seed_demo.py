import os

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from departments.models import Department, User
from departments.services import demo_accounts_create
from indicators.demo import demo_figures_create

DEFAULT_PASSWORD = "jiangyin2025"


class Command(BaseCommand):
    help = "创建演示账号：admin、coordinator、importer、leader，以及每个责任单位一个以单位代码命名的填报员。"

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="在 DEBUG 关闭（生产）时也创建")
        parser.add_argument("--reset-passwords", action="store_true", help="把已存在的演示账号密码重置")
        parser.add_argument(
            "--figures", action="store_true", help="同时填入第一个规划各年度的演示数据（仅当尚无数据时）"
        )

    def handle(self, *args, force: bool, reset_passwords: bool, figures: bool, **options):
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        if not settings.DEBUG:
            if not force:
                raise CommandError("生产环境（DEBUG 关闭）不创建演示账号；确需创建请加 --force。")
            _check_production_password(password)
        if not Department.objects.exists():
            raise CommandError("尚未载入规划数据，请先运行 python manage.py load_plan。")
        created, kept = demo_accounts_create(password=password, reset_passwords=reset_passwords)
        self.stdout.write(f"新建 {len(created)} 个演示账号，已存在 {len(kept)} 个。")
        if created or reset_passwords:
            self.stdout.write(
                f"密码：{'（来自 DEMO_PASSWORD）' if os.environ.get('DEMO_PASSWORD') else DEFAULT_PASSWORD}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                "演示账号：admin、coordinator、importer、leader，填报员以单位代码登录（如 gxj、swj）。"
            )
        )
        if figures:
            count = demo_figures_create(coordinator=User.objects.get(username="coordinator"))
            self.stdout.write(f"演示数据：新建 {count} 条。" if count else "已有填报数据，未添加演示数据。")


def _check_production_password(password: str) -> None:
    """In production the demo accounts get a password of DEMO_PASSWORD that passes the password validators,
    never the default published in the README."""
    if password == DEFAULT_PASSWORD:
        raise CommandError(
            f"生产环境不能使用公开的默认密码 {DEFAULT_PASSWORD}：请用环境变量 DEMO_PASSWORD 设置一个强密码。"
        )
    try:
        validate_password(password)
    except ValidationError as e:
        raise CommandError("DEMO_PASSWORD 不够安全：" + "".join(e.messages)) from None
