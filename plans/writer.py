"""Writing a validated plan (plans.yaml_reader.PlanData, or one read from an appendix sheet): like pretix's
import, nothing is written unless everything is valid, then every row is upserted in one transaction, saving a
row only when it changed, so loading the same plan twice changes nothing.
"""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import models, transaction

from core import freshness
from departments.models import Department
from indicators import target_text
from indicators.models import Category, CrossRule, Indicator, IndicatorDepartment, QualityRule, Target
from plans.models import Plan
from plans.yaml_indicators import YAML_KINDS as YAML_KIND_CODES
from tasks.models import Chapter, ChapterGoal, Commitment, ProgressReport, Task, TaskUnit

if TYPE_CHECKING:
    from plans.yaml_reader import PlanData


class PlanError(Exception):
    """Every problem found; `refused` lists the target cells the language could not read (plans.sheet_choice)."""

    def __init__(self, errors: list[str], *, refused: list[dict] | None = None):
        super().__init__("\n".join(errors))
        self.errors = errors
        self.refused = refused or []


@dataclass
class LoadSummary:
    """Per model: how many rows were created, updated and left unchanged."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, model: type[models.Model], outcome: str, count: int = 1) -> None:
        label = model._meta.verbose_name
        counts = self.counts.setdefault(label, {"新增": 0, "更新": 0, "未变": 0})
        counts[outcome] = counts.get(outcome, 0) + count  # "删除" appears only when something was removed

    @property
    def changed(self) -> bool:
        return any(c["新增"] or c["更新"] or c.get("删除") for c in self.counts.values())

    def lines(self) -> list[str]:
        return [
            f"{label}：" + "，".join(f"{k} {v}" for k, v in c.items()) for label, c in self.counts.items()
        ]


def _upsert(summary: LoadSummary, model, lookup: dict, values: dict):
    """Create or update one row, saving only when a value differs (so history stays quiet on re-runs)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        summary.add(model, "新增")
    elif any(getattr(obj, k) != v for k, v in values.items()):
        for k, v in values.items():
            setattr(obj, k, v)
        obj.save()
        summary.add(model, "更新")
    else:
        summary.add(model, "未变")
    return obj


def _sync_links(summary: LoadSummary, link_model, owner_field: str, owner, departments: list[Department]):
    """Make an owner's ordered department links exactly the given list; rewrite them when the order differs."""
    current = list(
        link_model.objects.filter(**{owner_field: owner})
        .order_by("order")
        .values_list("department_id", flat=True)
    )
    if current == [d.pk for d in departments]:
        summary.add(link_model, "未变")
        return
    link_model.objects.filter(**{owner_field: owner}).delete()
    freshness.changed(link_model)  # bulk_create sends no signal
    link_model.objects.bulk_create(
        link_model(**{owner_field: owner}, department=d, order=i) for i, d in enumerate(departments)
    )
    summary.add(link_model, "更新" if current else "新增")


@transaction.atomic
def plan_write(plan: "PlanData") -> LoadSummary:
    """Create or update a validated plan in one transaction, saving only what changed."""
    summary = LoadSummary()
    header = dict(plan.header)
    the_plan = _upsert(summary, Plan, {"code": header.pop("code")}, header)

    departments = {}
    for d in plan.departments:
        values = {k: d[k] for k in ("name", "short_name", "kind", "sort_order")}
        departments[d["code"]] = _upsert(summary, Department, {"code": d["code"]}, values)
    for d in plan.departments:
        dept = departments[d["code"]]
        parent = departments.get(d["parent"])
        if dept.parent_id != (parent.pk if parent else None):
            dept.parent = parent
            dept.save(update_fields=["parent"])

    categories = {
        name: _upsert(summary, Category, {"plan": the_plan, "name": name}, {"sort_order": i})
        for i, name in enumerate(plan.categories, 1)
    }

    indicators = {}
    for item in plan.indicators:
        values = {
            "number": item["number"],
            "sub": item.get("sub", 0),
            "parent": indicators.get(item.get("parent") or ""),
            "heading": item.get("heading", False),
            "shared_with": item.get("shared_with"),
            "category": categories.get(item["category"]),
            "name": item["name"],
            "unit": item["unit"],
            "mark": item["mark"],
            "attribute": item.get("attribute", ""),
            "precision": item["precision"],
            "ytd_mode": item["ytd"],
            "baseline": item.get("baseline"),
            "baseline_text": item.get("baseline_text", ""),
            "note": item["note"],
        }
        indicator = _upsert(summary, Indicator, {"plan": the_plan, "code": item["code"]}, values)
        indicators[item["code"]] = indicator
        _sync_links(
            summary,
            IndicatorDepartment,
            "indicator",
            indicator,
            [departments[c] for c in item["departments"]],
        )
        for t in item["targets"]:
            values = {k: t[k] for k in ("kind", "value", "tolerance", "source_text", "note")}
            values.update(_language_fields(t, item))
            values["reference"] = indicators.get(t["reference"])
            _upsert(summary, Target, {"indicator": indicator, "year": t["year"]}, values)

    chapters, tasks = {}, {}
    for c in plan.chapters:
        lookup = {"plan": the_plan, "number": c["number"]}
        chapter = chapters[str(c["number"])] = _upsert(summary, Chapter, lookup, {"title": c["title"]})
        for year, text in c["goals"].items():
            _upsert(summary, ChapterGoal, {"chapter": chapter, "year": year}, {"text": text})
        ChapterGoal.objects.filter(chapter=chapter).exclude(year__in=c["goals"]).delete()
        for t in c["tasks"]:
            values = {"seq": t["seq"], "title": t["title"], "text": t["text"]}
            lookup = {"chapter": chapter, "number": t["number"]}
            task = tasks[t["number"]] = _upsert(summary, Task, lookup, values)
            _sync_links(summary, TaskUnit, "task", task, [departments[code] for code in t["units"]])
    _sync_commitments(summary, plan, the_plan, chapters, tasks, departments)
    if getattr(plan, "quality", None) is not None:  # an appendix sheet carries no quality rules
        _sync_quality(summary, plan.quality, the_plan, indicators)
    return summary


