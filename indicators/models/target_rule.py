"""A stored target's rule (indicators.rules.Rule): the model's fields, and the adjusted or assigned number
where one is recorded. Shared by Target and the selectors' read-only TargetFacts."""

from decimal import Decimal
from functools import lru_cache

from indicators import rules, target_text


# A plan has a few dozen distinct cells; the dashboard asks for each figure's, every time it is recomputed.
@lru_cache(maxsize=4096)
def _series_phrase(source_text: str, unit: str) -> str:
    """The compared series as the plan words it ("规上工业增速" in "年均增速高于规上工业增速"), for the reasons."""
    try:
        parsed = target_text.parse(source_text, unit, "")
    except target_text.CellError:
        return ""
    return parsed.reference if parsed else ""


def target_rule(t, *, adjusted: bool = False, default_tolerance: Decimal | None = None) -> rules.Rule:
    """A Target's (or a selectors.TargetFacts') rule: the adjusted value replaces the plan's (or the assigned
    one) when asked for and recorded; the default tolerance is the APPROX one, never a PACE tolerance."""
    kind = rules.Kind(t.kind)
    value = t.assigned_value if kind is rules.Kind.ASSIGNED else t.value
    if adjusted and t.adjusted_value is not None:
        value = t.adjusted_value
    unit = t.indicator.unit
    tolerance = t.tolerance
    if tolerance is None and kind is not rules.Kind.PACE:
        tolerance = default_tolerance
    parts = tuple(
        rules.Rule(
            kind=p["kind"],
            target=None if p.get("value") is None else Decimal(p["value"]),
            upper=None if p.get("upper") is None else Decimal(p["upper"]),
            tolerance=default_tolerance,
            unit=unit,
        )
        for p in t.parts or ()
    )
    return rules.Rule(
        kind=kind,
        target=value,
        tolerance=tolerance,
        unit=unit,
        source_text=t.source_text,
        upper=t.upper_value,
        mode=t.change_mode,
        margin=t.margin,
        direction=t.direction or "up",
        reference_name=_series_phrase(t.source_text, unit) or t.reference_name or "",
        parts=parts,
        judgement=t.judgement,
        judgement_reason=t.judgement_reason,
    )
