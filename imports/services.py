"""Bulk Excel import of figures, after pretix's modelimport: read the file → validate every row, collecting
"工作表 X 第 N 行 [列]：message" → plan each row against the database (新增 / 修改 / 未变 / 错误) →
import_confirm writes everything in one transaction with core.bulk's executemany (history kept), or nothing.

The upload and its preview wait in the database (ImportBatch), so any worker can confirm it; confirming
plans again against the current figures and refuses rows whose figure changed since the preview.
"""

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from decimal import Decimal
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone

from core import bulk, freshness
from core.params import int_param
from core.values import ValueParseError, denoise, parse_value
from core.xlsx import FORMULA_STARTS
from departments.models import Department
from imports import files, layout
from imports.models import ImportBatch
from imports.quality_check import rows_quality
from indicators import permissions
from indicators.evaluation import MISSES, assess
from indicators.models import PERIOD_ORDER, Figure, Indicator, IndicatorDepartment, Period, Target
from indicators.rules import fmt
from plans.models import Plan
from plans.selectors import plan_for_year, plan_list, years_all

Status = Figure.Status
NEW, CHANGED, UNCHANGED, ERROR = "new", "changed", "unchanged", "error"
ACTION_LABELS = {NEW: "新增", CHANGED: "修改", UNCHANGED: "未变", ERROR: "错误"}
MAX_PLACES = 4  # the database keeps four decimal places
MAX_RANK = 20
PROGRESS_EVERY = 1000
Progress = Callable[[int, int], None]  # (rows done, rows in file)
MISS_FIELDS = ["miss_cause", "remedy", "catch_up_year", "catch_up_period"]
PLANNED_FIELDS = [
    "id",
    "indicator_id",
    "year",
    "period",
    "version",
    "status",
    "value",
    "rank",
    "explanation",
    *MISS_FIELDS,
]
WRITTEN_FIELDS = [  # the columns an import sets (attnames)
    "value",
    "rank",
    "explanation",
    *MISS_FIELDS,
    "status",
    "version",
    "source",
    "source_file",
    "source_sheet",
    "source_row",
    "updated_by_id",
    "updated_at",
    "submitted_at",
    "quality_findings",
]

PERIODS = {
    **{text: Period.YEAR for text in ("", "全年", "年度", "全年度", "年", "1-12月", "year")},
    **{text: Period.Q1 for text in ("一季度", "第一季度", "1季度", "1-3月", "q1")},
    **{text: Period.H1 for text in ("上半年", "1-6月", "h1")},
    **{text: Period.Q3 for text in ("前三季度", "1-9月", "q3")},
}


class ImportExpired(Exception):
    message = "该预览已失效（超过有效期未确认），请重新上传文件。"

    def __init__(self):
        super().__init__(self.message)


@dataclass
class ImportRow:
    """One data row of the file: its place, what it means once validated, and what importing it would do."""

    sheet: str
    row: int
    indicator_id: int | None = None
    label: str = ""
    year: int | None = None
    period: str = Period.YEAR
    value: str | None = None  # Decimal as text, so the row survives the JSON of the stored preview
    rank: int | None = None
    explanation: str | None = None  # None: the file has no 说明 column, keep the figure's
    miss_cause: str | None = None  # the same for 原因类别 (a Figure.MissCause value), 整改措施 and 预计赶上
    remedy: str | None = None
    catch_up: str | None = None  # "2026-h1", "" for none
    has_rank: bool = False
    action: str = ""
    figure_id: int | None = None
    version: int = 0  # the figure's version when planned (0: no figure yet)
    changes: list = field(default_factory=list)  # [field label, old, new]
    errors: list = field(default_factory=list)
    quality: list = field(default_factory=list)  # 数据质量 warnings (imports.quality_check), never blocking

    @property
    def key(self) -> tuple:
        return self.indicator_id, self.year, self.period

    @property
    def place(self) -> str:
        return f"工作表 {self.sheet} 第 {self.row} 行"

    @property
    def period_label(self) -> str:
        return Period(self.period).label

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, "")

    def error(self, message: str, header: str | None = None) -> None:
        column = f" [{header}]" if header else ""
        self.errors.append(f"{self.place}{column}：{message}")

    def to_json(self) -> dict:
        # Shallow: the fields are scalars and lists of strings (asdict's deep copy costs more than the parse).
        return {name: getattr(self, name) for name in _ROW_FIELDS}

    @classmethod
    def from_json(cls, data: dict) -> "ImportRow":
        return cls(**data)


