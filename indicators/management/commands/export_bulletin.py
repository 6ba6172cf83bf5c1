from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from indicators.bulletin import bulletin_document, bulletin_gather, serial_valid
from indicators.models import Period
from plans.selectors import NoPlan, plan_covering


class Command(BaseCommand):
    help = "按党政机关公文格式（GB/T 9704—2012）生成某年度、期间的指标完成情况通报（.docx）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="年度")
        parser.add_argument("--plan", help="规划代码（如 mfg2023）；缺省为包含该年度的规划")
        parser.add_argument(
            "--period",
            default=Period.YEAR,
            help="期间：year 全年（默认）、q1 一季度、h1 上半年、q3 前三季度",
        )
        parser.add_argument(
            "--number", default="", help="发文字号的序号（如 12 → 澄工信〔2026〕12号）；缺省留空待填"
        )
        parser.add_argument("-o", "--output", type=Path, required=True, help="输出文件（.docx）")

    def handle(self, *args, year: int, period: str, plan: str | None, output: Path, number: str, **options):
        try:
            chosen = plan_covering(year, plan)
        except NoPlan as e:
            raise CommandError(str(e)) from None
        if period not in Period.values:
            raise CommandError(f"期间“{period}”无效，应为 year、q1、h1、q3 之一")
        if number and not serial_valid(number):
            raise CommandError(f"发文字号序号“{number}”无效，应为不以 0 开头的 1～5 位数字（如 12）")
        today = timezone.localdate()
        bulletin = bulletin_gather(plan=chosen, year=year, period=period, today=today, serial=number)
        try:
            bulletin_document(bulletin).save(output)
        except OSError as e:
            raise CommandError(f"无法写入 {output}：{e.strerror or e}") from None
        counts = "、".join(f"{label}{n}项" for label, n in bulletin.judged) or "尚无审核通过的数据"
        missing = bulletin.counts["未报送"]
        self.stdout.write(
            self.style.SUCCESS(
                f"已生成{bulletin.slot}通报：{bulletin.total}项指标，{counts}"
                + (f"，未报送{missing}项" if missing else "")
                + f"；未达标（或进度滞后）{len(bulletin.laggards)}项已逐项列出。文件：{output}"
            )
        )
