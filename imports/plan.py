"""Plan: what importing each validated row would do — 新增, 修改, 未变 or 错误 — against the figures stored now.

The rows are joined with the existing figures as frames (pandas), so the rules that hold for whole columns —
duplicates within the file, the user's own indicators, a figure that moved since the preview, a locked status —
are checked at once; a row is looked at alone only when it replaces a figure or may miss its target. The rules
are the entry form's (indicators.misses, indicators.permissions, the workflow's statuses); their wording here
names the file's columns.
"""

from decimal import Decimal

import pandas as pd
from django.utils import timezone

from core import freshness
from imports.rows import CHANGED, ERROR, NEW, UNCHANGED, Rows, changes, old_of, place
from indicators import permissions
from indicators.misses import CLEARED_WHEN_MET, MissJudge, miss_gaps
from indicators.models import Figure, Indicator, IndicatorDepartment, Period
from indicators.quality_inputs import QualityBook

Status = Figure.Status
KEY = ["indicator_id", "year", "period"]
PLANNED_FIELDS = [
    "id",
    *KEY,
    "version",
    "status",
    "value",
    "rank",
    "explanation",
    "miss_cause",
    "remedy",
    "catch_up_year",
    "catch_up_period",
    "catch_up_result",
]
VALUE_HEADER = "完成值"
CATCH_UP_COLUMN = "上期整改是否见效"
CATCH_UP_REQUEST = f"请在“{CATCH_UP_COLUMN}”列填写{'、'.join(Figure.CatchUp.labels)}之一"
GAP_REQUESTS = {
    "explanation": ("说明", "请在“说明”列写明原因"),
    "miss_cause": ("原因类别", f"请在“原因类别”列填写{'、'.join(Figure.MissCause.labels)}之一"),
    "remedy": ("整改措施", "请在“整改措施”列填写整改措施"),
    "catch_up": ("预计赶上", "请在“预计赶上”列填写预计赶上的期间，如“2026年上半年”"),
}


def stamp(user, *, fresh: bool = False) -> str:
    """What a plan depends on besides the figures it is joined with: the data version (targets, rules, plans,
    roles …), the user's unit and the date. Taken before the preview reads anything, and again under the
    confirm's locks (`fresh`: not the version the request read earlier)."""
    version = freshness.version(fresh=fresh)
    return f"{version}:{user.department_id}:{int(user.is_superuser)}:{timezone.localdate()}"


def still_planned(rows: Rows, figures: dict) -> bool:
    """True when every row meets the figure it was planned against (its version), or still none."""
    ids, years, periods, versions = rows["indicator_id"], rows["year"], rows["period"], rows["version"]
    for i, action in enumerate(rows["action"]):
        if action == ERROR:
            return False
        figure = figures.get((ids[i], years[i], periods[i]))
        if (figure["version"] if figure is not None else 0) != versions[i]:
            return False
    return True


def figures_for(rows: Rows, *, lock: bool = False) -> dict:
    """The existing figures the rows refer to, by (indicator, year, period), in one query, as dicts by attname.
    Locked to be written: every column, as the history rows need them; else only the columns the plan reads."""
    indicator_ids = {i for i in rows["indicator_id"] if i is not None}
    years = {y for y in rows["year"] if y is not None}
    if not indicator_ids or not years:
        return {}
    # No ordering: the model's default joins the indicators and sorts (and would lock them too).
    figures = Figure.objects.filter(indicator_id__any_of=indicator_ids, year__any_of=years).order_by()
    figures = figures.select_for_update().values() if lock else figures.values(*PLANNED_FIELDS)
    return {(f["indicator_id"], f["year"], f["period"]): f for f in figures}


def rows_quality(rows: Rows, clean: list[int]) -> None:
    """数据质量, as the entry form checks a value: a hard finding is a row error, soft ones fill `rows.quality`.
    The file's own values count as history first: a quarter and its year may arrive in the same file."""
    if not clean:
        return
    ids, years, periods, values = rows["indicator_id"], rows["year"], rows["period"], rows["value"]
    plans = Indicator.objects.filter(pk__any_of={ids[i] for i in clean}).values("plan_id")
    checked = QualityBook(plans).check_rows((ids[i], years[i], periods[i], Decimal(values[i])) for i in clean)
    for i, (soft, hard) in zip(clean, checked, strict=True):
        if soft:
            rows.quality[i] = soft
        for message in hard:
            rows.error(i, message, VALUE_HEADER)  # the message names the value


def rows_plan(rows: Rows, *, user, figures: dict, recheck: bool = False) -> None:
    """Set each row's action, figure and version, and its errors. With recheck (confirming), a figure whose
    version moved since the preview is an error, never overwritten; the 数据质量 check ran at the preview."""
    n = len(rows)
    ids, years, periods = rows["indicator_id"], rows["year"], rows["period"]
    clean = [i for i in range(n) if i not in rows.errors and ids[i] is not None and years[i] is not None]
    if not recheck:
        rows_quality(rows, clean)
        clean = [i for i in clean if i not in rows.errors]
    actions = [ERROR] * n
    frame = _joined(rows, clean, figures)
    if not frame.empty:
        _check_frame(rows, frame, user=user, recheck=recheck)
        annual = {(ids[i], years[i]): Decimal(rows["value"][i]) for i in clean if periods[i] == Period.YEAR}
        judge = MissJudge({(ids[i], years[i]) for i in clean}, pending=annual)
        may_override = permissions.can_import_all(user)
        for i, figure in zip(frame["i"].tolist(), frame["figure"].tolist(), strict=True):
            rows["version"][i] = figure["version"] if figure is not None else 0
            if (
                figure is None
                and not judge.may_miss(ids[i], years[i], periods[i])
                and not _claims_miss(rows, i)
                and not judge.previous(ids[i], years[i], periods[i])
            ):
                action = NEW  # nothing to compare, nothing to explain: most rows of a first import
            else:
                if figure is not None:
                    rows.old[i], rows["figure_id"][i] = old_of(figure), figure["id"]
                action = _action(rows, i, figure, judge, may_override=may_override)
            actions[i] = ERROR if i in rows.errors else action
    rows.columns["action"] = actions


