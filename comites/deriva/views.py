"""The gestor's "Desvincular" on an inactivated unit still mapped (a confirmation page, then POST)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from comites.deriva import services
from comites.deriva.models import PendenciaDeEstrutura
from comites.mapeamento.views import _comite
from comites.services import ErroDeNegocio
from portal import permissions
from portal.permissions import Acao


@login_required
def desvincular(request, pk, did):
    comite = _comite(request, pk)
    pendencia = permissions.obter_ou_404(
        PendenciaDeEstrutura.objects.select_related("unidade", "unidade__sistema", "unidade__unidade_receptora"),
        request.user, Acao.GESTAO_VER, pk=did, comite=comite, resolvida_em__isnull=True,
    )
    permissions.exigir(request.user, Acao.GESTAO_CONFIGURAR, comite)
    voltar = reverse("comites:comite_detalhe", args=[comite.pk]) + "#unidades-inativadas"
    if request.method == "POST":
        try:
            feitos = services.desvincular(pendencia, request.user)
        except ErroDeNegocio as erro:
            messages.error(request, erro.mensagem)
        else:
            messages.success(request, f"{pendencia.unidade}: " + "; ".join(feitos or ["nenhum vínculo restava"])
                             + ". Pendência resolvida.")
        return redirect(voltar)
    return render(request, "comites/deriva/desvincular.html", {
        "comite": comite, "pendencia": pendencia, "unidade": pendencia.unidade, "voltar": voltar,
        "atendidas": pendencia.unidade.unidades_atendidas.count() if pendencia.unidade.eh_centralizadora else 0,
        "titulo": "Desvincular unidade inativada",
        "breadcrumbs": [("Gestão do Tramita.GOV.BR", reverse("comites:comite_lista")),
                        (str(comite.unidade), voltar), ("Desvincular unidade inativada", None)],
    })
