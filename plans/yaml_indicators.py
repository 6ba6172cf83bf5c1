"""departments.yaml and indicators.yaml: the units (shared by all plans), the categories, the indicators with
their targets."""

import re

from departments.models import Department
from indicators import rules
from indicators.models import Indicator
from plans.yaml_entries import Entry, PlanFiles

NEEDS_VALUE = {rules.Kind.AT_LEAST, rules.Kind.APPROX, rules.Kind.STRIVE, rules.Kind.AT_MOST}
# The kinds the YAML fixture can express (value, reference); the rest of the target language comes from sheets.
YAML_KINDS = [
    k.value for k in rules.Kind if k in NEEDS_VALUE or k in (rules.Kind.RELATIVE, rules.Kind.LEADING)
]


class IndicatorFiles(PlanFiles):
    # -- departments.yaml ------------------------------------------------------------------------------------
    def parse_departments(self):
        data = self.read("departments.yaml")
        if data is None:
            return
        if not isinstance(data, list):
            self.errors.append(f"{self._label(self.directory / 'departments.yaml')}：应为单位列表")
            return
        kinds = set(Department.Kind.values)
        for i, raw in enumerate(data, 1):
            name = raw.get("name", "") if isinstance(raw, dict) else ""
            e = Entry(self.errors, self.where("departments.yaml", i, name), raw)
            d = {
                "code": e.text("code"),
                "name": e.text("name"),
                "short_name": e.text("short_name"),
                "kind": e.text("kind"),
                "parent": e.text("parent", required=False),
                "sort_order": i,
            }
            if d["code"] and not re.fullmatch(r"[a-z][a-z0-9_]*", d["code"]):
                e.error(f"代码“{d['code']}”应为小写字母开头的字母数字")
            if d["kind"] and d["kind"] not in kinds:
                e.error(f"类别“{d['kind']}”应为 {'/'.join(Department.Kind.values)} 之一")
            for key in ("code", "name", "short_name"):
                value = d[key]
                if value and value in self.department_keys and self.department_keys[value] != d["code"]:
                    e.error(f"“{value}”与其他单位的代码、全称或简称重复")
                elif value:
                    self.department_keys[value] = d["code"]
            self.departments.append(d)
        for i, d in enumerate(self.departments, 1):
            if d["parent"] and d["parent"] not in {x["code"] for x in self.departments}:
                self.errors.append(
                    f"{self.where('departments.yaml', i, d['name'])}：所属单位“{d['parent']}”不存在"
                )

    # -- indicators.yaml -------------------------------------------------------------------------------------
    def parse_indicators(self):
        data = self.read("indicators.yaml")
        if data is None:
            return
        if not isinstance(data, dict):
            self.errors.append(
                f"{self._label(self.directory / 'indicators.yaml')}：应包含 categories、indicators"
            )
            return
        categories = data.get("categories")
        if not isinstance(categories, list) or len(set(categories)) != len(categories or []):
            self.errors.append(
                f"{self._label(self.directory / 'indicators.yaml')}：categories 应为不重复的列表"
            )
            categories = []
        self.categories = categories
        companions = data.get("companions") or []
        for i, raw in enumerate(companions, 1):
            e = Entry(self.errors, self.where("indicators.yaml", i, "配套数据"), raw)
            item = self._indicator_fields(e)
            item.update(number=None, code=e.text("code"), category=None, mark="", targets=[])
            if item["code"] and not re.fullmatch(r"[a-z][a-z0-9_]*", item["code"]):
                e.error(f"代码“{item['code']}”应为小写字母开头的字母数字")
            self.indicators.append(item)
        companion_codes = {c["code"] for c in self.indicators}
        numbers: set[int] = set()
        for i, raw in enumerate(data.get("indicators") or [], 1):
            number = raw.get("number", "") if isinstance(raw, dict) else ""
            e = Entry(self.errors, self.where("indicators.yaml", i, f"序号 {number}"), raw)
            item = self._indicator_fields(e)
            item["number"] = e.integer("number")
            item["code"] = str(item["number"])
            if item["number"] in numbers:
                e.error(f"序号 {item['number']} 重复")
            numbers.add(item["number"])
            item["category"] = e.text("category")
            if item["category"] and item["category"] not in categories:
                e.error(f"一级指标“{item['category']}”不在 categories 中")
            item["mark"] = e.text("mark", required=False)
            if item["mark"] not in ("", "△"):
                e.error(f"标记应为“△”或空，实为“{item['mark']}”")
            item["baseline"] = e.decimal("baseline", allow_none=True)
            item["baseline_text"] = e.text("baseline_text", required=False) or e.text(
                "baseline", required=False
            )
            item["targets"] = self._targets(e, companion_codes)
            self.indicators.append(item)

    def _indicator_fields(self, e: Entry) -> dict:
        return {
            "name": e.text("name"),
            "unit": e.text("unit", required=False),
            "precision": e.integer("precision", default="1"),
            "ytd": self._ytd(e),
            "note": e.text("note", required=False),
            "departments": self.resolve(e, e.text_list("departments"), "责任部门"),
        }

    def _ytd(self, e: Entry) -> str:
        mode = e.text("ytd", required=False, default=Indicator.YtdMode.LEVEL)
        if mode not in Indicator.YtdMode.values:
            e.error(f"ytd 应为 {'/'.join(Indicator.YtdMode.values)} 之一，实为“{mode}”")
        return mode

    def _targets(self, e: Entry, companion_codes: set[str]) -> list[dict]:
        targets = e.data.get("targets")
        if not isinstance(targets, dict) or sorted(targets) != [str(y) for y in self.target_years]:
            e.error(f"targets 应恰好包含 {'、'.join(map(str, self.target_years))} 年")
            return []
        result = []
        for year, raw in targets.items():
            # A bare number is the appendix's usual cell: "不低于" that number, written as it is.
            t = Entry(
                e.errors,
                f"{e.where} {year}年目标",
                {"text": raw, "kind": "at_least", "value": raw} if isinstance(raw, str) else raw,
            )
            target = {
                "year": int(year),
                "source_text": t.text("text"),
                "kind": t.text("kind"),
                "note": t.text("note", required=False),
                "value": None,
                "tolerance": None,
                "reference": "",
            }
            if target["kind"] not in YAML_KINDS:
                t.error(f"目标类型“{target['kind']}”应为 {'/'.join(YAML_KINDS)} 之一")
            elif target["kind"] in NEEDS_VALUE:
                target["value"] = t.decimal("value")
            if "tolerance" in t.data:
                target["tolerance"] = t.decimal("tolerance")
            if target["kind"] == rules.Kind.RELATIVE:
                target["reference"] = t.text("reference")
                if target["reference"] and target["reference"] not in companion_codes:
                    t.error(f"参照序列“{target['reference']}”不在 companions 中")
            result.append(target)
        return result
