from argparse import ArgumentTypeError
from datetime import date
from functools import partial
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.forms import KIND_LABELS
from plans.preview import meaning_lines
from plans.selectors import overlap_notes
from plans.services import plan_load, plan_load_sheet
from plans.sheet_choice import cell_key
from plans.writer import PlanError
from plans.yaml_reader import DEFAULT_DIR

SHEET_ONLY = (
    "plan",
    "create_departments",
    "dry_run",
    "name",
    "short_name",
    "issuer",
    "issued_on",
    "years",
    "choose",
)
CHOOSE_FORM = "行-年=规则[:目标值[:上限]][:down]"
KIND_SHORT = {code: label.split("（")[0] for code, label in KIND_LABELS.items()}  # at_least → 不低于
# A rule by its code or its short name.
KIND_NAMES = {code: code for code in KIND_SHORT} | {short: code for code, short in KIND_SHORT.items()}


class Command(BaseCommand):
    help = (
        "从 fixtures/plan/ 载入或更新规划数据（责任单位、指标、目标、章节、任务）；"
        "或用 --xlsx 从附件格式的 Excel 表格载入一个规划（指标、目标、责任部门）。重复运行不产生变化。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", type=Path, default=DEFAULT_DIR, help="规划数据目录（默认 fixtures/plan）"
        )
        parser.add_argument(
            "--xlsx", type=Path, help="指标表格：.xlsx、.xls 或 .csv（见 README“从附件表格载入规划”）"
        )
        parser.add_argument("--plan", help="规划代码（与 --xlsx 一起使用），如 mfg2026")
        parser.add_argument(
            "--create-departments", action="store_true", help="表格中未知的责任部门新建为委办局"
        )
        parser.add_argument("--dry-run", action="store_true", help="只检查并报告将要发生的变化，不写入")
        parser.add_argument("--name", help="规划名称（缺省为表头上方的标题行）")
        parser.add_argument("--short-name", help="简称（缺省为名称去掉“主要指标”“工作任务”“行动方案”“规划”）")
        parser.add_argument("--issuer", help="印发机关（缺省保留已载入的值）")
        parser.add_argument("--issued-on", type=_date, help="印发日期，如 2026-03-31（缺省保留已载入的值）")
        parser.add_argument(
            "--years",
            type=_years,
            help="规划年度，如 2026-2030：“十五五目标”“目标值”列即末年目标（缺省取自表头或标题）",
        )
        parser.add_argument(
            "--choose",
            type=_choice,
            action="append",
            default=[],
            metavar=CHOOSE_FORM,
            help="为读不懂的目标单元格手选规则（与网页预览的“手选规则”相同），如 --choose 3-2027=greater:6；可重复",
        )

    def handle(self, *args, dir: Path, xlsx: Path | None, **options):
        if xlsx is None:
            given = [f"--{key.replace('_', '-')}" for key in SHEET_ONLY if options.get(key)]
            if given:
                raise CommandError(f"{'、'.join(given)} 只能与 --xlsx 一起使用")
            return self._report(partial(plan_load, directory=dir), "规划数据有误", dry_run=False)
        if not options["plan"]:
            raise CommandError("请用 --plan 指定规划代码，如 --plan mfg2026")
        try:
            data = xlsx.read_bytes()
        except OSError as e:
            raise CommandError(f"无法读取 {xlsx}：{e.strerror}") from None
        header = {key: options[key] for key in ("name", "short_name", "issuer", "issued_on") if options[key]}

        def load():
            plan, summary = plan_load_sheet(
                data=data,
                file_name=xlsx.name,
                code=options["plan"],
                header=header,
                create_departments=options["create_departments"],
                dry_run=options["dry_run"],
                years=options["years"],
                choices=dict(options["choose"]),
            )
            if plan.unused_columns:  # never silently dropped
                self.stdout.write(self.style.WARNING("未使用的列：" + "、".join(plan.unused_columns)))
            for line in getattr(plan, "shared_lines", ()):
                self.stdout.write(line)
            self.stdout.write("目标及其含义：")
            for line in meaning_lines(plan):
                self.stdout.write(line)
            return summary

        self._report(load, "规划表格有误", dry_run=options["dry_run"])
        if not options["dry_run"]:
            for note in overlap_notes(options["plan"]):
                self.stdout.write(self.style.WARNING(note))

    def _report(self, load, problem: str, *, dry_run: bool) -> None:
        try:
            summary = load()
        except PlanError as e:
            lines = list(e.errors)
            if e.refused:
                example = e.refused[0]["key"]
                kinds = "、".join(f"{code} {short}" for code, short in KIND_SHORT.items())
                lines.append(
                    f"读不懂的目标可用 --choose {CHOOSE_FORM} 手选规则，如 --choose {example}=at_least:75（规则：{kinds}）"
                )
            raise CommandError(f"{problem}，数据库未作任何修改：\n" + "\n".join(lines)) from None
        for line in summary.lines():
            self.stdout.write(line)
        if dry_run:
            verdict = (
                "试运行：将按上述变化载入，数据库未作修改。"
                if summary.changed
                else "试运行：规划数据无变化。"
            )
        else:
            verdict = "规划数据已载入。" if summary.changed else "规划数据无变化。"
        self.stdout.write(self.style.SUCCESS(verdict))


def _years(text: str) -> tuple[int, int]:
    first, _, last = text.partition("-")
    if not (first.isdigit() and last.isdigit() and len(first) == len(last) == 4 and int(first) <= int(last)):
        raise ArgumentTypeError(f"“{text}”应为规划年度，如 2026-2030")
    return int(first), int(last)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ArgumentTypeError(f"“{text}”不是日期，应为 2026-03-31 的格式") from None


def _choice(text: str) -> tuple[str, dict]:
    """ "3-2027=greater:6" → ("3-2027", the choice as the load preview's form keeps it)."""
    key, _, spec = text.partition("=")
    row, _, year = key.partition("-")
    if not (row.isdigit() and year.isdigit() and len(year) == 4 and spec):
        raise ArgumentTypeError(f"“{text}”应为 {CHOOSE_FORM}，如 3-2027=greater:6")
    kind, *rest = spec.split(":")
    if kind not in KIND_NAMES:
        raise ArgumentTypeError(f"“{kind}”不是可手选的规则，可选：{'、'.join(KIND_LABELS)}")
    direction = "up"
    if rest and rest[-1] in ("up", "down"):
        direction = rest.pop()
    if len(rest) > 2:
        raise ArgumentTypeError(f"“{text}”的数字过多，应为 {CHOOSE_FORM}")
    value, upper = (rest + ["", ""])[:2]
    choice = {"kind": KIND_NAMES[kind], "value": value, "upper": upper, "direction": direction}
    return cell_key(int(row), int(year)), choice
