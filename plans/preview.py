"""The plan read from a sheet as the load preview and the command show it: each indicator with its targets and
what each will mean (indicators.rules_more.describe: ">75 → 大于 75%，等于 75% 不达标")."""

import dataclasses

from indicators import target_text
from indicators.rules import Kind, Rule
from indicators.rules_more import describe
from indicators.selectors import MERGEABLE_KINDS
from plans.yaml_reader import PlanData


def _rule(target: dict, item: dict, companions: dict[str, str]) -> str:
    """What the target will mean, as indicators.rules_more.describe says it: "大于 75%，等于 75% 不达标"."""
    try:
        parsed = target_text.parse(target["source_text"], item["unit"], item["name"])
    except target_text.CellError:  # a kind chosen by hand for a cell the language cannot read
        parsed = None
    if parsed is None:
        rule = Rule(
            kind=Kind(target["kind"]), target=target["value"], unit=item["unit"], **target.get("rule", {})
        )
    else:
        rule = parsed.rule(item["unit"])
    if target.get("reference"):
        rule = dataclasses.replace(
            rule, reference_name=companions.get(target["reference"], rule.reference_name)
        )
    return describe(rule)


def preview(plan: PlanData) -> dict:
    """The plan as the preview table shows it: each indicator's targets by year, departments by short name."""
    names = {d["code"]: d["short_name"] for d in plan.departments}
    companions = {i["code"]: i["name"] for i in plan.indicators if i["number"] is None}
    rows = []
    for item in plan.indicators:
        if item["number"] is None:
            continue
        by_year = {t["year"]: t for t in item["targets"]}
        cells: list[dict] = []
        for year in plan.target_years:
            target = by_year.get(year)
            if target is None:
                cells.append({"source": "—", "rule": "无目标", "colspan": 1, "kind": ""})
                continue
            last = cells[-1] if cells else None
            # Merged in the sheet, merged here: a 力争 / 高于 / 领先 text repeated over years, as the plan page shows it.
            if last and last["kind"] in MERGEABLE_KINDS and last["source"] == target["source_text"]:
                last["colspan"] += 1
            else:
                cells.append(
                    {
                        "source": target["source_text"],
                        "rule": _rule(target, item, companions),
                        "colspan": 1,
                        "kind": target["kind"],
                    }
                )
        rows.append({**item, "cells": cells, "department_names": [names[c] for c in item["departments"]]})
    return {
        "rows": rows,
        "shared_lines": getattr(plan, "shared_lines", []),
        "companions": [
            {**i, "department_names": [names[c] for c in i["departments"]]}
            for i in plan.indicators
            if i["number"] is None
        ],
    }


def meaning_lines(plan: PlanData) -> list[str]:
    """One line per indicator and distinct target, for the command's output: "8 2026—2030年：>75 → 大于 75%…"."""
    lines = []
    for row in preview(plan)["rows"]:
        years = [y for y in plan.target_years]
        position = 0
        for cell in row["cells"]:
            span = years[position : position + cell["colspan"]]
            position += cell["colspan"]
            if not cell["kind"]:
                continue
            when = f"{span[0]}年" if len(span) == 1 else f"{span[0]}—{span[-1]}年"
            lines.append(f"  {row['label']} {row['name']} {when}：{cell['source']} → {cell['rule']}")
    return lines