_ROW_FIELDS = [f.name for f in fields(ImportRow)]


@dataclass
class Preview:
    rows: list[ImportRow]
    skipped: int = 0  # rows without a value: no figure

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def errors(self) -> list[str]:
        return [message for row in self.rows for message in row.errors]


# The plan's vocabulary: indicators by number, name or code, and departments by name, short name or code.


_SPACES = re.compile(r"\s+")
_TRAILING_UNIT = re.compile(r"[（(][^（）()]*[）)]$")


@lru_cache(maxsize=4096)  # a file repeats each name on every year's row, and the department on every row
def _key(text: str) -> str:
    """A name as compared: full-width folded, spaces, the △ mark and a trailing "（unit）" removed."""
    text = _SPACES.sub("", unicodedata.normalize("NFKC", text).replace("△", ""))
    return _TRAILING_UNIT.sub("", text).lower()


@dataclass
class Catalog:
    """Indicators by (plan id, number) and (plan id, name or code); a row's year picks the plan."""

    plans: list[Plan]
    by_number: dict
    by_key: dict
    lead: dict  # indicator id → lead Department
    departments: dict

    def plan_for(self, year: int | None) -> Plan | None:
        """The plan covering the year; for a row without a valid year, the newest plan (to check the rest)."""
        found = plan_for_year(year, self.plans) if year is not None else None
        return found or next(iter(self.plans), None)

    @classmethod
    def load(cls) -> "Catalog":
        links = IndicatorDepartment.objects.filter(order=0).select_related("department")
        indicators = list(
            Indicator.objects.prefetch_related(Prefetch("department_links", queryset=links, to_attr="leads"))
        )
        by_key = {}
        for indicator in indicators:
            by_key[indicator.plan_id, _key(indicator.name)] = indicator
            by_key[indicator.plan_id, indicator.code.lower()] = indicator
        departments = {}
        for department in Department.objects.all():
            for text in (department.name, department.short_name, department.code):
                departments[_key(text)] = department
        return cls(
            plans=plan_list(),
            by_number={(i.plan_id, i.number): i for i in indicators if i.number is not None},
            by_key=by_key,
            lead={i.pk: i.leads[0].department if i.leads else None for i in indicators},
            departments=departments,
        )


def _text(value) -> str:
    if layout.is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFKC", str(value)).strip()


