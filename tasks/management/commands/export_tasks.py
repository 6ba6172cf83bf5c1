from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from indicators.models import Period
from tasks.exports import TaskProgressExporter
from tasks.models import REPORT_PERIODS, report_years
from tasks.selectors import Slot, task_plan, task_plans

# The period as a code or as people write it.
PERIODS = {p.value: p.value for p in REPORT_PERIODS} | {p.label: p.value for p in REPORT_PERIODS}


class Command(BaseCommand):
    help = "导出《制造强市建设工作任务推进情况表》（.xlsx）：每项任务 × 责任单位一行。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="年度")
        parser.add_argument(
            "--period", default=Period.YEAR.value, help="期间：h1（上半年）或 year（全年，默认）"
        )
        parser.add_argument("--plan", help="规划代码（如 mfg2023）；缺省为最新的有工作任务的规划")
        parser.add_argument("-o", "--output", type=Path, required=True, help="输出文件（.xlsx）")

    def handle(self, *args, year: int, period: str, plan: str | None, output: Path, **options):
        today = timezone.localdate()
        chosen = task_plan(plan)
        if chosen is None or plan and chosen.code != plan:
            known = "、".join(p.code for p in task_plans()) or "无"
            raise CommandError(f"没有代码为“{plan}”且含工作任务的规划（已有：{known}）")
        years = report_years(chosen, today)
        if year not in years:
            raise CommandError(f"年度应为 {'、'.join(map(str, years))} 之一")
        if period not in PERIODS:
            raise CommandError("期间应为 h1（上半年）或 year（全年）")
        exporter = TaskProgressExporter(chosen, Slot(year, PERIODS[period]), today=today)
        count = exporter.write(output)
        self.stdout.write(self.style.SUCCESS(f"已导出 {exporter.slot.label} {count} 行到 {output}"))
