from django.apps import AppConfig


class ScreenConfig(AppConfig):
    name = "screen"
    verbose_name = "领导驾驶舱"