def _unescaped(value) -> str:
    """Free text as written; our exports put "'" before text starting like a formula: take it off again."""
    text = "" if layout.is_blank(value) else str(value).strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _integer(value) -> int | None:
    """1, 1.0, "1", "01", "2024年" → the integer; anything else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and not layout.is_blank(value):
        return int(value) if float(value).is_integer() else None
    text = _text(value).removesuffix("年度").removesuffix("年").removesuffix(".0")
    return int_param(text)


# Validate: the cells of one row → typed values, each problem an error naming sheet, row, column and cell.


def row_validate(raw: layout.RawRow, catalog: Catalog, years: Iterable[int]) -> ImportRow | None:
    """The typed row, or None when it carries no value (blank, "—", "-": no figure)."""
    cells, headers = raw.cells, raw.headers
    row = ImportRow(raw.sheet, raw.row)
    try:
        value = parse_value(cells["value"])
    except ValueParseError as e:
        row.error(str(e), headers["value"])
        value = None
    else:
        if value is None:
            return None
    # The year picks the plan the indicator belongs to; its errors are listed after the indicator's.
    year_row = ImportRow(raw.sheet, raw.row)
    year = _year(year_row, cells, headers, raw.year, years)
    plan = catalog.plan_for(year)
    indicator = _indicator(row, cells, headers, catalog, plan.pk if plan else None)
    if indicator is not None:
        row.indicator_id, row.label = indicator.pk, str(indicator)
        if value is not None:
            value = denoise(value, indicator.precision)
            if -value.as_tuple().exponent > MAX_PLACES:
                row.error(f"“{_text(cells['value'])}”最多保留 {MAX_PLACES} 位小数", headers["value"])
            else:
                row.value = fmt(value)
        _check_department(row, cells, headers, catalog, indicator)
    row.year = year
    row.errors += year_row.errors
    row.period = _period(row, cells, headers)
    if "rank" in cells:
        row.has_rank = True
        row.rank = _rank(row, cells["rank"], headers["rank"])
    if "explanation" in cells:
        row.explanation = _unescaped(cells["explanation"])
    if "miss_cause" in cells:
        row.miss_cause = _miss_cause(row, cells["miss_cause"], headers["miss_cause"])
    if "remedy" in cells:
        row.remedy = _unescaped(cells["remedy"])
    if "catch_up" in cells:
        row.catch_up = _catch_up(row, cells["catch_up"], headers["catch_up"])
    return row


_CAUSES = {**{label: value for value, label in Figure.MissCause.choices}, **dict(Figure.MissCause.choices)}
_CATCH_UP = re.compile(r"^(\d{4})\s*[-－—]?\s*(.*)$")


def _miss_cause(row: ImportRow, cell, header: str) -> str:
    text = _unescaped(cell)
    if not text:
        return ""
    if unicodedata.normalize("NFKC", text) in _CAUSES:
        return _CAUSES[unicodedata.normalize("NFKC", text)]
    row.error(f"“{text}”不是原因类别，请填写{'、'.join(Figure.MissCause.labels)}之一", header)
    return ""


def _catch_up(row: ImportRow, cell, header: str) -> str:
    """ "2026年上半年", "2026 全年", "2026" → "2026-h1", "2026-year"; later than the row's own period."""
    text = _text(cell)
    if not text:
        return ""
    match = _CATCH_UP.match(text)
    rest = match.group(2).strip() if match else ""
    period = PERIODS.get(rest, PERIODS.get(rest.removeprefix("年").strip())) if match else None
    if period is None:
        row.error(
            f"“{text}”不是有效的期间，请填写如“{(row.year or 2025) + 1}年上半年”“{(row.year or 2025) + 1}年全年”",
            header,
        )
        return ""
    year = int(match.group(1))
    if row.year and (year, PERIOD_ORDER.index(period)) <= (row.year, PERIOD_ORDER.index(row.period)):
        row.error(f"预计赶上的期间“{text}”应晚于本期（{row.year}年{row.period_label}）", header)
        return ""
    return f"{year}-{period}"


def _indicator(row: ImportRow, cells: dict, headers: dict, catalog: Catalog, plan_id) -> Indicator | None:
    number_text, name_text = _text(cells.get("number")), _text(cells.get("name"))
    indicator = None
    if number_text:
        number = _integer(cells["number"])
        indicator = (
            catalog.by_number.get((plan_id, number))
            if number is not None
            else catalog.by_key.get((plan_id, _key(number_text)))
        )
        if indicator is None:
            row.error(f"没有序号为“{number_text}”的指标", headers["number"])
            return None
    if name_text:
        named = catalog.by_key.get((plan_id, _key(name_text)))
        if indicator is None and named is None:
            row.error(f"没有名为“{name_text}”的指标", headers["name"])
        elif indicator is not None and named != indicator:
            row.error(f"“{name_text}”与序号 {number_text} 的指标“{indicator.name}”不符", headers["name"])
            return None
        indicator = indicator or named
    if not number_text and not name_text:
        header = headers.get("number") or headers.get("name")
        row.error("缺少指标：请填写序号或指标名称", header)
    return indicator


def _check_department(row: ImportRow, cells: dict, headers: dict, catalog: Catalog, indicator) -> None:
    text = _text(cells.get("department"))
    if not text:
        return
    first = re.split(r"[、,，;；/\s]+", text)[0]  # the template lists every department, the lead first
    department = catalog.departments.get(_key(first))
    lead = catalog.lead.get(indicator.pk)
    if department is None:
        row.error(f"“{text}”不是已知的责任单位", headers["department"])
    elif lead is not None and department != lead:
        row.error(f"“{text}”不是该指标的牵头部门（应为 {lead.name}）", headers["department"])


def _year(row: ImportRow, cells: dict, headers: dict, stamped: int | None, years) -> int | None:
    if "year" in cells and not layout.is_blank(cells["year"]) and _text(cells["year"]):
        year = _integer(cells["year"])
        if year is None or year not in years:
            row.error(f"“{_text(cells['year'])}”不是规划年度（{_allowed(years)}）", headers["year"])
            return None
        return year
    if stamped is None:
        row.error("缺少年度：请增加“年度”列，或使用系统生成的模板")
    elif stamped not in years:
        row.error(f"表头上方标注的年度 {stamped} 不是规划年度（{_allowed(years)}）")
        return None
    return stamped


