import gc

from django.apps import AppConfig
from django.conf import settings
from django.urls import register_converter


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "公共"

    def ready(self):
        from core import lookups, security  # noqa: F401  (security connects the security log's signal receivers)
        from core.params import IdConverter, YearConverter

        # Before any URLconf is imported: every urls.py takes ids and years through these.
        register_converter(IdConverter, "id")
        register_converter(YearConverter, "year")
        lookups.register()

        # A large page keeps tens of thousands of objects alive: the default threshold re-scans them again and again.
        _, older, oldest = gc.get_threshold()
        gc.set_threshold(settings.GC_YOUNG_THRESHOLD, older, oldest)
