from django.db.models import QuerySet

from imports.models import ImportBatch
from indicators import permissions


def batches_visible_to(user) -> QuerySet[ImportBatch]:
    """The coordinator sees every upload; everyone else their own."""
    batches = ImportBatch.objects.select_related("user")
    return batches if permissions.can_review(user) else batches.filter(user=user)