def _allowed(years) -> str:
    return "、".join(str(y) for y in years) if len(years) < 5 else f"{min(years)}—{max(years)}"


def _period(row: ImportRow, cells: dict, headers: dict) -> str:
    if "period" not in cells:
        return Period.YEAR
    text = _text(cells["period"]).lower()
    if text not in PERIODS:
        row.error(f"“{text}”不是有效的期间（全年、一季度、上半年、前三季度）", headers["period"])
        return Period.YEAR
    return PERIODS[text]


def _rank(row: ImportRow, cell, header: str) -> int | None:
    try:
        rank = parse_value(cell)
    except ValueParseError as e:
        row.error(str(e), header)
        return None
    if rank is None:
        return None
    if rank != rank.to_integral_value() or not 1 <= rank <= MAX_RANK:
        row.error(f"“{_text(cell)}”应为 1—{MAX_RANK} 的整数", header)
        return None
    return int(rank)


def rows_read(
    file_name: str,
    data: bytes,
    catalog: Catalog,
    years: Iterable[int],
    progress: Progress | None = None,
    *,
    user: str = "-",
) -> tuple[list[ImportRow], int]:
    """Check and read the file (in a limited child process), find each sheet's table and validate its rows;
    (rows, rows without value). Raises files.FileRejected for a file that cannot be imported at all."""
    tables = [layout.find_table(sheet) for sheet in files.read_upload(file_name, data, user=user)]
    tables = [t for t in tables if t.header_row is not None]
    if not tables:
        raise files.FileRejected(
            f"未找到表头：前 {layout.HEADER_SEARCH_ROWS} 行中应有“序号”或“指标”列，以及“完成值”列。"
        )
    count, limit = sum(len(t.rows) for t in tables), settings.IMPORT_MAX_ROWS
    if count > limit:
        raise files.FileRejected(f"文件共有 {count} 行数据，超过 {limit} 行的上限，请分成几个文件导入。")
    years = list(years)
    rows, skipped = [], 0
    for table in tables:
        for raw in table.rows:
            if progress and (len(rows) + skipped) % PROGRESS_EVERY == 0:
                progress(len(rows) + skipped, count)
            row = row_validate(raw, catalog, years)
            if row is None:
                skipped += 1
            else:
                rows.append(row)
    return rows, skipped


# Plan: compare each valid row with the database and apply the workflow's rules.


def figures_for(rows: list[ImportRow], *, lock: bool = False) -> dict:
    """The existing figures the rows refer to, by (indicator, year, period), in one query, as dicts by attname.
    Locked to be written: every column, as the history rows need them; else only the columns the plan reads."""
    indicator_ids = {r.indicator_id for r in rows if r.indicator_id}
    years = {r.year for r in rows if r.year}
    # No ordering: the model's default joins the indicators and sorts (and would lock them too).
    figures = Figure.objects.filter(indicator_id__in=indicator_ids, year__in=years).order_by()
    figures = figures.select_for_update().values() if lock else figures.values(*PLANNED_FIELDS)
    return {(f["indicator_id"], f["year"], f["period"]): f for f in figures}


class MissCheck:
    """An annual value that misses its target must come with a 说明, as on the entry form (DESIGN: "explanation
    required when the value misses its target"). Judged as the form judges it: the plan's and any adjusted
    target, and for 年均增速高于规上工业增速 the companion series — the file's own value for it first."""

    def __init__(self, rows: list[ImportRow]):
        annual = [r for r in rows if r.period == Period.YEAR and r.indicator_id and r.year and not r.errors]
        targets = Target.objects.filter(
            indicator_id__in={r.indicator_id for r in annual}, year__in={r.year for r in annual}
        ).select_related("indicator")
        self.targets = {(t.indicator_id, t.year): t for t in targets}
        companions = {t.reference_id for t in self.targets.values() if t.reference_id}
        self.references = {
            (indicator_id, year): value
            for indicator_id, year, value in Figure.objects.filter(
                indicator_id__in=companions, period=Period.YEAR
            ).values_list("indicator_id", "year", "value")
        }
        for r in annual:
            if r.indicator_id in companions:
                self.references[r.indicator_id, r.year] = Decimal(r.value)

    def reason(self, row: ImportRow) -> str | None:
        """Why the row's value misses its target (the evaluation's own words), or None."""
        target = self.targets.get((row.indicator_id, row.year))
        if target is None or row.period != Period.YEAR:
            return None
        reference = self.references.get((target.reference_id, row.year))
        assessment = assess(target, row.period, Decimal(row.value), rank=row.rank, reference=reference)
        if assessment is None or not assessment.is_miss:
            return None
        missed = assessment.current if assessment.current.status in MISSES else assessment.original
        return missed.reason


