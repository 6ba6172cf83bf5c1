"""终期评估 as a workbook: one row per indicator (sheet 指标终期评估) and one per task commitment (任务量化目标)."""

from core.xlsx import XlsxExporter
from indicators.exports import baseline_cell, target_cell, with_attribute
from plans.assessment import Assessment


class AssessmentExporter(XlsxExporter):
    sheet_name = "指标终期评估"

    def __init__(self, assessment: Assessment):
        self.assessment = plan_assessment = assessment
        plan = plan_assessment.plan
        self.title = f"{plan.name}主要指标终期评估（{plan.span_label}）"
        self.attributes = any(row.indicator.attribute for row in assessment.rows)
        self.headers = [
            *with_attribute(
                [("一级指标", 10), ("序号", 6), ("指标", 34), ("单位", 9)], ("属性", 8), self.attributes
            ),
            (f"{plan.baseline_year}年基数", 11),
            (f"{assessment.final_year}年目标", 12),
            (f"{assessment.final_year}年完成值", 12),
            ("完成率（%）", 10),
            ("年均变化", 20),
            ("终期评价", 10),
            ("评价说明", 44),
            ("审核状态", 9),
        ]

    def title_lines(self) -> list[str]:
        d = self.assessment.today
        return [self.title, self.assessment.verdict, f"导出日期：{d.year}年{d.month}月{d.day}日"]

    def rows(self):
        for category in self.assessment.categories:
            for row in category.rows:
                indicator = row.indicator
                head = [
                    category.category.name,
                    indicator.number,
                    indicator.name + indicator.mark,
                    indicator.unit,
                ]
                yield [
                    *with_attribute(head, indicator.get_attribute_display() or None, self.attributes),
                    baseline_cell(indicator),
                    target_cell(row.target),
                    row.value,
                    row.rate,
                    row.change,
                    row.verdict,
                    row.evaluation.reason,
                    row.review_status,
                ]

    def workbook(self):
        wb, count = super().workbook()
        if self.assessment.chapters:
            CommitmentSheet(self.assessment).sheet_write(wb.create_sheet())
        return wb, count


class CommitmentSheet(XlsxExporter):
    """The task commitments' final state: the number the lead unit reported for the final year and its state."""

    sheet_name = "任务量化目标"
    headers = [
        ("章", 22),
        ("所属", 12),
        ("量化目标", 44),
        ("目标", 16),
        ("完成", 12),
        ("状态", 10),
        ("说明", 30),
    ]

    def __init__(self, assessment: Assessment):
        self.assessment = assessment
        self.title = f"{assessment.plan.name}任务量化目标终期情况（{assessment.final_year}年底）"

    def rows(self):
        for chapter in self.assessment.chapters:
            for row in chapter.commitments:
                commitment, progress = row.commitment, row.progress
                yield [
                    chapter.title,
                    commitment.owner_label,
                    commitment.name,
                    commitment.target_text,
                    progress.value,
                    progress.state.label,
                    "；".join(filter(None, [row.reading.text if row.reading else "", progress.reason])),
                ]
