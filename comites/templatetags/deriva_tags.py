"""The comitê page's "Unidades inativadas ainda mapeadas" section (spec §7.7)."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.db.models import Count
from django.urls import reverse

from comites.deriva import services
from comites.mapeamento.services import sistemas_do_comite
from estrutura.models import ModoDeTramitacao, Unidade
from portal import permissions
from portal.permissions import Acao

register = template.Library()

# The section lists this many entries; the rest are counted.
MAXIMO_NA_PAGINA = 100


def _linha(comite, pendencia, servidos: set[int], atendidas: dict[int, int]) -> dict:
    u = pendencia.unidade
    situacao, links = [], []
    if u.sistema_id:
        modo = ModoDeTramitacao.de_flags(u.permite_envio, u.permite_recebimento)
        situacao.append(f"vinculada ao sistema {u.sistema.nome}" + (f" ({modo.label})" if modo else ""))
        if u.sistema_id in servidos:
            links.append(("Vincular outra unidade no sistema",
                          reverse("comites:mapeamento_unidades", args=[comite.pk, u.sistema_id])
                          + "?" + urlencode({"q": u.nome})))
    if u.eh_centralizadora:
        situacao.append(f"centralizadora de {atendidas.get(u.pk, 0)} unidade(s)")
        links.append(("Unidades que ela atende", reverse("comites:centralizadora_unidades", args=[comite.pk, u.pk])))
    if u.unidade_receptora_id:
        situacao.append(f"atendida pela centralizadora {u.unidade_receptora}")
        links.append(("Ver a centralizadora",
                      reverse("comites:centralizadora_unidades", args=[comite.pk, u.unidade_receptora_id])))
    return {"pendencia": pendencia, "unidade": u, "situacao": "; ".join(situacao) or "sem vínculos",
            "links": links}


@register.inclusion_tag("comites/deriva/_secao_comite.html", takes_context=True)
def secao_de_deriva(context, comite):
    usuario = context["request"].user
    if not permissions.pode(usuario, Acao.GESTAO_VER, comite):
        return {"linhas": []}
    abertas = permissions.restringir(services.abertas(comite), usuario, Acao.GESTAO_VER)
    total = abertas.count()
    if not total:
        return {"linhas": []}
    pendencias = list(abertas[:MAXIMO_NA_PAGINA])
    centralizadoras = [p.unidade_id for p in pendencias if p.unidade.eh_centralizadora]
    atendidas = dict(Unidade.objects.filter(unidade_receptora__in=centralizadoras).values("unidade_receptora")
                     .annotate(n=Count("pk")).values_list("unidade_receptora", "n")) if centralizadoras else {}
    servidos = set(sistemas_do_comite(comite).values_list("pk", flat=True))
    return {
        "comite": comite, "total": total, "linhas": [_linha(comite, p, servidos, atendidas) for p in pendencias],
        "pode_configurar": permissions.pode(usuario, Acao.GESTAO_CONFIGURAR, comite),
    }
