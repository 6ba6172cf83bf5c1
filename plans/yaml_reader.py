"""A plan from the YAML files under fixtures/plan/ (plan.yaml, departments.yaml, indicators.yaml, chapters.yaml,
commitments.yaml): every entry read and validated, each problem a Chinese message naming the file and the entry.
"""

import re
from datetime import date
from pathlib import Path

import yaml
from django.conf import settings

from indicators.quality_rules_file import QualityRulesError, load_rules
from plans.models import Plan
from plans.writer import PlanError
from plans.yaml_entries import Entry
from plans.yaml_indicators import IndicatorFiles
from plans.yaml_tasks import TaskFiles

DEFAULT_DIR = settings.BASE_DIR / "fixtures" / "plan"


class PlanData(IndicatorFiles, TaskFiles):
    """The validated plan as plain Python values, ready for plans.writer.plan_write: the header, departments
    (shared by all plans), categories, indicators with targets, chapters with tasks, commitments."""

    # -- plan.yaml -------------------------------------------------------------------------------------------
    def parse_header(self):
        data = self.read("plan.yaml")
        if data is None:
            return
        e = Entry(self.errors, self._label(self.directory / "plan.yaml"), data)
        header = {
            "code": e.text("code"),
            "name": e.text("name"),
            "short_name": e.text("short_name"),
            "issuer": e.text("issuer", required=False),
            "issued_on": None,
            "baseline_year": e.integer("baseline_year"),
            "status": e.text("status", required=False, default=Plan.Status.ACTIVE),
        }
        if header["code"] and not re.fullmatch(r"[a-z][a-z0-9_-]*", header["code"]):
            e.error(f"代码“{header['code']}”应为小写字母开头的字母、数字、-、_")
        if header["status"] not in Plan.Status.values:
            e.error(f"status 应为 {'/'.join(Plan.Status.values)} 之一，实为“{header['status']}”")
        if issued := e.text("issued_on", required=False):
            try:
                header["issued_on"] = date.fromisoformat(issued)
            except ValueError:
                e.error(f"“issued_on”应为日期（如 2023-12-15），实为“{issued}”")
        years = [y for y in e.data.get("target_years") or [] if isinstance(y, str)]
        if not years or not all(re.fullmatch(r"[0-9]{4}", y) for y in years):
            e.error('target_years 应为年份列表，如 ["2023", "2024", "2025"]')
            years = []
        self.target_years = sorted(int(y) for y in years)
        if header["baseline_year"] and self.target_years and self.target_years[0] <= header["baseline_year"]:
            e.error("目标年度应晚于基数年")
        header["target_years"] = self.target_years
        self.header = header

    # -- quality.yaml (optional) ---------------------------------------------------------------------------
    def parse_quality(self):
        path = self.directory / "quality.yaml"
        if not path.exists():
            return
        try:
            # safe_load: the rules' flags are YAML booleans; their numbers are written as text.
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as e:
            self.errors.append(f"{self._label(path)}：YAML 格式错误（{e}）".replace("\n", " "))
            return
        try:
            self.quality = load_rules(
                data, codes={i["code"] for i in self.indicators}, source=self._label(path)
            )
        except QualityRulesError as e:
            self.errors.extend(e.errors)


def plan_read(directory: Path = DEFAULT_DIR) -> PlanData:
    plan = PlanData(Path(directory))
    plan.parse_header()
    plan.parse_departments()
    plan.parse_indicators()
    plan.parse_chapters()
    plan.parse_commitments()
    plan.parse_quality()
    if plan.errors:
        raise PlanError(plan.errors)
    return plan
