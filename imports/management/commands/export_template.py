from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from departments.models import Department
from imports.exports import TemplateExporter
from plans.selectors import NoPlan, plan_covering


class Command(BaseCommand):
    help = "导出某年度的填报模板（附件格式，含完成值、排名、说明及未达标时的原因类别、整改措施、预计赶上，已填入当前数据）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="年度")
        parser.add_argument("--plan", help="规划代码（如 mfg2023）；缺省为包含该年度的规划")
        parser.add_argument("--department", help="只含该部门牵头的指标：全称、简称或代码，如 swj")
        parser.add_argument("-o", "--output", type=Path, required=True, help="输出文件（.xlsx）")

    def handle(self, *args, year: int, plan: str | None, department: str | None, output: Path, **options):
        try:
            chosen = plan_covering(year, plan)
        except NoPlan as e:
            raise CommandError(str(e)) from None
        unit = None
        if department:
            unit = (
                Department.objects.filter(code=department).first()
                or Department.objects.filter(name=department).first()
                or Department.objects.filter(short_name=department).first()
            )
            if unit is None:
                raise CommandError(f"没有责任单位“{department}”（可用全称、简称或代码）")
        count = TemplateExporter(chosen, year, department=unit).write(output)
        self.stdout.write(self.style.SUCCESS(f"已导出 {count} 项指标的 {year} 年填报模板到 {output}"))
