"""The read side's objects (plans, indicator facts, standings rows, figures, task rows) as the API's plain
dictionaries. A token sees only approved values, and no explanation."""

from decimal import Decimal

from core.values import fmt
from indicators.models import Figure, Period, Target
from indicators.standings import STANDING_CLASS, DashboardRow
from plans.models import Plan

APPROVED = Figure.Status.APPROVED
STATUS_LABELS = dict(Figure.Status.choices)
KIND_LABELS = dict(Target.Kind.choices)


def dec(value: Decimal | None) -> str | None:
    """A decimal as its string, without trailing zeros ("16.6000" is stored, "16.6" was meant)."""
    return None if value is None else fmt(value)


def plan(p: Plan, categories=None) -> dict:
    data = {
        "code": p.code,
        "name": p.name,
        "short_name": p.short_name,
        "issuer": p.issuer,
        "issued_on": p.issued_on,
        "baseline_year": p.baseline_year,
        "years": p.years,
        "status": p.status,
        "status_label": Plan.Status(p.status).label,
    }
    if categories is not None:
        data["categories"] = [{"name": c.name, "sort_order": c.sort_order} for c in categories]
    return data


def target(t) -> dict | None:
    if t is None:
        return None
    return {
        "year": t.year,
        "kind": t.kind,
        "kind_label": KIND_LABELS.get(t.kind, t.kind),
        "value": dec(t.value),
        "adjusted_value": dec(t.adjusted_value),
        "source_text": t.source_text,
    }


def indicator(i) -> dict:
    return {
        "number": i.number,
        "display_number": i.display_number,
        "code": i.code,
        "name": i.name,
        "unit": i.unit,
        "mark": i.mark,
        "category": i.category.name if i.category_id else "",
        "baseline": dec(i.baseline),
        "baseline_text": i.baseline_text,
        "departments": [
            {
                "code": link.department.code,
                "name": link.department.name,
                "short_name": link.department.short_name,
                "lead": n == 0,
            }
            for n, link in enumerate(i.responsible_links)
        ],
        "targets": [target(t) for t in i.plan_targets],
    }


def standing(r: DashboardRow, *, token: bool, approved: set[int] | None = None) -> dict:
    """`approved`: for a token, the compared series whose figure is approved (Standings.approved_references)."""
    figure, target_ = r.row.figure, r.row.target
    # A token never learns a value that is not approved, not even through the reason or pace built from it —
    # nor from the series its target is compared with (“高于规上工业增加值增速”: that series' figure too).
    shown = figure is not None and (not token or figure.status == APPROVED)
    compared = not token or target_ is None or not target_.reference_id or target_.reference_id in approved
    if shown and not compared:
        return {**standing(r, token=False), "standing": STANDING_CLASS["待评估"], "standing_label": "待评估",
                "reason": "", "pace": None}  # fmt: skip
    pace = r.pace if shown else None
    return {
        "number": r.indicator.number,
        "display_number": r.indicator.display_number,
        "name": r.indicator.name,
        "unit": r.indicator.unit,
        "category": r.indicator.category.name,
        "lead": r.lead.code if r.lead else "",
        "lead_name": r.lead.name if r.lead else "",
        "target": target(r.row.target),
        "value": dec(figure.value) if shown else None,
        "rank": figure.rank if shown else None,
        "standing": STANDING_CLASS[r.standing],
        "standing_label": r.standing,
        "reason": r.reason if shown else "",
        "pace": None
        if pace is None
        else {
            "expected": dec(pace.expected),
            "projection": dec(pace.projection),
            "on_track": pace.on_track,
            "reason": pace.reason,
        },
    }


def figure(f: Figure, lead: str, *, token: bool) -> dict:
    return {
        "indicator": f.indicator.number,
        "indicator_name": f.indicator.name,
        "unit": f.indicator.unit,
        "lead": lead,
        "year": f.year,
        "period": f.period,
        "period_label": Period(f.period).label,
        "value": dec(f.value),
        "rank": f.rank,
        "status": f.status,
        "status_label": STATUS_LABELS[f.status],
        "explanation": None if token else f.explanation,
        "updated_at": f.updated_at,
    }


def task(row, chapter) -> dict:
    return {
        "number": row.task.number,
        "title": row.task.title,
        "chapter": f"{chapter.number}. {chapter.title}",
        "status": row.status.value,
        "status_label": row.status.label,
        "commitments": [
            {
                "text": c.commitment.text,
                "label": c.commitment.label,
                "value": dec(c.progress.value),
                "percent": c.progress.percent,
                "state": c.progress.state.value,
                "state_label": c.progress.state.label,
                "reason": c.progress.reason,
            }
            for c in row.commitments
        ],
        "units": [
            {
                "code": u.department.code,
                "name": u.department.name,
                "reported": u.reported,
                "status": u.status.value,
                "status_label": u.status.label,
            }
            for u in row.units
        ],
    }
