from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = "政务公开"

    def ready(self):
        from core import freshness
        from public.models import Publication

        # Publishing or withdrawing a year changes what the public pages show: their caches follow the version.
        freshness.track(Publication)
