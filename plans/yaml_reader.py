"""A plan from the YAML files under fixtures/plan/ (plan.yaml, departments.yaml, indicators.yaml, chapters.yaml,
commitments.yaml): every entry read and validated, each problem a Chinese message naming the file and the entry.
"""

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.conf import settings

from departments.models import Department
from indicators import rules
from indicators.models import Indicator
from indicators.quality import QualityRules, QualityRulesError, load_rules
from plans.models import Plan
from plans.writer import PlanError
from tasks.models import Commitment

DEFAULT_DIR = settings.BASE_DIR / "fixtures" / "plan"
NO_VALUE = "—"
NEEDS_VALUE = {rules.Kind.AT_LEAST, rules.Kind.APPROX, rules.Kind.STRIVE, rules.Kind.AT_MOST}


class _Entry:
    """Reads the fields of one YAML mapping, recording a message naming file and entry for each problem."""

    def __init__(self, errors: list[str], where: str, data):
        self.errors, self.where = errors, where
        self.data = data if isinstance(data, dict) else {}
        if not isinstance(data, dict):
            self.error("应为键值映射")

    def error(self, message: str) -> None:
        self.errors.append(f"{self.where}：{message}")

    def text(self, key: str, *, required: bool = True, default: str = "") -> str:
        value = self.data.get(key, default)
        if not isinstance(value, str):
            self.error(f"“{key}”应为文本")
            return default
        if required and not value.strip():
            self.error(f"缺少“{key}”")
        return value.strip()

    def integer(self, key: str, *, default: str | None = None) -> int | None:
        raw = self.text(key, required=default is None, default=default or "")
        if raw and not re.fullmatch(r"[0-9]{1,6}", raw):  # str.isdigit() also takes "²", which int() refuses
            self.error(f"“{key}”应为整数，实为“{raw}”")
            return None
        return int(raw) if raw else None

    def decimal(self, key: str, *, allow_none: bool = False) -> Decimal | None:
        raw = self.text(key, required=not allow_none)
        if allow_none and raw in ("", NO_VALUE):
            return None
        try:
            value = Decimal(raw)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            self.error(f"“{key}”应为数字，实为“{raw}”")
            return None
        return value

    def text_list(self, key: str) -> list[str]:
        value = self.data.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            self.error(f"“{key}”应为非空列表")
            return []
        return [v.strip() for v in value]