def _sync_quality(summary: LoadSummary, quality, the_plan: Plan, indicators: dict) -> None:
    """Upsert each series' quality rule and the plan's cross rules; remove cross rules no longer listed."""
    for code, s in quality.series.items():
        values = {
            "valid_min": s.valid.min,
            "valid_max": s.valid.max,
            "plausible_min": s.plausible.min,
            "plausible_max": s.plausible.max,
            "whole": s.whole,
            "signed": s.signed,
            "cannot_fall": s.cannot_fall.value if s.cannot_fall else "",
            "ratio": s.ratio,
        }
        _upsert(summary, QualityRule, {"indicator": indicators[code]}, values)
    for rule in quality.cross:
        values = {
            "expression": rule.expr.source,
            "message": rule.message,
            "level": rule.level.value,
            "periods": ",".join(p for p in ("q1", "h1", "q3", "year") if p in rule.periods),
        }
        _upsert(summary, CrossRule, {"plan": the_plan, "code": rule.id}, values)
    stale = CrossRule.objects.filter(plan=the_plan).exclude(code__in=[r.id for r in quality.cross])
    if count := len(stale):
        for rule in stale:
            rule.delete()
        summary.add(CrossRule, "删除", count)


COMMITMENT_FIELDS = (
    "order",
    "target",
    "unit",
    "scope",
    "due_year",
    "kind",
    "indicator_number",
    "per_unit",
    "note",
)


def _sync_commitments(
    summary: LoadSummary, plan: "PlanData", the_plan: Plan, chapters: dict, tasks: dict, departments: dict
):
    """Upsert each task's and chapter's commitments, found by their text and label so that numbers already
    reported stay with theirs; remove those no longer listed, unless a unit has reported a number for one."""
    kept = []
    for item in plan.commitments:
        lookup = {
            "task": tasks.get(item["task"]),
            "chapter": chapters.get(item["chapter"]),
            "text": item["text"],
            "label": item["label"],
        }
        values = {k: item[k] for k in COMMITMENT_FIELDS} | {"lead": departments[item["lead"]]}
        kept.append(_upsert(summary, Commitment, lookup, values).pk)
    of_plan = Commitment.objects.filter(
        models.Q(task__chapter__plan=the_plan) | models.Q(chapter__plan=the_plan)
    )
    stale = list(of_plan.exclude(pk__in=kept).select_related("task", "chapter"))
    if not stale:
        return
    reported = {
        key for numbers in ProgressReport.objects.values_list("numbers", flat=True) for key in numbers
    }
    if in_use := [c for c in stale if str(c.pk) in reported]:
        label = plan._label(plan.directory / "commitments.yaml")
        raise PlanError(
            [f"{label}：{c.owner_label} 的量化目标“{c.name}”已有填报的完成数，不能删除" for c in in_use]
        )
    Commitment.objects.filter(pk__in=[c.pk for c in stale]).delete()
    summary.add(Commitment, "删除", len(stale))


LANGUAGE_FIELDS = ("upper_value", "change_mode", "margin", "direction", "parts")


def _language_fields(t: dict, item: dict) -> dict:
    """The target language's fields (range upper bound, change mode, margin, direction, parts): as the reader
    gave them, else read from the cell as written, so a range or a "翻一番" never loads without its numbers."""
    if all(k in t for k in LANGUAGE_FIELDS):
        return {k: t[k] for k in LANGUAGE_FIELDS}
    if t["kind"] in YAML_KIND_CODES:  # the seed's kinds need none: clear what a stored earlier kind left
        return {"upper_value": None, "change_mode": "", "margin": None, "direction": "up", "parts": []}
    parsed = target_text.parse(t["source_text"], item.get("unit", ""), item.get("name", ""))
    fields = parsed.fields() if parsed else {}
    return {k: fields[k] for k in LANGUAGE_FIELDS if k in fields}
