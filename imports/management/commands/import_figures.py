import time
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from departments.models import User
from imports import services
from imports.files import FileRejected
from imports.models import ImportBatch
from imports.rows import Rows
from indicators import permissions


class Command(BaseCommand):
    help = (
        "从 Excel/CSV 文件导入填报数据：先全部校验，有任何错误则列出全部错误、不写入任何数据并以非零状态退出；"
        "否则在一个事务中全部导入（状态为已报送）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=".xlsx、.xls、.ods 或 .csv 文件")
        parser.add_argument("--dry-run", action="store_true", help="只校验并显示将要发生的变化，不写入")
        parser.add_argument(
            "--user",
            required=True,
            help="以哪个账号导入（导入员或协调员可导入全部部门；填报员只能导入本单位牵头的指标）",
        )

    def handle(self, *args, file: Path, dry_run: bool, user: str, **options):
        account = User.objects.filter(username=user, is_active=True).first()
        if account is None:
            raise CommandError(f"没有账号“{user}”")
        if not permissions.can_import(account):
            raise CommandError(f"账号“{user}”没有导入权限（需要导入员、协调员或填报员）")
        try:
            data = file.read_bytes()
        except OSError as e:
            raise CommandError(f"无法读取文件 {file}：{e.strerror}") from None

        started = time.perf_counter()
        self.progress(f"正在读取并校验 {file.name} …")
        try:
            preview = services.preview_build(
                user=account, file_name=file.name, data=data, progress=self.rows_done
            )
        except (FileRejected, PermissionDenied) as e:
            raise CommandError(str(e)) from None
        counts = {action: preview.count(action) for action in services.ACTION_LABELS}
        if preview.errors:
            for message in preview.errors:
                self.stderr.write(message)
            raise CommandError(
                f"共 {len(preview.errors)} 处错误，没有导入任何数据（{self.summary(counts)}）。"
            )
        if dry_run:
            for row in preview.rows:
                if row.action in (services.NEW, services.CHANGED):
                    change = "；".join(
                        f"{label} {old or '（空）'} → {new}" for label, old, new in row.changes
                    )
                    self.stdout.write(f"{row.place} {row.action_label} {row.label} {row.year}年：{change}")
            elapsed = time.perf_counter() - started
            self.stdout.write(
                self.style.SUCCESS(f"试运行，未写入：{self.summary(counts)}（{elapsed:.1f} 秒）")
            )
            return

        self.progress(f"校验完成（{len(preview.rows)} 行），正在写入 …")
        batch = services.batch_create(user=account, file_name=file.name, data=data, preview=preview)
        batch = services.import_confirm(user=account, batch_id=batch.pk)
        if batch.status != ImportBatch.Status.IMPORTED:  # a figure changed between validation and writing
            for message in Rows.from_json(batch.rows).messages():
                self.stderr.write(message)
            raise CommandError(f"共 {batch.error_count} 处错误，没有导入任何数据。")
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"已导入 {file.name}：{self.summary(counts)}（{elapsed:.1f} 秒）")
        )

    @staticmethod
    def summary(counts: dict) -> str:
        return "，".join(f"{services.ACTION_LABELS[action]} {n} 条" for action, n in counts.items())

    def progress(self, message: str) -> None:
        """Progress goes to stderr so that stdout stays the summary."""
        self.stderr.write(message)
        self.stderr.flush()

    def rows_done(self, done: int, total: int) -> None:
        if total > services.PROGRESS_EVERY:
            self.progress(f"已校验 {done}/{total} 行（{done * 100 // total}%）")
