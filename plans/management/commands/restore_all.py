from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.backup_restore import RestoreError, backup_restore


class Command(BaseCommand):
    help = (
        "从 export_all 的备份文件恢复全部业务数据。只恢复到空数据库：先新建数据库并运行 migrate，"
        "不要运行 load_plan 或 seed_demo。恢复的账号没有密码，需要重新设置。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="export_all 生成的 .xlsx 备份文件")

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"找不到备份文件：{file}")
        try:
            counts = backup_restore(
                source=file, progress=lambda name, count: self.stdout.write(f"{name}：{count} 行")
            )
        except RestoreError as e:
            raise CommandError("没有恢复任何数据：\n" + "\n".join(e.errors)) from None
        self.stdout.write(self.style.SUCCESS(f"已从 {file} 恢复 {sum(counts.values())} 行数据。"))
        self.stdout.write(
            "所有账号的密码都需要重新设置：python manage.py changepassword 用户名"
            "（演示账号可用 python manage.py seed_demo --reset-passwords）。"
        )
