"""What the admin pages of several apps share."""

from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """A record kept by its own pages and services (a publication, a score adjustment, a 督办单): the admin reads
    it and its history, and adds, changes or deletes nothing."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
