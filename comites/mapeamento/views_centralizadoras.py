"""Unidades centralizadoras (spec §7.6): list, Definir novas, the units each answers for, Remover."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from comites.mapeamento import centralizadoras as servico
from comites.mapeamento.views import LIMITE_DA_ARVORE, _comite, _ids
from comites.services import ErroDeNegocio
from estrutura import consultas
from estrutura.models import Unidade, normalizar_busca
from portal import permissions
from portal.identificadores import ler_id
from portal.permissions import Acao


def _breadcrumbs(comite, *extra):
    return [("Gestão do Tramita.GOV.BR", reverse("comites:comite_lista")),
            (str(comite.unidade), reverse("comites:comite_detalhe", args=[comite.pk])),
            ("Unidades centralizadoras", reverse("comites:centralizadoras", args=[comite.pk])), *extra]


def _centralizadora(comite, uid) -> Unidade:
    unidade = servico.centralizadora_do_comite(comite, uid)
    if unidade is None:
        raise Http404("Unidade centralizadora não encontrada neste órgão/entidade.")
    return unidade


def _arvore(request, comite, termo: str = "") -> tuple[list[Unidade], str]:
    orgao = comite.unidade
    qs = permissions.restringir(Unidade.objects.subarvore(orgao), request.user, Acao.GESTAO_VER).filter(
        Q(ativo=True) | Q(pk=orgao.pk)).select_related("unidade_receptora")
    if termo:
        chave = normalizar_busca(termo)
        achadas = list(qs.filter(Q(nome_busca__contains=chave) | Q(sigla_busca__contains=chave))[:LIMITE_DA_ARVORE])
        return consultas.com_ancestrais([orgao, *achadas], ate=orgao), f"{len(achadas)} unidade(s) encontrada(s)."
    unidades = list(qs[:LIMITE_DA_ARVORE + 1])
    if len(unidades) > LIMITE_DA_ARVORE:
        return unidades[:LIMITE_DA_ARVORE], (f"Mostrando as primeiras {LIMITE_DA_ARVORE} unidades. Use a busca para "
                                             "encontrar as demais.")
    return unidades, ""


def _rotulo(u):
    return f"{u.nome} - {u.sigla}" if u.sigla else u.nome


@login_required
def lista(request, pk):
    comite = _comite(request, pk)
    return render(request, "comites/mapeamento/centralizadoras.html", {
        "comite": comite, "centralizadoras": servico.centralizadoras(comite),
        "pode_configurar": permissions.pode(request.user, Acao.GESTAO_CONFIGURAR, comite),
        "titulo": "Unidades centralizadoras", "breadcrumbs": _breadcrumbs(comite)[:-1] + [("Unidades centralizadoras",
                                                                                         None)],
    })


@login_required
def definir(request, pk):
    comite = _comite(request, pk)
    permissions.exigir(request.user, Acao.GESTAO_CONFIGURAR, comite)
    if request.method == "POST":
        ids = {ler_id(v) for v in request.POST.getlist("unidade")}
        if None in ids or len(ids) > LIMITE_DA_ARVORE:
            messages.error(request, "Dados inválidos no formulário. Recarregue a página e tente de novo.")
            return redirect(request.get_full_path())
        try:
            servico.definir(comite, ids)
        except ErroDeNegocio as erro:
            messages.error(request, erro.mensagem)
            return redirect(request.get_full_path())
        messages.success(request, "Unidade(s) centralizadora(s) definida(s). Agora indique por quais unidades "
                                  "administrativas cada uma responde.")
        if len(ids) == 1:
            return redirect("comites:centralizadora_unidades", pk=comite.pk, uid=next(iter(ids)))
        return redirect("comites:centralizadoras", pk=comite.pk)
    termo = (request.GET.get("q") or "").strip()[:250]
    unidades, aviso = _arvore(request, comite, termo)
    habilitadas = set(servico.elegiveis(comite).filter(pk__in=[u.pk for u in unidades], eh_centralizadora=False,
                                                         unidade_receptora__isnull=True).values_list("pk", flat=True))
    notas = {u.pk: "já é centralizadora" for u in unidades if u.eh_centralizadora}
    return render(request, "comites/mapeamento/centralizadoras_definir.html", {
        "comite": comite, "nos": consultas.montar_arvore(unidades, abrir_ate_nivel=1), "habilitadas": habilitadas,
        "notas": notas, "nenhuma": set(), "aviso_arvore": aviso, "termo": termo,
        "titulo": "Definir novas unidades centralizadoras",
        "breadcrumbs": _breadcrumbs(comite, ("Definir", None)),
    })


@login_required
def atendidas(request, pk, uid):
    comite = _comite(request, pk)
    centralizadora = _centralizadora(comite, uid)
    pode_configurar = permissions.pode(request.user, Acao.GESTAO_CONFIGURAR, comite)
    if request.method == "POST":
        permissions.exigir(request.user, Acao.GESTAO_CONFIGURAR, comite)
        exibidas = _ids(request.POST.get("exibidas", ""))
        marcadas = {ler_id(v) for v in request.POST.getlist("atendida")}
        if exibidas is None or None in marcadas:
            messages.error(request, "Dados inválidos no formulário. Recarregue a página e tente de novo.")
            return redirect(request.get_full_path())
        try:
            incluidas, retiradas = servico.salvar_atendidas(comite, centralizadora, exibidas, marcadas)
        except ErroDeNegocio as erro:
            messages.error(request, erro.mensagem)
        else:
            messages.success(request, f"Alterações salvas: {incluidas} unidade(s) incluída(s) e {retiradas} "
                                      "retirada(s).")
        return redirect(request.get_full_path())
    termo = (request.GET.get("q") or "").strip()[:250]
    unidades, aviso = _arvore(request, comite, termo)
    habilitadas = {u.pk for u in unidades if not u.eh_centralizadora
                   and u.unidade_receptora_id in (None, centralizadora.pk)} if pode_configurar else set()
    marcadas = {u.pk for u in unidades if u.unidade_receptora_id == centralizadora.pk}
    notas = {u.pk: "centralizadora" for u in unidades if u.eh_centralizadora}
    notas.update({u.pk: f"atendida por {_rotulo(u.unidade_receptora)}" for u in unidades
                  if u.unidade_receptora_id not in (None, centralizadora.pk)})
    notas.update({pk: "atendida por esta centralizadora" for pk in marcadas if pk not in habilitadas})
    return render(request, "comites/mapeamento/centralizadora_unidades.html", {
        "comite": comite, "centralizadora": centralizadora, "nos": consultas.montar_arvore(unidades, abrir_ate_nivel=1),
        "habilitadas": habilitadas, "marcadas": marcadas, "notas": notas, "aviso_arvore": aviso, "termo": termo,
        "exibidas": ",".join(str(u.pk) for u in unidades), "pode_configurar": pode_configurar,
        "titulo": f"Unidades atendidas por {_rotulo(centralizadora)}",
        "breadcrumbs": _breadcrumbs(comite, (_rotulo(centralizadora), None)),
    })


@login_required
def remover(request, pk, uid):
    comite = _comite(request, pk)
    centralizadora = _centralizadora(comite, uid)
    permissions.exigir(request.user, Acao.GESTAO_CONFIGURAR, comite)
    if request.method == "POST":
        servico.remover(comite, centralizadora)
        messages.success(request, f"{_rotulo(centralizadora)} não é mais unidade centralizadora.")
        return redirect("comites:centralizadoras", pk=comite.pk)
    return render(request, "comites/mapeamento/centralizadora_remover.html", {
        "comite": comite, "centralizadora": centralizadora,
        "atendidas": Unidade.objects.filter(unidade_receptora=centralizadora).count(),
        "titulo": "Remover unidade centralizadora", "breadcrumbs": _breadcrumbs(comite, ("Remover", None)),
    })
