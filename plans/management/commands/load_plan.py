from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.services import plan_load
from plans.writer import PlanError
from plans.yaml_reader import DEFAULT_DIR


class Command(BaseCommand):
    help = "从 fixtures/plan/ 载入或更新规划数据（责任单位、指标、目标、章节、任务）；重复运行不产生变化。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", type=Path, default=DEFAULT_DIR, help="规划数据目录（默认 fixtures/plan）"
        )

    def handle(self, *args, dir: Path, **options):
        try:
            summary = plan_load(directory=dir)
        except PlanError as e:
            raise CommandError("规划数据有误，数据库未作任何修改：\n" + "\n".join(e.errors)) from None
        for line in summary.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("规划数据已载入。" if summary.changed else "规划数据无变化。"))
