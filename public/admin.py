from django.contrib import admin

from core.admin import ReadOnlyHistoryAdmin
from public.models import Publication


@admin.register(Publication)
class PublicationAdmin(ReadOnlyHistoryAdmin):
    """The record of publications, read-only: publish and withdraw with the plan page's buttons or the command."""

    list_display = ["plan", "year", "published_at", "published_by", "withdrawn_at", "withdrawn_by"]
    list_filter = ["plan", "year"]
    readonly_fields = list_display
