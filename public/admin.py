from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from public.models import Publication


@admin.register(Publication)
class PublicationAdmin(SimpleHistoryAdmin):
    """The record of publications, read-only: publish and withdraw with the plan page's buttons or the command."""

    list_display = ["plan", "year", "published_at", "published_by", "withdrawn_at", "withdrawn_by"]
    list_filter = ["plan", "year"]
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
