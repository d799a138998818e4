"""The Django admin site of the portal: read-only for every model, whoever registered it.

The portal's own ModelAdmins already refuse add/change/delete (``portal.admin.SomenteLeituraAdmin``),
but third-party apps register theirs (allauth's e-mail addresses and authenticators,
django-celery-beat's schedules), which would let a superuser change data past the audited services.
This site locks every ModelAdmin as it is registered: no add, change or delete permission and no
bulk actions, so the admin only lists and shows. Its login goes through the portal's (``portal.admin``).
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


def _nunca(*args, **kwargs) -> bool:
    return False


def trancar(modelo_admin: admin.ModelAdmin) -> admin.ModelAdmin:
    """Makes one registered ModelAdmin (and its inlines) read-only."""
    modelo_admin.has_add_permission = _nunca
    modelo_admin.has_change_permission = _nunca
    modelo_admin.has_delete_permission = _nunca
    modelo_admin.actions = ()
    modelo_admin.get_actions = lambda request: {}
    original = getattr(modelo_admin, "get_inline_instances", None)
    if original is None:  # an inline
        return modelo_admin

    def inlines_trancadas(request, obj=None):
        return [trancar(inline) for inline in original(request, obj)]

    modelo_admin.get_inline_instances = inlines_trancadas
    return modelo_admin


class SiteSomenteLeitura(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        super().register(model_or_iterable, admin_class, **options)
        for modelo_admin in self._registry.values():
            trancar(modelo_admin)


class AdminSomenteLeituraConfig(AdminConfig):
    """``django.contrib.admin`` with the read-only site as the default ``admin.site``."""

    default_site = "portal.admin_site.SiteSomenteLeitura"
