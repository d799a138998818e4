"""Protocolo › Gestão do Tramita.GOV.BR: the comitê list and page, inactivate/reactivate/delete, mark as implantado."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from comites import services
from comites.certificados.views import sistemas_com_certificados
from comites.filtersets import ComiteFilterSet
from comites.forms import ImplantacaoForm
from comites.models import Ambiente, Comite
from comites.tables import ComiteTable
from comites.templatetags.comites_tags import url_da_hierarquia
from portal import permissions
from portal.permissions import Acao
from portal.views.generic import AcaoExigidaMixin, ObjectListView


class ComiteListView(AcaoExigidaMixin, ObjectListView):
    acao = Acao.GESTAO_VER
    model = Comite
    filterset_class = ComiteFilterSet
    table_class = ComiteTable
    titulo = "Gestão do Tramita.GOV.BR"
    queryset = Comite.objects.select_related("unidade", "unidade__repositorio", "gestor_tecnologico").order_by(
        "unidade__nome", "ambiente"
    )

    def get_acoes_da_pagina(self):
        if permissions.pode(self.request.user, Acao.ORGAO_DEFINIR):
            return [("Definir novo Órgão/Entidade", reverse("comites:comite_definir"))]
        return []


def _comite_visivel(request, pk) -> Comite:
    """The comitê if the user may see it; 404 for comitês outside their scope."""
    return permissions.obter_ou_404(
        Comite.objects.select_related("unidade", "unidade__repositorio", "gestor_tecnologico", "sistema_de_governo"),
        request.user, Acao.GESTAO_VER, pk=pk,
    )


def _breadcrumbs_comite(comite, *extra):
    return [("Gestão do Tramita.GOV.BR", reverse("comites:comite_lista")),
            (str(comite.unidade), reverse("comites:comite_detalhe", args=[comite.pk])), *extra]


@login_required
def comite_detalhe(request, pk):
    comite = _comite_visivel(request, pk)
    usuario = request.user
    checklist = services.checklist_do_comite(comite)
    return render(request, "comites/comite_detalhe.html", {
        "comite": comite, "checklist": checklist,
        "gestores": services.gestores_ativos(comite).order_by("pessoa__nome"),
        "url_hierarquia": url_da_hierarquia(comite.unidade_id),
        "pode_configurar": permissions.pode(usuario, Acao.GESTAO_CONFIGURAR, comite),
        "pode_inativar": permissions.pode(usuario, Acao.COMITE_INATIVAR, comite),
        "pode_marcar": permissions.pode(usuario, Acao.IMPLANTACAO_MARCAR, comite)
        and comite.ambiente == Ambiente.PRODUCAO and comite.implantacao != Comite.Implantacao.IMPLANTADO,
        "form_implantacao": ImplantacaoForm(),
        "tem_sistema": services.tem_sistema_vinculado(comite),
        "sistemas_com_certificados": sistemas_com_certificados(usuario, comite),
        "titulo": str(comite.unidade), "breadcrumbs": _breadcrumbs_comite(comite)[:1] + [(str(comite.unidade), None)],
    })


OPERACOES_DE_COMITE = {
    "inativar": ("Inativar órgão/entidade", services.inativar_comite, "Órgão/entidade inativado."),
    "reativar": ("Reativar órgão/entidade", services.reativar_comite, "Órgão/entidade reativado."),
    "excluir": ("Excluir órgão/entidade", services.excluir_comite, "Órgão/entidade excluído."),
}


@login_required
def comite_operacao(request, pk, operacao):
    if operacao not in OPERACOES_DE_COMITE:
        raise Http404
    comite = _comite_visivel(request, pk)
    permissions.exigir(request.user, Acao.COMITE_INATIVAR, comite)
    titulo, servico, sucesso = OPERACOES_DE_COMITE[operacao]
    if request.method == "POST":
        try:
            servico(comite, request.user)
        except services.ErroDeNegocio as erro:
            messages.error(request, erro.mensagem)
            return redirect("comites:comite_detalhe", pk=comite.pk)
        messages.success(request, sucesso)
        if operacao == "excluir":
            return redirect("comites:comite_lista")
        return redirect("comites:comite_detalhe", pk=comite.pk)
    return render(request, "comites/comite_confirmar.html", {
        "comite": comite, "operacao": operacao, "titulo": titulo,
        "tem_sistema": services.tem_sistema_vinculado(comite),
        "breadcrumbs": _breadcrumbs_comite(comite, (titulo, None)),
    })


@login_required
@require_POST
def comite_marcar_implantado(request, pk):
    comite = _comite_visivel(request, pk)
    permissions.exigir(request.user, Acao.IMPLANTACAO_MARCAR, comite)
    form = ImplantacaoForm(request.POST)
    if form.is_valid():
        try:
            services.marcar_implantado(comite, request.user, justificativa=form.cleaned_data["justificativa"])
        except services.ErroDeNegocio as erro:
            messages.error(request, erro.mensagem)
        else:
            messages.success(request, "Órgão/entidade marcado como implantado.")
    return redirect("comites:comite_detalhe", pk=comite.pk)