def rows_plan(rows: list[ImportRow], *, user, figures: dict, recheck: bool = False) -> None:
    """Set each row's action (新增/修改/未变/错误), changes and errors. With recheck (confirming), a figure
    whose version moved since the preview is an error, never overwritten."""
    importable = set(permissions.indicators_importable_by(user).values_list("pk", flat=True))
    may_override = permissions.can_import_all(user)
    foreign = {r.indicator_id for r in rows if r.indicator_id and r.indicator_id not in importable}
    leads = dict(
        IndicatorDepartment.objects.filter(order=0, indicator_id__in=foreign).values_list(
            "indicator_id", "department__name"
        )
        if foreign
        else {}
    )
    misses = MissCheck(rows)
    if not recheck:  # the preview checked: a figure changed since then is refused by its version
        rows_quality(rows)
    seen = {}
    for row in rows:
        if row.errors or row.indicator_id is None or row.year is None:
            row.action = ERROR
            continue
        if row.key in seen:
            row.error(f"与 {seen[row.key]} 重复（同一指标、年度、期间）")
        seen.setdefault(row.key, row.place)
        if row.indicator_id not in importable:
            row.error(f"只能导入本单位牵头的指标（该指标由 {leads.get(row.indicator_id, '其他单位')} 牵头）")
        figure = figures.get(row.key)
        current = figure["version"] if figure else 0
        if recheck and current != row.version:
            row.error(
                "预览后已有人填报了该数据，请重新上传文件预览"
                if row.version == 0
                else f"预览后该数据已被修改（版本 {row.version} → {current}），请重新上传文件预览"
            )
        row.figure_id, row.version = (figure["id"] if figure else None), current
        row.changes = _changes(row, figure)
        if figure is not None and row.changes:
            if figure["status"] == Status.APPROVED:
                row.error("已审核，需协调员退回后修改")
            elif figure["status"] == Status.SUBMITTED and not may_override:
                row.error("已报送，需协调员退回后修改")
        if not row.errors and (figure is None or row.changes):
            gaps = _miss_gaps(row, figure)
            miss = misses.reason(row) if gaps else None
            for column, request in gaps if miss else ():
                row.error(f"未达目标（{miss}），{request}", column)
        if row.errors:
            row.action = ERROR
        else:
            row.action = NEW if figure is None else CHANGED if row.changes else UNCHANGED


def _miss_gaps(row: ImportRow, figure: dict | None) -> list[tuple[str, str]]:
    """What a miss would still lack, as indicators.services requires on the form: 说明, 原因类别, 整改措施 and
    预计赶上, each from the file's column or else the figure's own."""
    saved = figure or {}
    saved_catch_up = (
        f"{saved['catch_up_year']}-{saved['catch_up_period']}" if saved.get("catch_up_year") else ""
    )
    have = {
        "说明": row.explanation if row.explanation is not None else saved.get("explanation", ""),
        "原因类别": row.miss_cause if row.miss_cause is not None else saved.get("miss_cause", ""),
        "整改措施": row.remedy if row.remedy is not None else saved.get("remedy", ""),
        "预计赶上": row.catch_up if row.catch_up is not None else saved_catch_up,
    }
    requests = {
        "说明": "请在“说明”列写明原因",
        "原因类别": f"请在“原因类别”列填写{'、'.join(Figure.MissCause.labels)}之一",
        "整改措施": "请在“整改措施”列填写整改措施",
        "预计赶上": "请在“预计赶上”列填写预计赶上的期间，如“2026年上半年”",
    }
    return [(column, requests[column]) for column, text in have.items() if not (text or "").strip()]


def _catch_up_label(code: str) -> str:
    year, _, period = code.partition("-")
    return f"{year}年{Period(period).label}" if period else ""


