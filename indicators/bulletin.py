"""The 通报 of one year and period as a Word document in GB/T 9704 layout: the dashboard's standings put into
words. The fixed wording lives in templates/documents/bulletin_*.txt (Django template syntax), which a
coordinator adjusts without code; this module gathers the facts those templates read, and core/docx lays
the result out.

Template convention: each non-empty line becomes a paragraph; in a section template the first line is the
section's heading, numbered here (一、二、…), and a section that renders empty is left out. The 版头 and 版记
(bulletin_issuer, bulletin_number, bulletin_cc, bulletin_printer) are one line each; an empty 发文机关标志 leaves
the 版头 out, an empty 印发机关 the 版记.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from docx.shared import Mm

from core import wording
from core.docx import OfficialDocument, Span
from core.wording import render
from indicators.exports import CAUSES, appendix_cells, catch_up_text, handed_in, miss_fields
from indicators.models import Period, binding_first
from indicators.rules import fmt
from indicators.selectors import target_cells
from indicators.standings import STANDINGS, DashboardRow, DepartmentProgress, standings_get
from indicators.target_text import with_unit
from plans.models import Plan

JUDGED = ["已达标", "基本达标", "力争未达", "未达标", "待评估", "待审核"]  # the dashboard's 通报稿 order


def table_headers(plan: Plan, *, attributes: bool = False) -> list[str]:
    """The 附件 table's columns: the appendix's (属性 when the plan's table has one), with the plan's own
    baseline and target years."""
    years = [f"{y}年\n目标" for y in plan.target_years]
    return [
        "一级指标",
        "序号",
        "指标",
        "单位",
        *(["属性"] if attributes else []),
        f"{plan.baseline_year}年",
        *years,
        "责任部门",
        "完成值",
        "状态",
    ]


def table_widths(plan: Plan, *, attributes: bool = False) -> list[Mm]:
    if attributes:  # 属性 takes its room from 指标, 单位 and the years
        return [Mm(w) for w in (19, 12, 33, 15, 15, 19, *(19 for _ in plan.target_years), 20, 15, 16)]
    return [Mm(w) for w in (19, 12, 40, 17, 21, *(21 for _ in plan.target_years), 20, 15, 16)]


@dataclass(frozen=True)
class Item:
    """One indicator as the text names it, with its department's own words when it missed."""

    number: int
    name: str  # "7.规上工业企业研发投入强度"
    lead: str
    value: str  # "1.9%" or "" when nothing was handed in
    target: str  # the appendix cell with its unit: "1.95%", "34.8%左右", "力争1家"
    reason: str  # the evaluation's one line, or the pace's
    explanation: str = ""
    cause: str = ""
    remedy: str = ""
    catch_up: str = ""
    on_pace: bool | None = None  # a year-to-date figure: at or ahead of the 序时进度
    attribute: str = ""  # 属性: "约束性", "预期性" or "" when the plan's table has none


@dataclass(frozen=True)
class Bulletin:
    """Everything the templates say, all taken from the dashboard's standings for the year and period."""

    plan: Plan
    year: int
    period: str
    slot: str  # "2024年", "2024年上半年"
    today: date
    total: int
    counts: dict[str, int]
    judged: list[tuple[str, int]]  # nonzero counts in the 通报稿's order
    items: dict[str, list[Item]]  # standing → indicators
    laggards: list[Item]  # 未达标, or for a year-to-date period 按当前进度预计未达标; 约束性 first
    progress: list[DepartmentProgress]
    appendix: list[list] = field(default_factory=list)
    attributes: bool = False  # the plan's table has a 属性 column
    serial: str = ""  # the 发文字号's number, "" to be written in by hand
    lights: dict[str, int] = field(default_factory=dict)  # 红 / 黄 / 绿 → how many indicators

    @property
    def is_annual(self) -> bool:
        return self.period == Period.YEAR

    @property
    def period_label(self) -> str:
        return Period(self.period).label

    def context(self) -> dict:
        expected = sum(p.expected for p in self.progress)
        submitted = sum(p.submitted for p in self.progress)
        on_time = sum(p.on_time for p in self.progress)
        return {
            "bulletin": self,
            "plan": self.plan,
            "year": self.year,
            "slot": self.slot,
            "period_label": self.period_label,
            "is_annual": self.is_annual,
            "total": self.total,
            "counts": self.counts,
            "lights": {
                "red": self.lights.get("红", 0),
                "yellow": self.lights.get("黄", 0),
                "green": self.lights.get("绿", 0),
            },
            "judged": self.judged,
            "missing_count": self.counts["未报送"],
            "not_due_count": self.counts["未到期"],
            "met": self.items["已达标"],
            "nearly_met": self.items["基本达标"],
            "not_met": self.items["未达标"],
            "strive": self.items["力争未达"],
            "pending": self.items["待评估"],
            "awaiting": self.items["待审核"],
            "missing": self.items["未报送"],
            "laggards": self.laggards,
            "binding_laggards": [i for i in self.laggards if i.attribute == "约束性"],
            "serial": self.serial,
            "today": self.today,
            "on_pace": [i for items in self.items.values() for i in items if i.on_pace is True],
            "behind_pace": [i for items in self.items.values() for i in items if i.on_pace is False],
            "expected": expected,
            "submitted": submitted,
            "approved": sum(p.approved for p in self.progress),
            "on_time_rate": round(100 * on_time / submitted) if submitted else None,
            "late": [
                {"name": p.department.name, "overdue": p.overdue, "late": p.submitted - p.on_time}
                for p in self.progress
                if p.overdue or p.submitted > p.on_time
            ],
            "returned": [
                {"name": p.department.name, "returns": p.returns} for p in self.progress if p.returns
            ],
        }


def bulletin_gather(*, plan: Plan, year: int, period: str, today: date, serial: str = "") -> Bulletin:
    """The facts of the 通报 from the same cached standings the dashboard shows (so the counts agree); the
    misses name 约束性 indicators first."""
    standings = standings_get(plan=plan, year=year, period=period, today=today)
    attributes = any(r.indicator.attribute for r in standings.rows)
    rows = sorted(standings.rows, key=lambda r: (r.indicator.category.sort_order, r.indicator.number))
    misses = miss_fields(rows)
    items = {s: [_item(r, misses) for r in binding_first(rows) if r.standing == s] for s in STANDINGS}
    if period == Period.YEAR:
        laggards = items["未达标"]
    else:
        behind = [r for r in rows if r.pace is not None and r.pace.projected_miss]
        laggards = [_item(r, misses) for r in binding_first(behind)]
    return Bulletin(
        plan=plan,
        year=year,
        period=period,
        slot=f"{year}年" + ("" if period == Period.YEAR else Period(period).label),
        today=today,
        total=len(rows),
        counts=dict(standings.counts),
        judged=[(s, standings.counts[s]) for s in JUDGED if standings.counts[s]],
        items=items,
        laggards=laggards,
        progress=list(standings.progress),
        appendix=[_appendix_row(r, plan, attributes) for r in rows],
        attributes=attributes,
        serial=serial,
        lights=dict(standings.lights),
    )


def serial_valid(text: str) -> bool:
    """A 发文字号's number as GB/T 9704 writes it: Arabic numerals, no leading zero (not "012", not "第12")."""
    return text.isascii() and text.isdigit() and len(text) <= 5 and not text.startswith("0")


def bulletin_document(bulletin: Bulletin) -> OfficialDocument:
    """The 通报 laid out: 版头, title, addressee, intro, numbered sections, 附件说明, signature, the 附件 table
    and the 版记."""
    context = bulletin.context()
    document = OfficialDocument()
    issuer = render("bulletin_issuer.txt", context).strip()
    if issuer:
        document.masthead(issuer, render("bulletin_number.txt", context).strip())
    document.title(render("bulletin_title.txt", context))
    document.addressee(render("bulletin_addressee.txt", context))
    for line in wording.lines(render("bulletin_intro.txt", context)):
        document.paragraph(line)
    sections = ["bulletin_overall.txt", "bulletin_met.txt", "bulletin_laggards.txt", "bulletin_reporting.txt"]
    for name in [*sections, "bulletin_requirements.txt"]:
        if document.section(wording.lines(render(name, context))) and name == "bulletin_laggards.txt":
            for i, item in enumerate(bulletin.laggards):
                document.subsection(
                    i, wording.lines(render("bulletin_laggard.txt", {**context, "item": item}))
                )
    attachment = render("bulletin_attachment.txt", context).strip()
    document.attachment_note([attachment])
    document.signature(render("bulletin_sender.txt", context).strip(), bulletin.today)
    document.attachment(attachment)
    plan = bulletin.plan
    attributes = bulletin.attributes
    document.table(
        table_headers(plan, attributes=attributes),
        bulletin.appendix,
        widths=table_widths(plan, attributes=attributes),
        merge_down=[0],
    )
    printer = render("bulletin_printer.txt", context).strip()
    if printer:
        cc = render("bulletin_cc.txt", context).strip()
        document.imprint(cc=cc, printer=printer, day=bulletin.today)
    return document


def bulletin_filename(bulletin: Bulletin) -> str:
    return render("bulletin_title.txt", bulletin.context()).replace("\n", "").strip() + ".docx"


def _item(row: DashboardRow, misses: dict[int, dict]) -> Item:
    indicator, figure, shown = row.indicator, row.row.figure, handed_in(row)
    miss = misses.get(figure.pk, {}) if shown else {}
    return Item(
        number=indicator.number,
        name=f"{indicator.number}.{indicator.name}",
        lead=row.lead.name if row.lead else "",
        value=_quantity(figure.value, indicator.unit) if shown and figure.value is not None else "",
        target=with_unit(row.row.target.source_text, indicator.unit) if row.row.target is not None else "",
        reason=row.reason,
        explanation=_sentence(figure.explanation) if shown else "",
        cause=CAUSES.get(miss.get("miss_cause", ""), ""),
        remedy=_sentence(miss.get("remedy", "")),
        catch_up=catch_up_text(miss),
        on_pace=row.pace.on_track if row.pace is not None else None,
        attribute=indicator.get_attribute_display() if indicator.attribute else "",
    )


def _appendix_row(row: DashboardRow, plan: Plan, attributes: bool) -> list:
    """The 附件 table's row: the appendix columns (targets merged across years as in the plan; 属性 when the
    plan's table has one), 完成值, 状态."""
    category, number, name, unit, baseline, *_targets, departments = appendix_cells(row.indicator, plan)
    figure = row.row.figure
    value = fmt(figure.value) if handed_in(row) and figure.value is not None else "—"
    targets = [Span(c.text or "—", c.colspan) for c in target_cells(row.indicator, plan.target_years)]
    return [
        category,
        str(number),
        name,
        unit or "—",
        *([row.indicator.get_attribute_display() or "—"] if attributes else []),
        _text(baseline),
        *targets,
        departments,
        value,
        row.standing,
    ]


def _text(value) -> str:
    if isinstance(value, Decimal):
        return fmt(value)
    return str(value) if value not in (None, "") else "—"


def _quantity(value: Decimal, unit: str) -> str:
    return f"{fmt(value)}{unit}"


def _sentence(text: str) -> str:
    """A department's text as a sentence of the document: trimmed, ending in a full stop."""
    text = " ".join(text.split())
    return text if not text or text[-1] in "。！？；" else text + "。"
