"""python manage.py publish_plan CODE --year Y [--withdraw]: publish a plan year to the 政务公开 pages, or
withdraw it (recorded without a person: 命令行)."""

from django.core.management.base import BaseCommand, CommandError

from plans.models import Plan
from public import services


class Command(BaseCommand):
    help = "向政务公开页公开规划某一年度经审核的数据，或撤回公开"

    def add_arguments(self, parser):
        parser.add_argument("code", help="规划代码，如 mfg2023")
        parser.add_argument("--year", type=int, required=True, help="年度，如 2024")
        parser.add_argument("--withdraw", action="store_true", help="撤回该年度的公开")

    def handle(self, *args, code, year, withdraw, **options):
        plan = Plan.objects.filter(code=code).first()
        if plan is None:
            known = "、".join(Plan.objects.values_list("code", flat=True)) or "（尚未载入规划）"
            raise CommandError(f"没有代码为“{code}”的规划（已有：{known}）")
        try:
            if withdraw:
                services.withdraw(plan=plan, year=year)
                self.stdout.write(f"已撤回 {plan.short_name} {year} 年的公开数据")
            else:
                services.publish(plan=plan, year=year)
                self.stdout.write(
                    f"已公开 {plan.short_name} {year} 年的审核数据：/public/{plan.code}/?year={year}"
                )
        except services.PublicationError as e:
            raise CommandError(str(e)) from None
