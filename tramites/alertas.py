"""tramites' entry in the header's "Alertas (N)" (``ganchos.ALERTAS``, registered in ``TramitesConfig.ready``):
trâmites still on their way whose status has not changed for more than the Parâmetro
``dias_tramite_parado`` days, within the person's Painel scope. The link opens the Painel with the same
filter (``parados=N``, no period: the Painel's default of the last 30 days would hide older stuck ones).
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from portal import permissions
from portal.alertas import Alerta, contar
from portal.permissions import Acao
from portal.services import parametros
from tramites import state_machine as sm


def parados(dias: int):
    """Trâmites not in a final status whose status is older than ``dias`` days (the Painel's ``parados``)."""
    from tramites.models import Tramite

    return Tramite.objects.filter(status__in=[s.value for s in sm.ABERTOS],
                                  status_desde__lt=timezone.now() - timedelta(days=dias))


def url_dos_parados(dias: int) -> str:
    try:
        painel = reverse("tramites:painel")
    except NoReverseMatch:  # the Painel is not in this URLconf
        return ""
    return painel + "?" + urlencode({"parados": dias, "data_inicial": "", "data_final": ""})


def alertas(pessoa) -> list[Alerta]:
    if not permissions.pode(pessoa, Acao.PAINEL_VER):
        return []
    dias = parametros.inteiro("dias_tramite_parado")
    quantidade, mais = contar(permissions.restringir(parados(dias), pessoa, Acao.PAINEL_VER))
    return [Alerta("tramites_parados", f"Trâmites parados há mais de {dias} dia{'s' if dias != 1 else ''}",
                   quantidade, url_dos_parados(dias), mais)]