def _miss_pairs(row: ImportRow, figure: dict) -> list[tuple[str, str, str]]:
    """(label, old, new) of the miss fields the file carries, as the preview shows them."""
    causes = dict(Figure.MissCause.choices)
    pairs = []
    if row.miss_cause is not None:
        pairs.append(
            ("原因类别", causes.get(figure.get("miss_cause", ""), ""), causes.get(row.miss_cause, ""))
        )
    if row.remedy is not None:
        pairs.append(("整改措施", figure.get("remedy", "").strip(), row.remedy))
    if row.catch_up is not None:
        old = f"{figure['catch_up_year']}-{figure['catch_up_period']}" if figure.get("catch_up_year") else ""
        pairs.append(("预计赶上", _catch_up_label(old), _catch_up_label(row.catch_up)))
    return pairs


def _shown(value) -> str:
    # Decimal first: comparing one with "" goes through the numbers ABCs, slow on every row of a large file.
    if isinstance(value, Decimal):
        return fmt(value)
    return "" if value is None else str(value)


def _changes(row: ImportRow, figure: dict | None) -> list:
    """[label, old, new] for each field the row would change (all fields for a new figure)."""
    if figure is None:  # a new figure: what the row fills in (its value is already the text shown)
        new = [("完成值", row.value), ("排名", row.rank), ("说明", row.explanation)]
        new += [(label, b) for label, _, b in _miss_pairs(row, {})]
        return [[label, "", _shown(b)] for label, b in new if _shown(b)]
    value = Decimal(row.value) if row.value is not None else None
    pairs = [("完成值", figure["value"], value)]
    if row.has_rank:
        pairs.append(("排名", figure["rank"], row.rank))
    if row.explanation is not None:
        pairs.append(("说明", figure["explanation"].strip(), row.explanation))
    pairs += _miss_pairs(row, figure)
    return [[label, _shown(a), _shown(b)] for label, a, b in pairs if a != b]


def _count(batch: ImportBatch, rows: list[ImportRow]) -> None:
    batch.rows = [r.to_json() for r in rows]
    batch.new_count = sum(r.action == NEW for r in rows)
    batch.changed_count = sum(r.action == CHANGED for r in rows)
    batch.unchanged_count = sum(r.action == UNCHANGED for r in rows)
    batch.error_count = sum(r.action == ERROR for r in rows)


# The services the views and the command call.


def _require_importer(user) -> None:
    if not permissions.can_import(user):
        raise PermissionDenied("没有导入权限：只有导入员、协调员和填报员可以导入数据。")


def preview_build(
    *,
    user,
    file_name: str,
    data: bytes,
    years: Iterable[int] | None = None,
    progress: Progress | None = None,
) -> Preview:
    """Read, validate and plan the file without writing anything (the preview, and --dry-run); the years
    default to every plan's."""
    _require_importer(user)
    years = years or years_all()
    rows, skipped = rows_read(file_name, data, Catalog.load(), years, progress, user=user.get_username())
    rows_plan(rows, user=user, figures=figures_for(rows))
    return Preview(rows, skipped)


def import_preview(
    *,
    user,
    file_name: str,
    data: bytes,
    years: Iterable[int] | None = None,
    progress: Progress | None = None,
) -> ImportBatch:
    """Store the upload with its preview until it is confirmed; raises files.FileRejected for a hostile or
    unreadable file, which is not stored."""
    preview = preview_build(user=user, file_name=file_name, data=data, years=years, progress=progress)
    return batch_create(user=user, file_name=file_name, data=data, preview=preview)


@transaction.atomic
def batch_create(*, user, file_name: str, data: bytes, preview: Preview) -> ImportBatch:
    """Keep the file and its preview in the database (any worker can confirm it); purge expired ones."""
    imports_purge_expired()
    batch = ImportBatch(user=user, file_name=file_name[:255], file_data=data, file_size=len(data))
    _count(batch, preview.rows)
    batch.skipped_count = preview.skipped
    batch.status = ImportBatch.Status.REJECTED if batch.error_count else ImportBatch.Status.PENDING
    batch.save()
    return batch


