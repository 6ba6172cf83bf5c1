from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from plans.selectors import NoPlan, plan_list
from scores.exports import ScoreExporter
from scores.selectors import score_table, score_years


class Command(BaseCommand):
    help = "导出某年度责任单位考核得分表（.xlsx）：每个责任单位一行，含得分与排名。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="年度")
        parser.add_argument("--plan", help="规划代码（如 mfg2023）；缺省为包含该年度的规划")
        parser.add_argument("-o", "--output", type=Path, required=True, help="输出文件（.xlsx）")

    def handle(self, *args, year: int, plan: str | None, output: Path, **options):
        today = timezone.localdate()
        try:
            chosen = _plan(year, plan, today)
        except NoPlan as e:
            raise CommandError(str(e)) from None
        exporter = ScoreExporter(score_table(plan=chosen, year=year, today=today), today=today)
        try:
            count = exporter.write(output)
        except OSError as e:
            raise CommandError(f"无法写入 {output}：{e.strerror or e}") from None
        self.stdout.write(self.style.SUCCESS(f"已导出 {count} 个责任单位的考核得分到 {output}"))


def _plan(year: int, code: str | None, today):
    """The plan named, which must have the year among its scored years; else the newest plan that has it (its
    figure years, or the years its tasks are reported in)."""
    plans = plan_list()
    if code:
        plan = next((p for p in plans if p.code == code), None)
        if plan is None:
            raise NoPlan(f"没有代码为“{code}”的规划（已有：{'、'.join(p.code for p in plans) or '无'}）")
        if year not in score_years(plan, today):
            raise NoPlan(f"规划“{plan.name}”没有 {year} 年的考核（{_span(plan, today)}）")
        return plan
    plan = next((p for p in plans if year in score_years(p, today)), None)
    if plan is None:
        spans = "；".join(f"{p.code} {_span(p, today)}" for p in plans) or "尚未载入任何规划"
        raise NoPlan(f"没有包含 {year} 年的规划（{spans}）")
    return plan


def _span(plan, today) -> str:
    years = score_years(plan, today)
    return f"{years[0]}—{years[-1]}年"
