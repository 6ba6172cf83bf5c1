from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from indicators.exports import ReportExporter
from indicators.models import PLAN_YEARS


class Command(BaseCommand):
    help = "按附件格式导出某年度指标完成情况报表（.xlsx）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="年度（2023—2025）")
        parser.add_argument("-o", "--output", type=Path, required=True, help="输出文件（.xlsx）")

    def handle(self, *args, year: int, output: Path, **options):
        if year not in PLAN_YEARS:
            raise CommandError(f"年度应为 {'、'.join(map(str, PLAN_YEARS))} 之一")
        count = ReportExporter(year, today=timezone.localdate()).write(output)
        self.stdout.write(self.style.SUCCESS(f"已导出 {count} 项指标到 {output}"))
