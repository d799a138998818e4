from django.apps import AppConfig


class HipotesesConfig(AppConfig):
    name = "hipoteses"
    verbose_name = "Hipóteses legais e espécies documentais"
