from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "规划"

    def ready(self):
        from core import freshness
        from plans.models import Plan

        freshness.track(Plan)
