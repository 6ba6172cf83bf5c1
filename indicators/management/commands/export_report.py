from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from indicators.exports import ReportExporter
from plans.selectors import NoPlan, plan_covering


class Command(BaseCommand):
    help = "按附件格式导出某年度指标完成情况报表（.xlsx）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="年度")
        parser.add_argument("--plan", help="规划代码（如 mfg2023）；缺省为包含该年度的规划")
        parser.add_argument("-o", "--output", type=Path, required=True, help="输出文件（.xlsx）")

    def handle(self, *args, year: int, plan: str | None, output: Path, **options):
        try:
            chosen = plan_covering(year, plan)
        except NoPlan as e:
            raise CommandError(str(e)) from None
        count = ReportExporter(chosen, year, today=timezone.localdate()).write(output)
        self.stdout.write(self.style.SUCCESS(f"已导出 {count} 项指标到 {output}"))
