from django.core.management.base import BaseCommand
from django.utils import timezone

from supervision.services import notices_escalate


class Command(BaseCommand):
    help = "将超过答复期限仍未答复的督办单上报分管领导（页面列出并发送邮件）；每天运行一次。"

    def handle(self, *args, **options):
        result = notices_escalate(today=timezone.localdate())
        self.stdout.write(f"{result}。")