def _claims_miss(rows: Rows, i: int) -> bool:
    return any(rows[name][i] for name in CLEARED_WHEN_MET)


def _joined(rows: Rows, clean: list[int], figures: dict) -> pd.DataFrame:
    """The clean rows (position i, key, previewed version) left-joined with the stored figures on the key."""
    columns = {"i": clean, **{name: [rows[name][i] for i in clean] for name in (*KEY, "version")}}
    frame = pd.DataFrame(columns)
    if frame.empty:
        return frame
    stored = pd.DataFrame(
        [(*key, figure["version"], figure["status"], figure) for key, figure in figures.items()],
        columns=[*KEY, "current", "status", "figure"],
    )
    for name in ("indicator_id", "year"):
        frame[name], stored[name] = frame[name].astype("int64"), stored[name].astype("int64")
    frame = frame.merge(stored, how="left", on=KEY, sort=False)
    frame["figure"] = frame["figure"].astype(object).where(frame["figure"].notna(), None)
    frame["current"] = frame["current"].fillna(0).astype("int64")
    return frame


def _check_frame(rows: Rows, frame: pd.DataFrame, *, user, recheck: bool) -> None:
    """The rules that hold for whole columns, each row's messages in the order the row reads them."""
    first = frame.groupby(KEY, sort=False)["i"].transform("first")
    importable = set(permissions.indicators_importable_by(user).values_list("pk", flat=True))
    foreign = ~frame["indicator_id"].isin(importable)
    leads = dict(
        IndicatorDepartment.objects.filter(
            order=0, indicator_id__in=set(frame["indicator_id"][foreign])
        ).values_list("indicator_id", "department__name")
        if foreign.any()
        else {}
    )
    moved = frame["current"] != frame["version"] if recheck else pd.Series(False, index=frame.index)
    sheet, row = rows["sheet"], rows["row"]
    for i, duplicate_of, indicator_id, is_foreign, is_moved, before, now in zip(
        frame["i"],
        first,
        frame["indicator_id"],
        foreign,
        moved,
        frame["version"],
        frame["current"],
        strict=True,
    ):
        if duplicate_of != i:
            rows.error(i, f"与 {place(sheet[duplicate_of], row[duplicate_of])} 重复（同一指标、年度、期间）")
        if is_foreign:
            lead = leads.get(indicator_id, "其他单位")
            rows.error(i, f"只能导入本单位牵头的指标（该指标由 {lead} 牵头）")
        if is_moved:
            rows.error(
                i,
                "预览后已有人填报了该数据，请重新上传文件预览"
                if before == 0
                else f"预览后该数据已被修改（版本 {before} → {now}），请重新上传文件预览",
            )


def _action(rows: Rows, i: int, figure: dict | None, judge: MissJudge, *, may_override: bool) -> str:
    """新增 / 修改 / 未变 for a row that passed the column checks so far; adds its own errors."""
    row, old = rows.row(i), rows.old.get(i)
    miss = None
    if judge.may_miss(row.indicator_id, row.year, row.period):
        miss = judge.reason(row.indicator_id, row.year, row.period, Decimal(row.value), rank=row.rank)
    if miss is None and _clear_miss(rows, i, old):
        row = rows.row(i)
    changed = bool(changes(row, old)) if figure is not None else True
    if figure is not None and changed:
        if figure["status"] == Status.APPROVED:
            rows.error(i, "已审核，需协调员退回后修改")
        elif figure["status"] == Status.SUBMITTED and not may_override:
            rows.error(i, "已报送，需协调员退回后修改")
    if i not in rows.errors and changed and miss:
        for name in miss_gaps(_kept(row, old)):
            column, request = GAP_REQUESTS[name]
            rows.error(i, f"未达目标（{miss}），{request}", column)
    answer = row.catch_up_result if row.catch_up_result is not None else (old or {}).get("catch_up_result")
    if i not in rows.errors and changed and not answer and (earlier := judge.previous(*_key(row))):
        when = f"{earlier[0]}年{Period(earlier[1]).label}"
        rows.error(i, f"{when}未达目标，{CATCH_UP_REQUEST}", CATCH_UP_COLUMN)
    if figure is None:
        return NEW
    return CHANGED if changed else UNCHANGED


def _key(row) -> tuple[int, int, str]:
    return row.indicator_id, row.year, row.period


def _clear_miss(rows: Rows, i: int, old: dict | None) -> bool:
    """A value that meets its target carries no miss, as figure_save submits it: the row's cause, remedy and
    catch-up (the file's, or else the figure's) become empty, so the next period does not ask about one."""
    cleared = False
    for name in CLEARED_WHEN_MET:
        if rows[name][i] or (old or {}).get(name):
            rows[name][i], cleared = "", True
    return cleared


def _kept(row, old: dict | None) -> dict:
    """What the figure would hold of each miss field: the file's column, or else the figure's own."""
    saved = old or {}
    return {
        name: getattr(row, name) if getattr(row, name) is not None else saved.get(name, "")
        for name in ("explanation", "miss_cause", "remedy", "catch_up")
    }
