"""chapters.yaml and commitments.yaml: the chapters with their tasks and goals, and the quantified commitments."""

import re

from indicators import rules
from plans.yaml_entries import Entry, PlanFiles
from tasks.models import Commitment


class TaskFiles(PlanFiles):
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
            e = Entry(self.errors, self.where("chapters.yaml", i, "章"), raw)
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
                t = Entry(self.errors, f"{self.where('chapters.yaml', i, '章')} 任务 {number or j}", raw_task)
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

    def _goals(self, e: Entry) -> dict[int, str]:
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
            e = Entry(self.errors, self.where(name, i, owner), raw)
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
                "per_unit": e.data.get("per_unit") in (True, "true"),  # the reader keeps scalars as text
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
            if e.data.get("per_unit") not in (None, True, False, "true", "false"):
                e.error("per_unit 应为 true 或 false")
            elif item["per_unit"] and not item["task"]:
                e.error("per_unit（各责任单位分别填报）只用于任务的量化目标")
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

    def _commitment_lead(self, e: Entry, item: dict, tasks: dict, indicators: dict) -> str | None:
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