def import_confirm(*, user, batch_id: int) -> ImportBatch:
    """Import a previewed upload in one transaction. The batch comes back 已导入, or — when planning again
    against the current database finds errors (a figure changed meanwhile …) — 有错误 with every error
    listed and nothing written. An expired upload is purged and refused with ImportExpired."""
    _require_importer(user)
    batch = ImportBatch.objects.filter(pk=batch_id).defer("file_data", "rows").first()
    if batch is None or batch.user_id != user.pk:
        raise ImportBatch.DoesNotExist("没有这个待确认的导入。")
    if batch.is_expired:
        imports_purge_expired()
        raise ImportExpired()
    return _commit(user, batch_id)


@transaction.atomic
def _commit(user, batch_id: int) -> ImportBatch:
    # Without the file: save() then writes back only the fields loaded, not the upload again.
    batch = ImportBatch.objects.select_for_update().defer("file_data").get(pk=batch_id)
    if batch.status != ImportBatch.Status.PENDING:
        raise ValidationError(f"该文件{batch.get_status_display()}，不能再次导入。")
    rows = [ImportRow.from_json(data) for data in batch.rows]
    figures = figures_for(rows, lock=True)
    rows_plan(rows, user=user, figures=figures, recheck=True)
    if not any(r.action == ERROR for r in rows):
        try:
            with transaction.atomic():  # a concurrent first save of the same figure trips the unique key
                _write(user, batch, rows, figures)
        except IntegrityError:
            for row in rows:
                if row.action == NEW:
                    row.action = ERROR
                    row.error("预览后已有人填报了该数据，请重新上传文件预览")
    _count(batch, rows)
    if batch.error_count:
        batch.status = ImportBatch.Status.REJECTED
    else:
        batch.status, batch.imported_at = ImportBatch.Status.IMPORTED, timezone.now()
    batch.save()
    return batch


def _write(user, batch: ImportBatch, rows: list[ImportRow], figures: dict) -> None:
    """Insert the new figures, update the changed ones and add one history row each ("+" / "~"), as
    simple-history's bulk_create_with_history / bulk_update_with_history would, with a statement per table."""
    now = timezone.now()
    blank = bulk.defaults(Figure)
    created, updated = [], []
    for row in rows:
        if row.action not in (NEW, CHANGED):
            continue
        figure = figures.get(row.key)
        written = {
            "value": Decimal(row.value),
            "status": Status.SUBMITTED,
            "version": (figure["version"] if figure else 0) + 1,
            "source": Figure.Source.IMPORT,
            "source_file": batch.file_name[:255],
            "source_sheet": row.sheet[:100],
            "source_row": row.row,
            "updated_by_id": user.pk,
            "updated_at": now,
            "submitted_at": now,
        }
        written["quality_findings"] = "\n".join(row.quality)  # shown to the reviewer
        if row.has_rank:
            written["rank"] = row.rank
        if row.explanation is not None:
            written["explanation"] = row.explanation
        if row.miss_cause is not None:
            written["miss_cause"] = row.miss_cause
        if row.remedy is not None:
            written["remedy"] = row.remedy
        if row.catch_up is not None:
            year, _, period = row.catch_up.partition("-")
            written["catch_up_year"], written["catch_up_period"] = (int(year) if year else None), period
        if figure is None:
            key = {"indicator_id": row.indicator_id, "year": row.year, "period": row.period}
            created.append({**blank, **key, **written})
        else:
            updated.append({**figure, **written})
    bulk.insert(Figure, created)
    if created:  # their ids, for the history rows
        keys = (
            Figure.objects.filter(
                indicator_id__in={f["indicator_id"] for f in created}, year__in={f["year"] for f in created}
            )
            .order_by()
            .values_list("indicator_id", "year", "period", "id")
        )
        ids = {(indicator_id, year, period): pk for indicator_id, year, period, pk in keys}
        for figure in created:
            figure["id"] = ids[figure["indicator_id"], figure["year"], figure["period"]]
    bulk.update(Figure, [{name: f[name] for name in ("id", *WRITTEN_FIELDS)} for f in updated])
    history = {"user": user, "reason": f"Excel 导入：{batch.file_name}", "date": now}
    bulk.history_insert(Figure.history.model, created, history_type="+", **history)
    bulk.history_insert(Figure.history.model, updated, history_type="~", **history)
    freshness.changed(Figure)  # the bulk statements send no signal


def imports_purge_expired() -> int:
    """Delete uploads whose preview expired unconfirmed; imported batches stay as the history."""
    count, _ = ImportBatch.objects.expired().delete()
    return count
