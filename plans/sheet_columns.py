"""What each column of a published indicator table means, found by its header, in any order.

Recognised (header cells compared with spaces, line breaks and quotes removed, full-width folded):
一级指标 / 类别 / 领域 → category; 序号 / 编号, or an unlabelled first column of numbers → number; 指标 / 指标名称 /
主要指标 → indicator; 单位 / 计量单位 → unit; 属性 / 指标属性 → attribute (预期性 / 约束性); 责任部门 / 责任单位 /
牵头部门 / 牵头单位 → departments; "2025年" / "2025年基数" / "基数" / "基期值" / "现状值" → baseline; "2026年目标"
→ that year's target; "十五五目标" / "目标值" / "规划目标" → the plan's last year (from the header itself, the
`years` option, or the title: "十五五", "2024—2026年"). Every other labelled column is reported as unused.
"""

import re
from dataclasses import dataclass, field

from plans.sheet_cells import header_key, squeeze

_QUOTES = re.compile(r"[“”\"'‘’《》]")
_ROLES = {
    "category": {"一级指标", "类别", "领域", "指标类别", "分类"},
    "number": {"序号", "编号"},
    "unit": {"单位", "计量单位", "指标单位"},
    "attribute": {"属性", "指标属性", "指标性质"},
    "departments": {"责任部门", "责任单位", "牵头部门", "牵头单位"},
}
_INDICATOR = re.compile(r"(?:主要|具体|二级)?指标(?:名称)?(?:\(.*\))?△?")
_BASELINE = re.compile(r"([0-9]{4})年(?:基数|基期值?|实际值?|完成值?|现状值?)?")
_BASELINE_ONLY = {"基数", "基期值", "基期", "现状值", "基数值"}
_TARGET = re.compile(r"([0-9]{4})年(?:目标值?|预期目标)")
_FIVE_YEAR = re.compile(r"十([一二三四五六七八九])五")
_FINAL = re.compile(r"(?:十[一二三四五六七八九]五)?(?:规划|期末)?目标值?")
_SPAN = re.compile(r"([0-9]{4})\s*[-—–~至到]+\s*([0-9]{4})年?")
_DIGITS = "一二三四五六七八九"
NOTE = re.compile(r"(?:注|备注|说明)\s*[0-9]*[:：]")


def five_year_span(text: str) -> tuple[int, int] | None:
    """ "十五五" → (2026, 2030): the 十一五 plan ran 2006–2010, each later one five years on."""
    match = _FIVE_YEAR.search(text)
    if match is None:
        return None
    first = 2006 + _DIGITS.index(match[1]) * 5
    return first, first + 4


def title_span(title: str) -> tuple[int, int] | None:
    """The years a table's title names: "2024—2026年" or "十五五"."""
    match = _SPAN.search(title)
    if match and int(match[1]) < int(match[2]):
        return int(match[1]), int(match[2])
    return five_year_span(title)


def key_of(value) -> str:
    return _QUOTES.sub("", header_key(value))


@dataclass
class Columns:
    headers: dict[int, str] = field(default_factory=dict)
    roles: dict[str, int] = field(default_factory=dict)
    years: dict[int, int] = field(default_factory=dict)  # target year → column
    baseline_year: int | None = None
    unused: list[str] = field(default_factory=list)
    errors: list[tuple[int | None, str]] = field(default_factory=list)


def is_header(cells: list) -> bool:
    keys = {key_of(v) for v in cells}
    return any(_INDICATOR.fullmatch(k) for k in keys) and bool(
        keys & (_ROLES["number"] | _ROLES["unit"] | _ROLES["attribute"] | _ROLES["departments"])
        or any(_TARGET.fullmatch(k) or _FINAL.fullmatch(k) or _BASELINE.fullmatch(k) for k in keys)
    )


def read_columns(cells: list, below: list[list], *, title: str, years: tuple[int, int] | None) -> Columns:
    """The meaning of each header cell; `below` are the rows under it (to find an unlabelled number column)."""
    found, baselines, finals = Columns(), [], []
    span = years or title_span(title)
    for column, value in enumerate(cells):
        key = key_of(value)
        if not key:
            continue
        found.headers[column] = squeeze(value)
        role = next((r for r, keys in _ROLES.items() if key in keys), None)
        if role is None and _INDICATOR.fullmatch(key):
            role = "indicator"
        if role:
            if role in found.roles:
                found.errors.append((column, f"表头“{key}”重复"))
            found.roles[role] = column
        elif match := _TARGET.fullmatch(key):
            if int(match[1]) in found.years:
                found.errors.append((column, f"{match[1]}年目标列重复"))
            found.years[int(match[1])] = column
        elif match := _BASELINE.fullmatch(key):
            baselines.append((int(match[1]), column))
        elif key in _BASELINE_ONLY:
            baselines.append((span[0] - 1 if span else None, column))
        elif _FINAL.fullmatch(key):
            finals.append((five_year_span(key) or span, column))
        elif re.search(r"[0-9]{4}", key):  # a year the reader cannot place is no column to leave aside
            found.errors.append((column, f"无法识别的表头“{key}”：应为“2025年”（基数）或“2026年目标”"))
        else:
            found.unused.append(squeeze(value))
    if "number" not in found.roles:
        found.roles.update(_unlabelled_number(cells, below))
    used = set(found.roles.values())
    for column in range(max((len(row) for row in below), default=0)):
        if column not in found.headers and column not in used and _filled(below, column):
            found.unused.append(f"第 {column + 1} 列（无表头）")
    for span_of, column in finals:
        if span_of is None:
            found.errors.append(
                (
                    column,
                    f"无法判断“{found.headers[column]}”是哪一年的目标：请用 --years 指定规划年度，如 2026-2030",
                )
            )
        elif span_of[1] in found.years:
            found.errors.append((column, f"{span_of[1]}年目标列重复"))
        else:
            found.years[span_of[1]] = column
            span = span or span_of
    if len(baselines) > 1:
        shown = "、".join(found.headers[c] for _, c in baselines)
        found.errors.append((None, f"表头至多一个基数列（如“2025年”），实为：{shown}"))
    elif baselines:
        found.baseline_year, found.roles["baseline"] = baselines[0]
    if found.baseline_year is None and span:
        found.baseline_year = span[0] - 1
    if "indicator" not in found.roles:
        found.errors.append((None, "表头缺少“指标”列"))
    if not found.years:
        found.errors.append((None, "表头没有目标列（如“2026年目标”或“十五五目标”）"))
    elif found.baseline_year is None:
        found.errors.append((None, "无法判断基数年：表头没有“2025年”这样的基数列，请用 --years 指定规划年度"))
    elif min(found.years) <= found.baseline_year:
        found.errors.append((None, f"目标年度应晚于基数年 {found.baseline_year} 年"))
    return found


def _filled(rows: list[list], column: int) -> bool:
    """Whether any row but a note ("注：…", often merged past the table) has text in the column."""
    return any(
        column < len(row) and squeeze(row[column]) and not NOTE.match(squeeze(row[0]) or squeeze(row[column]))
        for row in rows
    )


def _unlabelled_number(cells: list, below: list[list]) -> dict[str, int]:
    """The first column with no header whose first filled cell below is a whole number."""
    for column, value in enumerate(cells):
        if key_of(value):
            continue
        for row in below:
            text = squeeze(row[column]) if column < len(row) else ""
            if text:
                if re.fullmatch(r"[0-9]{1,4}(?:\.[0-9]{1,2})?", text):
                    return {"number": column}
                break
    return {}
