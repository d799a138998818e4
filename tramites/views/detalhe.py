"""Detalhes do IDT (spec §8.4: Informações, Recibo, Situações, Componentes, Recusa, plus the diagnosis) and
the NRE page (every trâmite of a process within the person's scope, with the protocolo each one carried)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_safe

from portal import permissions
from portal.permissions import Acao
from tramites.services import detalhe as servico

ABAS = (
    ("informacoes", "Informações"),
    ("recibo", "Recibo"),
    ("situacoes", "Situações"),
    ("componentes", "Componentes"),
    ("recusa", "Recusa"),
)
LIMITE_DO_NRE = 500  # trâmites listed on one NRE page (a process's journey is far shorter)


def breadcrumbs(*extra):
    try:
        painel = reverse("tramites:painel")
    except NoReverseMatch:
        painel = None
    return [("Painel de Controle", painel), *extra]


@require_safe
@login_required
def tramite_detalhe(request, idt):
    detalhe = servico.carregar(idt, request.user)
    abas = [(chave, rotulo) for chave, rotulo in ABAS if chave != "recusa" or detalhe.recusa is not None]
    return render(request, "tramites/detalhe.html", {
        "d": detalhe, "t": detalhe.tramite, "abas": abas,
        "titulo": f"Detalhes do IDT {detalhe.tramite.idt}",
        "breadcrumbs": breadcrumbs((f"IDT {detalhe.tramite.idt}", None)),
    })


def _nre_valido(nre: str) -> str:
    """NREs are 16 ASCII digits: anything else cannot exist (404, never a 500 on odd input)."""
    if not (1 <= len(nre) <= 16 and nre.isascii() and nre.isdigit()):
        raise Http404("Registro não encontrado.")
    return nre


@require_safe
@login_required
def nre_detalhe(request, nre):
    if not permissions.pode(request.user, Acao.PAINEL_VER):
        raise PermissionDenied("Seu perfil não permite esta ação.")
    nre = _nre_valido(nre)
    linhas = list(servico.tramites_do_nre(request.user, nre, LIMITE_DO_NRE))
    if not linhas:
        raise Http404("Registro não encontrado.")
    cancelaveis = servico.cancelaveis_por(request.user, linhas)
    anterior = None
    trajeto = []
    for tramite in linhas:
        # Each trâmite is compared with the one before it: a protocolo changed on the way is highlighted.
        mudou = anterior is not None and tramite.protocolo != anterior
        anterior = tramite.protocolo
        trajeto.append({"t": tramite, "protocolo_mudou": mudou, "pode_cancelar": tramite.idt in cancelaveis})
    protocolos = sorted({t.protocolo for t in linhas})
    return render(request, "tramites/nre.html", {
        "nre": nre, "trajeto": trajeto, "protocolos": protocolos, "limite": LIMITE_DO_NRE,
        "titulo": f"Dados do NRE {nre}", "breadcrumbs": breadcrumbs((f"NRE {nre}", None)),
    })
