"""Unidades administrativas per SPE (spec §7.5): the órgão's tree with a checkbox and a mode per unit.

No JavaScript: every shown unit carries a checkbox (``vincular``) and a mode select (``modo_<id>``); the
ids shown travel in one hidden field (``exibidas``), so a save touches only what the person saw (a huge
tree opens with its first levels, a search shows its hits).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from comites.mapeamento import services
from comites.models import Comite
from comites.services import ErroDeNegocio
from estrutura import consultas
from estrutura.models import ModoDeTramitacao, Unidade, normalizar_busca
from portal import permissions
from portal.identificadores import ler_id
from portal.permissions import Acao

# Above this many units, the tree opens with its first levels only; the search reaches the rest.
LIMITE_DA_ARVORE = 3000
NIVEIS_QUANDO_GRANDE = 2


def _comite(request, pk) -> Comite:
    return permissions.obter_ou_404(
        Comite.objects.select_related("unidade", "unidade__repositorio"), request.user, Acao.GESTAO_VER, pk=pk
    )


def _sistema(comite, sid):
    sistema = services.sistemas_do_comite(comite).filter(pk=sid).first()
    if sistema is None:
        raise Http404("Sistema não encontrado para este órgão/entidade.")
    return sistema


def _unidades_da_tela(request, comite, sistema, termo: str) -> tuple[list[Unidade], str]:
    orgao = comite.unidade
    qs = permissions.restringir(Unidade.objects.subarvore(orgao), request.user, Acao.GESTAO_VER)
    qs = qs.filter(Q(ativo=True) | Q(pk=orgao.pk) | Q(sistema=sistema)).select_related("sistema")
    if termo:
        chave = normalizar_busca(termo)
        achadas = list(qs.filter(Q(nome_busca__contains=chave) | Q(sigla_busca__contains=chave))[:LIMITE_DA_ARVORE])
        aviso = (f"{len(achadas)} unidade(s) encontrada(s) para “{termo}”." if achadas
                 else f"Nenhuma unidade encontrada para “{termo}”.")
        return consultas.com_ancestrais([orgao, *achadas], ate=orgao), aviso
    total = qs.count()
    if total > LIMITE_DA_ARVORE:
        aviso = (f"Esta estrutura tem {total} unidades: mostrando os {NIVEIS_QUANDO_GRANDE + 1} primeiros níveis. "
                 "Use a busca para encontrar unidades mais abaixo.")
        return list(qs.filter(profundidade__lte=orgao.profundidade + NIVEIS_QUANDO_GRANDE)), aviso
    return list(qs), ""


# The most unit ids one form may carry (the tree shows far fewer; bounds the queries' IN lists).
MAXIMO_DE_UNIDADES_POR_FORMULARIO = 20_000


def _ids(texto: str) -> set[int] | None:
    partes = [parte.strip() for parte in texto.split(",") if parte.strip()]
    if len(partes) > MAXIMO_DE_UNIDADES_POR_FORMULARIO:
        return None
    ids = {ler_id(parte) for parte in partes}
    return None if None in ids else ids


@login_required
def unidades_do_sistema(request, pk, sid):
    comite = _comite(request, pk)
    sistema = _sistema(comite, sid)
    pode_configurar = permissions.pode(request.user, Acao.GESTAO_CONFIGURAR, comite)
    if request.method == "POST":
        permissions.exigir(request.user, Acao.GESTAO_CONFIGURAR, comite)
        exibidas = _ids(request.POST.get("exibidas", ""))
        escolhidas = {ler_id(v) for v in request.POST.getlist("vincular")}
        if exibidas is None or None in escolhidas:
            messages.error(request, "Dados inválidos no formulário. Recarregue a página e tente de novo.")
            return redirect(request.get_full_path())
        escolhas = {uid: request.POST.get(f"modo_{uid}", "") for uid in escolhidas}
        try:
            resultado = services.salvar_mapeamento(comite, sistema, exibidas, escolhas)
        except ErroDeNegocio as erro:
            messages.error(request, erro.mensagem)
        else:
            if resultado.total:
                messages.success(request, f"Alterações salvas: {resultado.incluidas} unidade(s) vinculada(s), "
                                          f"{resultado.alteradas} com o modo alterado e {resultado.removidas} "
                                          "desvinculada(s).")
            else:
                messages.info(request, "Nenhuma alteração a salvar.")
        return redirect(request.get_full_path())
    termo = (request.GET.get("q") or "").strip()[:250]
    unidades, aviso = _unidades_da_tela(request, comite, sistema, termo)
    nos = consultas.montar_arvore(unidades, abrir_ate_nivel=1)
    contagem = services.contagem_por_subarvore(comite.unidade, sistema)
    vinculadas = sum(1 for u in unidades if u.sistema_id == sistema.pk)
    return render(request, "comites/mapeamento/unidades.html", {
        "comite": comite, "sistema": sistema, "nos": nos, "contagem": contagem, "aviso_arvore": aviso,
        "termo": termo, "exibidas": ",".join(str(u.pk) for u in unidades), "vinculadas": vinculadas,
        "total_vinculadas": Unidade.objects.subarvore(comite.unidade).filter(sistema=sistema).count(),
        "pode_configurar": pode_configurar, "modos": ModoDeTramitacao.choices,
        "titulo": f"Unidades administrativas — {sistema.nome}",
        "breadcrumbs": [("Gestão do Tramita.GOV.BR", reverse("comites:comite_lista")),
                        (str(comite.unidade), reverse("comites:comite_detalhe", args=[comite.pk])),
                        (f"Unidades administrativas — {sistema.nome}", None)],
    })
