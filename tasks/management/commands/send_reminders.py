from django.core.management.base import BaseCommand
from django.utils import timezone

from tasks.reminders import reminders_send


class Command(BaseCommand):
    help = "向尚有到期未报送事项的单位的填报员发送催报邮件。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只列出将发送的邮件，不实际发送")

    def handle(self, *args, dry_run: bool, **options):
        summary = reminders_send(today=timezone.localdate(), dry_run=dry_run)
        for department in summary.unreachable:
            self.stderr.write(
                self.style.WARNING(f"警告：{department.name}没有填写了邮箱的在岗填报员，未能发送催报邮件。")
            )
        for department, emails in summary.sent.items():
            self.stdout.write(f"{department.name}：{'、'.join(emails)}")
        self.stdout.write(self.style.SUCCESS(str(summary)))
