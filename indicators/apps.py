from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = "主要指标"

    def ready(self):
        from core import freshness
        from indicators.models import (
            Category,
            CrossRule,
            Figure,
            Indicator,
            IndicatorDepartment,
            QualityRule,
            ReportingDeadline,
            Target,
        )

        freshness.track(
            Category,
            Indicator,
            IndicatorDepartment,
            Target,
            Figure,
            ReportingDeadline,
            QualityRule,
            CrossRule,
        )
