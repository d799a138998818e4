from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from . import cache_publico, signals  # noqa: F401

        cache_publico.conectar()