class PlanData:
    """The validated plan as plain Python values, ready for plans.writer.plan_write: the header, departments
    (shared by all plans), categories, indicators with targets, chapters with tasks, commitments."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.errors: list[str] = []
        self.header: dict = {}
        self.target_years: list[int] = []
        self.departments: list[dict] = []
        self.categories: list[str] = []
        self.indicators: list[dict] = []
        self.chapters: list[dict] = []
        self.commitments: list[dict] = []
        self.quality: QualityRules | None = None  # quality.yaml's rules; None when the plan has no such file
        self.department_keys: dict[str, str] = {}  # any name, short name or code → code

    def read(self, name: str):
        path = self.directory / name
        label = self._label(path)
        try:
            with open(path, encoding="utf-8") as f:
                # BaseLoader keeps every scalar as the text written ("40", "—"): no float, no guessing.
                return yaml.load(f, Loader=yaml.BaseLoader)
        except FileNotFoundError:
            self.errors.append(f"{label}：文件不存在")
        except yaml.YAMLError as e:
            self.errors.append(f"{label}：YAML 格式错误（{e}）".replace("\n", " "))
        except UnicodeDecodeError:
            self.errors.append(f"{label}：不是 UTF-8 编码的文本文件")
        return None

    def _label(self, path: Path) -> str:
        try:
            return str(path.relative_to(settings.BASE_DIR))
        except ValueError:
            return str(path)

    def where(self, name: str, index: int, key: str = "") -> str:
        return f"{self._label(self.directory / name)} 第 {index} 项" + (f"（{key}）" if key else "")

    def resolve(self, entry: _Entry, names: list[str], what: str) -> list[str]:
        codes = []
        for name in names:
            code = self.department_keys.get(name)
            if code is None:
                entry.error(f"{what}“{name}”不在 departments.yaml 中")
            elif code in codes:
                entry.error(f"{what}“{name}”重复")
            else:
                codes.append(code)
        return codes

    # -- plan.yaml -------------------------------------------------------------------------------------------
    def parse_header(self):
        data = self.read("plan.yaml")
        if data is None:
            return
        e = _Entry(self.errors, self._label(self.directory / "plan.yaml"), data)
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
            e = _Entry(self.errors, self.where("departments.yaml", i, name), raw)
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
            e = _Entry(self.errors, self.where("indicators.yaml", i, "配套数据"), raw)
            item = self._indicator_fields(e)
            item.update(number=None, code=e.text("code"), category=None, mark="", targets=[])
            if item["code"] and not re.fullmatch(r"[a-z][a-z0-9_]*", item["code"]):
                e.error(f"代码“{item['code']}”应为小写字母开头的字母数字")
            self.indicators.append(item)
        companion_codes = {c["code"] for c in self.indicators}
        numbers: set[int] = set()
        for i, raw in enumerate(data.get("indicators") or [], 1):
            number = raw.get("number", "") if isinstance(raw, dict) else ""
            e = _Entry(self.errors, self.where("indicators.yaml", i, f"序号 {number}"), raw)
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

    def _indicator_fields(self, e: _Entry) -> dict:
        return {
            "name": e.text("name"),
            "unit": e.text("unit", required=False),
            "precision": e.integer("precision", default="1"),
            "ytd": self._ytd(e),
            "note": e.text("note", required=False),
            "departments": self.resolve(e, e.text_list("departments"), "责任部门"),
        }

    def _ytd(self, e: _Entry) -> str:
        mode = e.text("ytd", required=False, default=Indicator.YtdMode.LEVEL)
        if mode not in Indicator.YtdMode.values:
            e.error(f"ytd 应为 {'/'.join(Indicator.YtdMode.values)} 之一，实为“{mode}”")
        return mode

    def _targets(self, e: _Entry, companion_codes: set[str]) -> list[dict]:
        targets = e.data.get("targets")
        if not isinstance(targets, dict) or sorted(targets) != [str(y) for y in self.target_years]:
            e.error(f"targets 应恰好包含 {'、'.join(map(str, self.target_years))} 年")
            return []
        result = []
        for year, raw in targets.items():
            # A bare number is the appendix's usual cell: "不低于" that number, written as it is.
            t = _Entry(
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
            if target["kind"] not in set(rules.Kind):
                t.error(f"目标类型“{target['kind']}”应为 {'/'.join(rules.Kind)} 之一")
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

    # -- chapters.yaml ---------------------------------------------------------------------------------------
    def parse_chapters(self):
        data = self.read("chapters.yaml")
        if data is None:
            return
        chapters = data.get("chapters") if isinstance(data, dict) else None
        if not isinstance(chapters, list):
            self.errors.append(f"{self._label(self.directory / 'chapters.yaml')}：应包含 chapters 列表")
            return
        numbers, task_numbers = set(), set()
        for i, raw in enumerate(chapters, 1):
            e = _Entry(self.errors, self.where("chapters.yaml", i, "章"), raw)
            chapter = {
                "number": e.integer("number"),
                "title": e.text("title"),
                "goals": self._goals(e),
                "tasks": [],
            }
            if chapter["number"] in numbers:
                e.error(f"章序号 {chapter['number']} 重复")
            numbers.add(chapter["number"])
            for j, raw_task in enumerate(e.data.get("tasks") or [], 1):
                number = raw_task.get("number", "") if isinstance(raw_task, dict) else ""
                t = _Entry(
                    self.errors, f"{self.where('chapters.yaml', i, '章')} 任务 {number or j}", raw_task
                )
                task = {
                    "number": t.text("number"),
                    "title": t.text("title"),
                    "text": t.text("text"),
                    "units": self.resolve(t, t.text_list("units"), "责任单位"),
                }
                match = re.fullmatch(r"(\d+)\.(\d+)", task["number"])
                if not match or int(match.group(1)) != chapter["number"]:
                    t.error(f"编号“{task['number']}”应为“{chapter['number']}.序号”")
                else:
                    task["seq"] = int(match.group(2))
                if task["number"] in task_numbers:
                    t.error(f"任务编号 {task['number']} 重复")
                task_numbers.add(task["number"])
                chapter["tasks"].append(task)
            self.chapters.append(chapter)

    def _goals(self, e: _Entry) -> dict[int, str]:
        """A chapter's goals by year ("2025": "到2025年，…")."""
        goals = e.data.get("goals")
        if not isinstance(goals, dict) or not goals:
            e.error("goals 应为“年份: 目标原文”的映射")
            return {}
        result = {}
        for year, text in goals.items():
            if not re.fullmatch(r"[0-9]{4}", year) or not isinstance(text, str) or not text.strip():
                e.error(f"goals 中“{year}”应为年份，且目标原文不能为空")
                continue
            result[int(year)] = text.strip()
        return result

    # -- commitments.yaml ------------------------------------------------------------------------------------
    def parse_commitments(self):
        name = "commitments.yaml"
        data = self.read(name)
        if (
            data is None or not self.chapters
        ):  # without the tasks every entry would fail: chapters.yaml is named
            return
        if not isinstance(data, list):
            self.errors.append(f"{self._label(self.directory / name)}：应为量化目标列表")
            return
        tasks = {t["number"]: t for c in self.chapters for t in c["tasks"]}
        chapters = {str(c["number"]): c for c in self.chapters}
        indicators = {i["number"]: i for i in self.indicators if i["number"] is not None}
        kinds = Commitment.Kind.values
        seen: set[tuple] = set()
        positions: dict[tuple, int] = {}
        for i, raw in enumerate(data, 1):
            owner = ""
            if isinstance(raw, dict):
                owner = f"任务 {raw['task']}" if raw.get("task") else f"第{raw.get('chapter', '?')}章目标"
            e = _Entry(self.errors, self.where(name, i, owner), raw)
            item = {
                "task": e.text("task", required=False),
                "chapter": e.text("chapter", required=False),
                "text": e.text("text"),
                "label": e.text("label", required=False),
                "unit": e.text("unit", required=False),
                "kind": e.text("kind", required=False, default=rules.Kind.AT_LEAST.value),
                "scope": e.text("scope", required=False, default=Commitment.Scope.CUMULATIVE.value),
                "note": e.text("note", required=False),
                "indicator_number": e.integer("indicator", default="") if "indicator" in e.data else None,
                "target": None,
                "due_year": None,
            }
            if bool(item["task"]) == bool(item["chapter"]):
                e.error("应填写 task（任务编号）或 chapter（章序号）二者之一")
                continue
            if item["task"] and item["task"] not in tasks:
                e.error(f"任务“{item['task']}”不在 chapters.yaml 中")
                continue
            if item["chapter"] and item["chapter"] not in chapters:
                e.error(f"章“{item['chapter']}”不在 chapters.yaml 中")
                continue
            if item["kind"] not in kinds:
                e.error(f"类型“{item['kind']}”应为 {'/'.join(kinds)} 之一")
            if item["scope"] not in Commitment.Scope.values:
                e.error(f"期限“{item['scope']}”应为 {'/'.join(Commitment.Scope.values)} 之一")
            if item["kind"] in (rules.Kind.RELATIVE, rules.Kind.LEADING):
                if item["indicator_number"] is None:
                    e.error("“高于参照”“保持领先”须注明对应的附件指标（indicator）")
                if item["task"]:
                    e.error("任务的量化目标须有目标值，不能为“高于参照”“保持领先”")
            else:
                item["target"] = e.decimal("target")
                if item["target"] is not None and item["target"] <= 0:
                    e.error(f"“target”应大于 0，实为“{item['target']}”")
            if (
                item["scope"] == Commitment.Scope.CUMULATIVE
            ):  # "到<the plan's last target year>年" unless said
                item["due_year"] = e.integer("due", default=str(max(self.target_years, default=0)))
            elif "due" in e.data:
                e.error("“每年”的量化目标不需要目标年（due）")
            number = item["indicator_number"]
            if number is not None and number not in indicators:
                e.error(f"附件指标序号 {number} 不在 indicators.yaml 中")
            item["lead"] = self._commitment_lead(e, item, tasks, indicators)
            key = (item["task"], item["chapter"], item["text"], item["label"])
            if key in seen:
                e.error("与前面的量化目标重复（同一原文的几项请用 label 区分）")
            seen.add(key)
            item["order"] = positions[key[:2]] = positions.get(key[:2], -1) + 1  # within its task or chapter
            self.commitments.append(item)

    def _commitment_lead(self, e: _Entry, item: dict, tasks: dict, indicators: dict) -> str | None:
        """The lead's code: as written, else the task's first unit or the indicator's lead department."""
        if "lead" in e.data:
            codes = self.resolve(e, [e.text("lead")], "牵头单位")
            lead = codes[0] if codes else None
        elif item["task"]:
            lead = next(iter(tasks[item["task"]]["units"]), None)
        elif item["indicator_number"] in indicators:
            lead = next(iter(indicators[item["indicator_number"]]["departments"]), None)
        else:
            e.error("章目标没有对应指标时须注明牵头单位（lead）")
            return None
        if lead and item["task"] and lead not in tasks[item["task"]]["units"]:
            e.error(f"牵头单位“{e.data.get('lead')}”不是任务 {item['task']} 的责任单位")
        return lead

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
