"""The 终期评估报告 as a Word document in GB/T 9704 layout: the plan's final assessment (plans/assessment.py) put
into words by the templates/documents/assessment_*.txt wording, with the indicator table as 附件."""

import re
from dataclasses import dataclass
from decimal import Decimal

from docx.shared import Mm

from core import wording
from core.docx import OfficialDocument
from core.wording import render
from indicators.models import Indicator
from indicators.rules import fmt
from indicators.target_text import with_unit
from plans.assessment import Assessment, IndicatorResult
from tasks.progress import State

TABLE_WIDTHS = [Mm(w) for w in (18, 10, 46, 18, 22, 22, 22, 18, 30, 16)]
# With a 属性 column (a plan whose table has one): 指标 and 年均变化 give it their room.
ATTRIBUTE_WIDTHS = [Mm(w) for w in (18, 10, 37, 16, 15, 22, 22, 22, 18, 26, 16)]
_NUMBERED = re.compile(r"^[一二三四五六七八九十]+[、.．]\s*")


def has_attributes(assessment: Assessment) -> bool:
    return any(row.indicator.attribute for row in assessment.rows)


def table_headers(assessment: Assessment) -> list[str]:
    base, final = assessment.plan.baseline_year, assessment.final_year
    years = [f"{base}年\n基数", f"{final}年\n目标", f"{final}年\n完成值"]
    attribute = ["属性"] if has_attributes(assessment) else []
    return ["一级指标", "序号", "指标", "单位", *attribute, *years, "完成率", "年均变化", "终期\n评价"]


def chapter_name(title: str) -> str:
    """A task chapter's title without its own numeral ("一、全力保障工业稳定运行" → "全力保障工业稳定运行"):
    the report numbers it at its own level."""
    return _NUMBERED.sub("", title.strip())


@dataclass(frozen=True)
class Row:
    """An indicator's result as the text shows it: numbers with their units ("39.1万元/人", "35左右", "—")."""

    indicator: Indicator
    baseline: str
    target: str
    value: str
    rate: str  # "100.5", or "" without a rate
    change: str
    verdict: str
    reason: str


def _quantity(value: Decimal | None, unit: str) -> str:
    return f"{fmt(value)}{unit}" if value is not None else ""


def _row(result: IndicatorResult) -> Row:
    indicator, target = result.indicator, result.target
    unit = indicator.unit
    baseline = with_unit(indicator.baseline_text, unit) if indicator.baseline_text else "—"
    if indicator.baseline is not None and indicator.baseline_text == fmt(indicator.baseline):
        baseline = _quantity(indicator.baseline, unit)
    shown_target = "—" if target is None else with_unit(target.source_text, unit)
    if target is not None and target.is_plain_number:
        shown_target = _quantity(target.value, unit)
    rate = fmt(result.rate) if result.rate is not None else ""
    value = _quantity(result.value, unit)
    return Row(
        indicator,
        baseline,
        shown_target,
        value,
        rate,
        result.change,
        result.verdict,
        result.evaluation.reason,
    )


def context(assessment: Assessment) -> dict:
    chapters = [
        {
            "title": chapter.title,
            "name": chapter_name(chapter.title),
            "counts": chapter.counts,
            "behind": [r for r in chapter.commitments if r.progress.state == State.BEHIND],
        }
        for chapter in assessment.chapters
    ]
    long_term = [
        r for chapter in assessment.chapters for r in chapter.commitments if r.commitment.is_long_term
    ]
    return {
        "plan": assessment.plan,
        "final_year": assessment.final_year,
        "verdict": assessment.verdict,
        "counts": assessment.counts,
        "total": len(assessment.rows),
        "failures": assessment.failures,
        "binding_failures": [r for r in assessment.failures if r.indicator.is_binding],
        "chapters": chapters,
        "long_term": sorted(long_term, key=lambda r: r.commitment.due_year),
    }


def assessment_document(assessment: Assessment) -> OfficialDocument:
    """Title, addressee, intro, 总体情况, one part per category, the tasks, what comes next, and the table."""
    data = context(assessment)
    document = OfficialDocument()
    document.title(render("assessment_title.txt", data))
    document.addressee(render("assessment_addressee.txt", data))
    for line in wording.lines(render("assessment_intro.txt", data)):
        document.paragraph(line)

    def section(name: str) -> bool:
        return document.section(wording.lines(render(name, data)))

    section("assessment_overall.txt")
    if section("assessment_categories.txt"):
        for i, category in enumerate(assessment.categories):
            rows = [_row(r) for r in category.rows]
            extra = {"category": category.category, "rows": rows}
            document.subsection(i, wording.lines(render("assessment_category.txt", {**data, **extra})))
    if assessment.chapters and section("assessment_tasks.txt"):
        for i, chapter in enumerate(data["chapters"]):
            document.subsection(
                i, wording.lines(render("assessment_chapter.txt", {**data, "chapter": chapter}))
            )
    section("assessment_next.txt")
    attachment = render("assessment_attachment.txt", data).strip()
    document.attachment_note([attachment])
    document.signature(render("assessment_sender.txt", data).strip(), assessment.today)
    document.attachment(attachment)
    widths = ATTRIBUTE_WIDTHS if has_attributes(assessment) else TABLE_WIDTHS
    document.table(table_headers(assessment), _table(assessment), widths=widths, merge_down=[0])
    return document


def _table(assessment: Assessment) -> list[list[str]]:
    rows, attributes = [], has_attributes(assessment)
    for category in assessment.categories:
        for result in category.rows:
            row, indicator = _row(result), result.indicator
            rows.append(
                [
                    category.category.name,
                    str(indicator.number),
                    indicator.name + indicator.mark,
                    indicator.unit or "—",
                    *([indicator.get_attribute_display() or "—"] if attributes else []),
                    row.baseline,
                    row.target,
                    row.value or "—",
                    f"{row.rate}%" if row.rate else "—",
                    row.change,
                    row.verdict,
                ]
            )
    return rows


def assessment_filename(assessment: Assessment) -> str:
    return render("assessment_title.txt", context(assessment)).replace("\n", "").strip() + ".docx"
