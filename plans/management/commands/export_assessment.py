from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from plans.assessment import assessment_build
from plans.assessment_document import assessment_document
from plans.exports import AssessmentExporter
from plans.models import Plan


class Command(BaseCommand):
    help = "导出规划的终期评估（.xlsx）：每项指标的基数、最后一年目标与完成值、完成率、年均变化和终期评价，以及任务量化目标的完成情况。"

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="规划代码，如 mfg2023")
        parser.add_argument(
            "-o", "--output", type=Path, required=True, help="输出文件（.xlsx，或加 --docx 时为 .docx）"
        )
        parser.add_argument(
            "--docx", action="store_true", help="生成 Word 格式的终期评估报告（党政机关公文格式）"
        )

    def handle(self, *args, plan: str, output: Path, docx: bool, **options):
        found = Plan.objects.filter(code=plan).first()
        if found is None:
            known = "、".join(Plan.objects.values_list("code", flat=True)) or "无"
            raise CommandError(f"没有代码为“{plan}”的规划（已有：{known}）")
        suffix = ".docx" if docx else ".xlsx"
        if output.suffix.lower() != suffix:  # a Word file named .xlsx (or the reverse) opens as a broken file
            raise CommandError(
                f"输出文件 {output} 应以 {suffix} 结尾{'（--docx 生成 Word 文档）' if docx else ''}"
            )
        assessment = assessment_build(found, today=timezone.localdate())
        try:
            if docx:
                assessment_document(assessment).save(output)
                count = len(assessment.rows)
            else:
                count = AssessmentExporter(assessment).write(output)
        except OSError as e:
            raise CommandError(f"无法写入 {output}：{e.strerror or e}") from None
        self.stdout.write(assessment.verdict)
        kind = "终期评估报告（Word）" if docx else "终期评估"
        self.stdout.write(self.style.SUCCESS(f"已导出 {count} 项指标的{kind}到 {output}"))
