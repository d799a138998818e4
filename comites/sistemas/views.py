"""Views of the SPE catalogue and of an órgão's systems: thin — check through the door, call a service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from comites.models import Comite, Sistema, VinculoSistemaComite
from comites.services import ErroDeNegocio
from comites.sistemas import services
from comites.sistemas.filtersets import SistemaFilterSet
from comites.sistemas.forms import SistemaForm, VincularSistemaForm
from comites.sistemas.tables import SistemaTable, VinculoTable
from portal import permissions
from portal.permissions import Acao
from portal.views.generic import AcaoExigidaMixin, ObjectListView

TITULO = "Sistemas de Processo Eletrônico"


class SistemaListView(AcaoExigidaMixin, ObjectListView):
    acao = Acao.SPE_VER
    model = Sistema
    filterset_class = SistemaFilterSet
    table_class = SistemaTable
    titulo = TITULO
    queryset = Sistema.objects.select_related("orgao_responsavel__unidade", "sistema_de_governo").order_by("nome")

    def get_acoes_da_pagina(self):
        if permissions.pode(self.request.user, Acao.SPE_EDITAR):
            return [("Cadastrar", reverse("comites:spe_novo"))]
        return []


def _breadcrumbs(*extra):
    return [(TITULO, reverse("comites:spe_lista")), *extra]


def _formulario(request, sistema=None):
    form = SistemaForm(request.POST or None, instance=sistema, usuario=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if sistema is None:
                sistema = services.cadastrar(form.cleaned_data, request.user)
                messages.success(request, f"Sistema {sistema.nome} cadastrado.")
            else:
                sistema = services.editar(sistema, form.cleaned_data, request.user)
                messages.success(request, f"Sistema {sistema.nome} alterado.")
        except ErroDeNegocio as erro:
            form.add_error("nome", erro.mensagem)
        else:
            return redirect("comites:spe_lista")
    titulo = "Editar sistema de processo eletrônico" if sistema else "Cadastrar sistema de processo eletrônico"
    return render(request, "comites/sistemas/sistema_form.html", {
        "form": form, "sistema": sistema, "titulo": titulo, "breadcrumbs": _breadcrumbs((titulo, None)),
    }, status=400 if form.errors else 200)


@login_required
def sistema_novo(request):
    permissions.exigir(request.user, Acao.SPE_EDITAR)
    return _formulario(request)


@login_required
def sistema_editar(request, sid):
    sistema = permissions.obter_ou_404(Sistema.objects.all(), request.user, Acao.SPE_EDITAR, pk=sid)
    return _formulario(request, sistema)


OPERACOES = {
    "inativar": (services.inativar, "Sistema {} inativado."),
    "reativar": (services.reativar, "Sistema {} reativado."),
}


@login_required
@require_POST
def sistema_situacao(request, sid, operacao):
    if operacao not in OPERACOES:
        raise Http404
    sistema = permissions.obter_ou_404(Sistema.objects.all(), request.user, Acao.SPE_EDITAR, pk=sid)
    servico, sucesso = OPERACOES[operacao]
    try:
        servico(sistema, request.user)
    except ErroDeNegocio as erro:
        messages.error(request, erro.mensagem)
    else:
        messages.success(request, sucesso.format(sistema.nome))
    return redirect("comites:spe_lista")


# ---------------------------------------------------------------------------------------------------
# Protocolo › Gestão › Sistemas (spec §6.2)


def _candidatos(request, comite):
    """Active SPEs the user may link that this órgão does not have yet."""
    return permissions.restringir(
        Sistema.objects.filter(ativo=True).exclude(vinculos__comite=comite), request.user, Acao.SISTEMA_VINCULAR
    ).select_related("orgao_responsavel__unidade").order_by("nome")


@login_required
def sistemas_do_comite(request, pk):
    comite = permissions.obter_ou_404(Comite.objects.select_related("unidade"), request.user, Acao.GESTAO_VER, pk=pk)
    vinculos = permissions.restringir(
        VinculoSistemaComite.objects.filter(comite=comite), request.user, Acao.GESTAO_VER
    ).select_related("sistema__orgao_responsavel__unidade").order_by("sistema__nome")
    pode_vincular = permissions.pode(request.user, Acao.SISTEMA_VINCULAR, comite)
    tabela = VinculoTable(vinculos)
    tabela.pode_vincular = pode_vincular
    RequestConfig(request, paginate=False).configure(tabela)
    return render(request, "comites/sistemas/comite_sistemas.html", {
        "comite": comite, "table": tabela, "pode_vincular": pode_vincular,
        "candidatos": _candidatos(request, comite) if pode_vincular else [],
        "titulo": "Sistemas", "breadcrumbs": [
            ("Gestão do Tramita.GOV.BR", reverse("comites:comite_lista")),
            (str(comite), reverse("comites:comite_detalhe", args=[comite.pk])), ("Sistemas", None),
        ],
    })


@login_required
@require_POST
def sistema_vincular(request, pk):
    comite = permissions.obter_ou_404(Comite.objects.all(), request.user, Acao.SISTEMA_VINCULAR, pk=pk)
    form = VincularSistemaForm(request.POST, candidatos=_candidatos(request, comite))
    if not form.is_valid():
        messages.error(request, "Escolha um sistema ativo que ainda não esteja vinculado a este órgão/entidade.")
    else:
        sistema = form.cleaned_data["sistema"]
        try:
            services.vincular(comite, sistema, request.user)
        except ErroDeNegocio as erro:
            messages.error(request, erro.mensagem)
        else:
            messages.success(request, f"Sistema {sistema.nome} vinculado ao órgão/entidade.")
    return redirect("comites:comite_sistemas", pk=comite.pk)


@login_required
@require_POST
def sistema_desvincular(request, pk, sid):
    comite = permissions.obter_ou_404(Comite.objects.all(), request.user, Acao.SISTEMA_VINCULAR, pk=pk)
    vinculo = permissions.obter_ou_404(
        VinculoSistemaComite.objects.select_related("sistema"), request.user, Acao.SISTEMA_VINCULAR,
        comite=comite, sistema_id=sid,
    )
    try:
        services.desvincular(comite, vinculo.sistema, request.user)
    except ErroDeNegocio as erro:
        messages.error(request, erro.mensagem)
    else:
        messages.success(request, f"Sistema {vinculo.sistema.nome} desvinculado do órgão/entidade.")
    return redirect("comites:comite_sistemas", pk=comite.pk)
