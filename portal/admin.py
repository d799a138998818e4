"""Django's own admin site is a read-only window for superusers.

Every change goes through the apps' services (validated, scoped and audited) from the portal's pages,
so no ModelAdmin here or in the other apps may add, change or delete.
"""

from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth.models import Group
from django.shortcuts import redirect
from django.urls import reverse

from portal.models import GestorTecnologico, Parametro, PerfilAtribuido, Pessoa, RegistroDeAuditoria, SistemaDeGoverno

# Permissions are the portal's profiles (portal.permissions), not Django groups.
admin.site.unregister(Group)


def entrar_pelo_portal(request, extra_context=None):
    """The admin site has no login of its own: the portal's login (rate-limited, second factor) opens it.

    Django's admin login form authenticates with the password alone; any GET or POST to it is sent to the
    allauth login, which returns to ``next`` (validated by allauth) once password and TOTP are done.
    """
    proximo = request.GET.get("next") or reverse("admin:index")
    return redirect(reverse("account_login") + "?" + urlencode({"next": proximo}, safe="/"))


admin.site.login = entrar_pelo_portal


class SomenteLeituraAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SomenteLeituraInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PerfilInline(SomenteLeituraInline):
    model = PerfilAtribuido
    fields = ("perfil", "gestor_tecnologico", "ativo", "criado_em")
    readonly_fields = fields


@admin.register(Pessoa)
class PessoaAdmin(SomenteLeituraAdmin):
    list_display = ("nome", "email", "email_unidade", "is_active", "date_joined")
    search_fields = ("nome", "email", "cpf")
    list_filter = ("is_active",)
    exclude = ("password",)
    inlines = [PerfilInline]


@admin.register(RegistroDeAuditoria)
class RegistroDeAuditoriaAdmin(SomenteLeituraAdmin):
    list_display = ("momento", "usuario_repr", "perfil", "acao", "alvo_repr", "ip", "request_id")
    list_filter = ("acao", "origem")
    search_fields = ("usuario_repr", "acao", "alvo_repr", "request_id")


@admin.register(Parametro)
class ParametroAdmin(SomenteLeituraAdmin):
    list_display = ("categoria", "nome", "valor", "atualizado_em")
    list_filter = ("categoria",)


@admin.register(SistemaDeGoverno)
class SistemaDeGovernoAdmin(SomenteLeituraAdmin):
    list_display = ("codigo", "nome", "sigla", "ativo")


@admin.register(GestorTecnologico)
class GestorTecnologicoAdmin(SomenteLeituraAdmin):
    list_display = ("nome", "descricao", "interno", "ativo")
