import os
from pathlib import Path

from django.core.management.base import BaseCommand

from plans.backup_export import backup_export


class Command(BaseCommand):
    help = (
        "把全部业务数据（规划、填报数据及修改记录、意见、截止日期、任务推进报告、用户、导入记录）导出为一个 .xlsx 备份；"
        "用 restore_all 恢复到空数据库。不含登录密码和导入的原始文件。"
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", type=Path, required=True, help="备份文件，如 backup.xlsx")

    def handle(self, *args, output: Path, **options):
        # Written beside the target and renamed when complete: an interrupted run never leaves half a backup.
        partial = output.with_name(output.name + ".part")
        try:
            counts = backup_export(partial)
            os.replace(partial, output)
        finally:
            partial.unlink(missing_ok=True)
        for name, count in counts.items():
            self.stdout.write(f"{name}：{count} 行")
        self.stdout.write(
            self.style.SUCCESS(f"已备份到 {output}（{len(counts)} 个工作表，{sum(counts.values())} 行）。")
        )
