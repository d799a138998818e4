from django.conf import settings

from portal import navigation, permissions
from portal.alertas import AlertasDoCabecalho


def portal(request):
    user = getattr(request, "user", None)
    return {
        "PORTAL_NOME": "Portal de Administração do Tramita.GOV.BR",
        "AMBIENTE": settings.AMBIENTE,
        "AMBIENTE_ROTULO": "Homologação" if settings.AMBIENTE == "homologacao" else "Produção",
        "menu": navigation.menu_para(user),
        "links_publicos": navigation.links_publicos(),
        "perfil_principal": permissions.perfil_principal(user) if user and user.is_authenticated else "",
        "alertas": AlertasDoCabecalho(user),
    }
