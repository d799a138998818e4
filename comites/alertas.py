"""comites' entries in the header's "Alertas (N)" (``ganchos.ALERTAS``, registered in ``ComitesConfig.ready``):

* access requests waiting for evaluation (Administradores, Supervisores within their repositórios);
* structure drift: inactivated units still mapped (``comites.deriva``), for whoever configures the órgão;
* SPE certificates of this ambiente expiring within 60 days and not yet replaced by a newer one.

Rows through ``portal.permissions.restringir``; links to the list where the person acts (the one comitê or
system page when every row belongs to one).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from comites.certificados.models import Certificado
from comites.certificados.services import DIAS_PRIMEIRO_AVISO
from comites.deriva.models import PendenciaDeEstrutura
from comites.models import SolicitacaoDeAcesso
from portal import permissions
from portal.alertas import Alerta, contar
from portal.permissions import Acao


def _solicitacoes(pessoa) -> list[Alerta]:
    if not permissions.pode(pessoa, Acao.ACESSO_AVALIAR):
        return []
    linhas = permissions.restringir(SolicitacaoDeAcesso.objects.em_aberto(), pessoa, Acao.ACESSO_AVALIAR)
    quantidade, mais = contar(linhas)
    return [Alerta("solicitacoes", "Solicitações de acesso aguardando avaliação", quantidade,
                   reverse("comites:solicitacao_lista") + "?apenas_pendentes=on", mais)]


def _um_ou_lista(linhas, campo: str, url_de_um, url_da_lista: str) -> str:
    """The page of the one object every row belongs to, else the list."""
    distintos = list(linhas.order_by().values_list(campo, flat=True).distinct()[:2])
    return url_de_um(distintos[0]) if len(distintos) == 1 else url_da_lista


def _deriva(pessoa) -> list[Alerta]:
    if not permissions.pode(pessoa, Acao.GESTAO_CONFIGURAR):
        return []
    linhas = permissions.restringir(PendenciaDeEstrutura.objects.filter(resolvida_em__isnull=True), pessoa,
                                    Acao.GESTAO_CONFIGURAR)
    quantidade, mais = contar(linhas)
    url = ""
    if quantidade:
        url = _um_ou_lista(linhas, "comite_id",
                           lambda pk: reverse("comites:comite_detalhe", args=[pk]) + "#unidades-inativadas",
                           reverse("comites:comite_lista"))
    return [Alerta("deriva", "Unidades inativadas ainda mapeadas", quantidade, url, mais)]


def certificados_expirando(agora=None):
    """Certificates of this ambiente, not revoked, of an active SPE, expiring within 60 days and not
    replaced by a newer usable certificate of the same SPE."""
    agora = agora or timezone.now()
    mais_novo = Certificado.objects.filter(
        sistema_id=OuterRef("sistema_id"), ambiente=OuterRef("ambiente"), revogado_em__isnull=True,
        valido_ate__gt=OuterRef("valido_ate"),
    )
    return Certificado.objects.filter(
        ambiente=settings.AMBIENTE, revogado_em__isnull=True, sistema__ativo=True, valido_ate__gt=agora,
        valido_ate__lte=agora + datetime.timedelta(days=DIAS_PRIMEIRO_AVISO),
    ).exclude(Exists(mais_novo))


def _certificados(pessoa) -> list[Alerta]:
    if not permissions.pode(pessoa, Acao.CERTIFICADO_GERAR):
        return []
    linhas = permissions.restringir(certificados_expirando(), pessoa, Acao.CERTIFICADO_GERAR)
    quantidade, mais = contar(linhas)
    url = ""
    if quantidade:
        url = _um_ou_lista(linhas, "sistema_id", lambda pk: reverse("certificados:lista", args=[pk]),
                           reverse("comites:spe_lista"))
    return [Alerta("certificados", f"Certificados que expiram em até {DIAS_PRIMEIRO_AVISO} dias", quantidade, url,
                   mais)]


def alertas(pessoa) -> list[Alerta]:
    return [*_solicitacoes(pessoa), *_deriva(pessoa), *_certificados(pessoa)]
