from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from api.models import ApiToken
from api.tokens import TokenError, token_create, token_revoke


class Command(BaseCommand):
    help = "接口令牌：create 名称 [--expires-days N]（新令牌只显示一次，在最后一行末尾）、list、revoke 名称"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="新建令牌")
        create.add_argument("name")
        create.add_argument("--expires-days", type=int, default=None, help="有效天数（默认不过期）")
        actions.add_parser("list", help="列出令牌（不显示密钥）")
        revoke = actions.add_parser("revoke", help="吊销令牌")
        revoke.add_argument("name")

    def handle(self, *args, action, **options):
        try:
            getattr(self, action)(**options)
        except TokenError as e:
            raise CommandError(str(e)) from None

    def create(self, *, name, expires_days, **_):
        token, key = token_create(name=name, expires_days=expires_days)
        until = (
            f"，{timezone.localtime(token.expires_at):%Y-%m-%d %H:%M} 到期"
            if token.expires_at
            else "，不过期"
        )
        self.stdout.write(f"已创建令牌“{token.name}”{until}。令牌只显示这一次，请妥善保存：")
        self.stdout.write(f"令牌 {key}")

    def list(self, **_):
        tokens = ApiToken.objects.all()
        if not tokens:
            self.stdout.write("尚无接口令牌")
        for t in tokens:
            expires = f"{timezone.localtime(t.expires_at):%Y-%m-%d}" if t.expires_at else "不过期"
            used = f"{timezone.localtime(t.last_used_at):%Y-%m-%d %H:%M}" if t.last_used_at else "从未使用"
            self.stdout.write(f"{t.name}\t{t.state_label}\t到期：{expires}\t最近使用：{used}")

    def revoke(self, *, name, **_):
        token = token_revoke(name=name)
        self.stdout.write(f"已吊销令牌“{token.name}”")
