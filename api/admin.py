from django.contrib import admin, messages
from django.utils import timezone

from api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created with `manage.py api_token create` (the key is printed once); here they are listed
    and revoked. The key is never shown: only its digest is stored, and the admin does not show even that."""

    list_display = ["name", "state", "created_at", "expires_at", "last_used_at", "revoked_at"]
    search_fields = ["name"]
    fields = ["name", "created_at", "expires_at", "last_used_at", "revoked_at"]
    readonly_fields = ["name", "created_at", "expires_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    @admin.display(description="状态")
    def state(self, token):
        return token.state_label

    def has_add_permission(self, request):
        return False  # a key made here could not be shown to anyone safely: use the command

    @admin.action(description="吊销所选令牌")
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"已吊销 {count} 个令牌", messages.SUCCESS)
