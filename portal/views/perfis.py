"""Gerenciar Perfis: list + Relatório, Cadastrar (CPF search first), Editar, Inativar/Reativar."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Min, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from portal import permissions
from portal.filtersets.perfis import PessoaFilterSet
from portal.forms.perfis import BuscaCpfForm, PessoaPerfisForm
from portal.models import Pessoa
from portal.permissions import Acao
from portal.services import perfis as servico
from portal.tables.perfis import PessoaTable
from portal.views.generic import AcaoExigidaMixin, ObjectListView

TITULO = "Gerenciar Perfis"


def _breadcrumbs(*extra):
    return [(TITULO, reverse("portal:perfis")), *extra]


class PerfisListView(AcaoExigidaMixin, ObjectListView):
    acao = Acao.PERFIS_VER
    model = Pessoa
    filterset_class = PessoaFilterSet
    table_class = PessoaTable
    titulo = TITULO
    formatos_exportacao = ("xlsx", "csv", "pdf")

    def get_queryset(self):
        visiveis = super().get_queryset().annotate(
            orgaos_ordem=Min("gestoes__comite__unidade__nome", filter=Q(gestoes__ativo=True))
        )
        return servico.com_detalhes(visiveis).order_by("nome", "pk")

    def get_table_class(self):
        # The CPF column (list and export alike) depends on who looks.
        return PessoaTable.para(self.request.user)

    def get_acoes_da_pagina(self):
        acoes = []
        if permissions.pode(self.request.user, Acao.PERFIS_GERENCIAR):
            acoes.append(("Cadastrar", reverse("portal:perfis_cadastrar")))
        consulta = self.request.GET.copy()
        for chave in ("page", "exportar"):
            consulta.pop(chave, None)
        consulta["exportar"] = "xlsx"
        acoes.append(("Relatório", f"{reverse('portal:perfis')}?{consulta.urlencode()}"))
        return acoes


def _pessoa_visivel(request, pk) -> Pessoa:
    """403 for profiles that may not edit anyone; 404 for people outside the user's scope."""
    return permissions.obter_ou_404(Pessoa.objects.all(), request.user, Acao.PERFIS_EDITAR, pk=pk)


def _salvar(request, form, executar):
    try:
        pessoa = executar()
    except servico.ErroDePerfil as erro:
        campo = erro.campo if erro.campo in form.fields else None
        form.add_error(campo, erro.mensagem)
        return None
    return pessoa


@login_required
def cadastrar(request):
    permissions.exigir(request.user, Acao.PERFIS_GERENCIAR)
    # The CPF is looked up by POST only: a CPF never travels in a URL (access logs, history, Referer).
    busca = BuscaCpfForm(request.POST if request.method == "POST" else None)
    buscando = request.POST.get("etapa") == "buscar"
    form = None
    if busca.is_bound and busca.is_valid():
        cpf = busca.cleaned_data["cpf"]
        existente = servico.buscar_por_cpf(cpf)
        if existente is not None:
            messages.info(request, f"{existente.nome} já está cadastrado(a) com este CPF. Edite o cadastro abaixo.")
            return redirect("portal:perfis_editar", pk=existente.pk)
        form = PessoaPerfisForm(None if buscando else request.POST, usuario=request.user, cpf=cpf)
        if form.is_bound and form.is_valid():
            pessoa = _salvar(request, form, lambda: servico.cadastrar(
                form.dados_da_pessoa(), form.perfis_desejados(), request.user))
            if pessoa is not None:
                messages.success(request, f"{pessoa.nome} foi cadastrado(a). Enviamos para {pessoa.email} o link "
                                          "para definir a senha.")
                return redirect("portal:perfis_editar", pk=pessoa.pk)
    return render(request, "portal/perfis/cadastrar.html", {
        "busca": busca, "form": form, "titulo": "Cadastrar pessoa",
        "breadcrumbs": _breadcrumbs(("Cadastrar", None)),
    })


@login_required
def editar(request, pk):
    pessoa = _pessoa_visivel(request, pk)
    form = PessoaPerfisForm(request.POST or None, usuario=request.user, pessoa=pessoa)
    if request.method == "POST" and form.is_valid():
        salva = _salvar(request, form, lambda: servico.editar(
            pessoa, form.dados_da_pessoa(), form.perfis_desejados(), request.user))
        if salva is not None:
            messages.success(request, f"Os dados e perfis de {salva.nome} foram salvos.")
            return redirect("portal:perfis")
    return render(request, "portal/perfis/editar.html", {
        "pessoa": pessoa, "form": form, "gestoes": servico.gestoes_ativas(pessoa),
        "pode_gerenciar": permissions.pode(request.user, Acao.PERFIS_GERENCIAR),
        "titulo": f"Editar perfis — {pessoa.nome}",
        "breadcrumbs": _breadcrumbs((pessoa.nome, None)),
    })


OPERACOES = {
    "inativar": ("Inativar pessoa", servico.inativar, "{nome} foi inativado(a) e não consegue mais entrar no portal."),
    "reativar": ("Reativar pessoa", servico.reativar, "{nome} foi reativado(a)."),
}


@login_required
def situacao(request, pk, operacao):
    if operacao not in OPERACOES:
        raise Http404
    pessoa = permissions.obter_ou_404(Pessoa.objects.all(), request.user, Acao.PERFIS_GERENCIAR, pk=pk)
    titulo, executar, sucesso = OPERACOES[operacao]
    if request.method == "POST":
        try:
            executar(pessoa, request.user)
        except servico.ErroDePerfil as erro:
            messages.error(request, erro.mensagem)
        else:
            messages.success(request, sucesso.format(nome=pessoa.nome))
        return redirect("portal:perfis_editar", pk=pessoa.pk)
    return render(request, "portal/perfis/situacao.html", {
        "pessoa": pessoa, "operacao": operacao, "titulo": titulo,
        "ultimo_admin": operacao == "inativar" and servico.eh_ultimo_administrador(pessoa),
        "breadcrumbs": _breadcrumbs((pessoa.nome, reverse("portal:perfis_editar", args=[pessoa.pk])), (titulo, None)),
    })
