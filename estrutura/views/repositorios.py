"""Repositórios de Estrutura (Administrador): list, CRUD, Órgãos/Entidades, Migrar."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from estrutura import consultas, filtersets, tables
from estrutura.forms import BuscaNaArvoreForm, MigrarForm, RepositorioForm, UnidadeForm
from estrutura.models import RepositorioDeEstruturas, Unidade, normalizar_busca
from estrutura.services import repositorios, unidades
from estrutura.views.comum import LIMITE_DA_ARVORE, _com_voltar, _mensagens_de
from estrutura.views.hierarquia import ACOES_DA_HIERARQUIA
from portal import permissions
from portal.identificadores import ler_id
from portal.permissions import Acao
from portal.views.generic import AcaoExigidaMixin, ObjectListView


class RepositoriosView(AcaoExigidaMixin, ObjectListView):
    acao = Acao.REPOSITORIOS_GERENCIAR
    queryset = RepositorioDeEstruturas.objects.all()
    filterset_class = filtersets.RepositorioFilterSet
    table_class = tables.RepositorioTable
    titulo = "Repositórios de Estrutura"
    breadcrumbs = [("Administração", None), ("Repositórios de Estrutura", None)]

    def get_acoes_da_pagina(self):
        return [("Cadastrar", reverse("estrutura:repositorio_novo"))]


class RepositorioMixin(AcaoExigidaMixin):
    acao = Acao.REPOSITORIOS_GERENCIAR

    def carregar(self, pk) -> RepositorioDeEstruturas:
        self.repositorio = permissions.obter_ou_404(
            RepositorioDeEstruturas.objects.all(), self.request.user, Acao.REPOSITORIOS_GERENCIAR, pk=pk
        )
        return self.repositorio

    def breadcrumbs(self, *extra):
        return [("Administração", None), ("Repositórios de Estrutura", reverse("estrutura:repositorios")), *extra]


class RepositorioFormView(RepositorioMixin, View):
    def render_form(self, form, repositorio=None):
        titulo = f"Editar repositório {repositorio.nome}" if repositorio else "Cadastrar repositório de estrutura"
        return render(self.request, "estrutura/form.html", {
            "form": form, "titulo": titulo, "voltar": reverse("estrutura:repositorios"),
            "breadcrumbs": self.breadcrumbs((titulo, None)),
        })

    def get(self, request, pk=None):
        repositorio = self.carregar(pk) if pk else None
        inicial = {"nome": repositorio.nome, "descricao": repositorio.descricao} if repositorio else None
        return self.render_form(RepositorioForm(initial=inicial, repositorio=repositorio), repositorio)

    def post(self, request, pk=None):
        repositorio = self.carregar(pk) if pk else None
        form = RepositorioForm(request.POST, repositorio=repositorio)
        if form.is_valid():
            try:
                if repositorio:
                    repositorios.editar_repositorio(repositorio, **form.cleaned_data)
                    messages.success(request, "Repositório alterado.")
                else:
                    repositorio = repositorios.criar_repositorio(**form.cleaned_data)
                    messages.success(request, f"Repositório {repositorio.pk} – {repositorio.nome} cadastrado.")
                return redirect("estrutura:repositorios")
            except ValidationError as erro:
                form.add_error("nome", erro)
        return self.render_form(form, repositorio)


class RepositorioSituacaoView(RepositorioMixin, View):
    ativar = False

    def get(self, request, pk):
        repositorio = self.carregar(pk)
        ativas = repositorio.unidades.filter(ativo=True).count()
        verbo = "Reativar" if self.ativar else "Inativar"
        explicacao = (
            "O repositório volta a aparecer para os sistemas." if self.ativar else
            f"O repositório tem {ativas} unidade(s) ativa(s). Inative-o só quando estiver vazio ou sem uso: antes, "
            "avise os gestores, migre os órgãos e confirme que os sistemas já usam o novo repositório."
        )
        return render(request, "estrutura/confirmar.html", {
            "titulo": f"{verbo} repositório",
            "pergunta": f"{verbo} o repositório {repositorio.pk} – {repositorio.nome}?",
            "explicacao": explicacao, "botao": verbo, "perigo": not self.ativar,
            "voltar": reverse("estrutura:repositorios"), "breadcrumbs": self.breadcrumbs((verbo, None)),
        })

    def post(self, request, pk):
        repositorio = self.carregar(pk)
        try:
            repositorios.definir_ativo(repositorio, self.ativar)
            messages.success(request, "Repositório reativado." if self.ativar else "Repositório inativado.")
        except ValidationError as erro:
            for texto in _mensagens_de(erro):
                messages.error(request, texto)
        return redirect("estrutura:repositorios")


class RepositorioExcluirView(RepositorioMixin, View):
    def get(self, request, pk):
        repositorio = self.carregar(pk)
        return render(request, "estrutura/confirmar.html", {
            "titulo": "Excluir repositório", "botao": "Excluir", "perigo": True,
            "pergunta": f"Excluir o repositório {repositorio.pk} – {repositorio.nome}?",
            "explicacao": "Só um repositório sem unidades, sem histórico de importação e fora dos perfis de "
                          "Supervisor/Administrador Externo pode ser excluído. Nos demais casos, inative-o.",
            "voltar": reverse("estrutura:repositorios"), "breadcrumbs": self.breadcrumbs(("Excluir", None)),
        })

    def post(self, request, pk):
        repositorio = self.carregar(pk)
        try:
            repositorios.excluir_repositorio(repositorio)
            messages.success(request, f"Repositório {repositorio.nome} excluído.")
        except ValidationError as erro:
            for texto in _mensagens_de(erro):
                messages.error(request, texto)
        return redirect("estrutura:repositorios")


def _esqueleto(repositorio, inativos: bool, termo: str = ""):
    """First-level nodes and órgãos/entidades (plus the ancestors that connect them)."""
    qs = Unidade.objects.filter(repositorio=repositorio).filter(Q(profundidade=0) | Q(eh_orgao=True))
    if not inativos:
        qs = qs.filter(ativo=True)
    destacar = set()
    if termo:
        chave = normalizar_busca(termo)
        qs = qs.filter(Q(nome_busca__contains=chave) | Q(sigla_busca__contains=chave))
    lista = list(qs[:LIMITE_DA_ARVORE])
    if termo:
        destacar = {u.pk for u in lista}
    lista = consultas.com_ancestrais(lista)
    return consultas.montar_arvore(lista, destacar=destacar, abrir_ate_nivel=1 if not termo else 99)


class RepositorioOrgaosView(RepositorioMixin, View):
    def get(self, request, pk):
        repositorio = self.carregar(pk)
        busca = BuscaNaArvoreForm(request.GET or None)
        termo = busca.cleaned_data["q"] if busca.is_valid() else ""
        inativos = request.GET.get("inativos") in ("on", "1", "true")
        nos = _esqueleto(repositorio, inativos, termo)
        return render(request, "estrutura/repositorio_orgaos.html", {
            "repositorio": repositorio, "nos": nos, "busca": busca, "inativos": inativos,
            "selecionada": request.GET.get("selecionada"), "titulo": f"Órgãos/Entidades – {repositorio.nome}",
            "breadcrumbs": self.breadcrumbs(("Órgãos/Entidades", None)), "mensagem_siorg": unidades.MENSAGEM_SIORG,
        })


class RepositorioAcaoView(RepositorioMixin, View):
    """Buttons of the Órgãos/Entidades screen: the unit actions open with this screen as the way back."""

    def get(self, request, pk):
        repositorio = self.carregar(pk)
        acao = request.GET.get("acao")
        escolhida = request.GET.get("unidade") or ""
        voltar = reverse("estrutura:repositorio_orgaos", args=[repositorio.pk])
        if acao == "adicionar_orgao":
            return redirect("estrutura:repositorio_adicionar_orgao", repositorio.pk)
        if ler_id(escolhida) is None or not Unidade.objects.filter(pk=escolhida, repositorio=repositorio).exists():
            messages.warning(request, "Selecione uma unidade na árvore antes de escolher a ação.")
            return redirect(voltar)
        if acao == "hierarquia":
            return redirect("estrutura:hierarquia", int(escolhida))
        if acao == "migrar":
            return redirect(reverse("estrutura:repositorio_migrar", args=[repositorio.pk]) + f"?unidade={escolhida}")
        if acao not in ("editar", "inativar", "reativar", "adicionar_filha"):
            raise Http404("Ação desconhecida.")
        url = reverse(ACOES_DA_HIERARQUIA[acao], args=[int(escolhida), int(escolhida)])
        return redirect(_com_voltar(url, f"{voltar}?selecionada={escolhida}"))


class AdicionarOrgaoView(RepositorioMixin, View):
    def render_form(self, form):
        titulo = "Adicionar Órgão/Entidade"
        voltar = reverse("estrutura:repositorio_orgaos", args=[self.repositorio.pk])
        return render(self.request, "estrutura/form.html", {
            "form": form, "titulo": titulo, "voltar": voltar,
            "breadcrumbs": self.breadcrumbs(("Órgãos/Entidades", voltar), (titulo, None)),
            "introducao": f"Nó de primeiro nível do repositório {self.repositorio.nome}.",
        })

    def get(self, request, pk):
        self.carregar(pk)
        return self.render_form(UnidadeForm(administrador=True, initial={"eh_orgao": True}))

    def post(self, request, pk):
        repositorio = self.carregar(pk)
        form = UnidadeForm(request.POST, administrador=True)
        if form.is_valid():
            try:
                orgao = repositorios.adicionar_orgao(repositorio, **form.cleaned_data)
                messages.success(request, f"{orgao} cadastrado no repositório {repositorio.nome}.")
                return redirect(reverse("estrutura:repositorio_orgaos", args=[repositorio.pk])
                                + f"?selecionada={orgao.pk}")
            except ValidationError as erro:
                form.add_error(None, erro)
        return self.render_form(form)


class MigrarView(RepositorioMixin, View):
    def render_form(self, form):
        repositorio = self.repositorio
        return render(self.request, "estrutura/migrar.html", {
            "form": form, "repositorio": repositorio, "nos": _esqueleto(repositorio, inativos=True),
            "selecionada": self.request.POST.get("unidade") or self.request.GET.get("unidade"),
            "titulo": "Migração de Repositório de estruturas",
            "breadcrumbs": self.breadcrumbs(("Migrar", None)),
        })

    def get(self, request, pk):
        repositorio = self.carregar(pk)
        if repositorio.is_siorg:
            messages.error(request, "A migração não é permitida para o repositório do Poder Executivo Federal (SIORG).")
            return redirect("estrutura:repositorios")
        return self.render_form(MigrarForm(repositorio=repositorio, initial={"unidade": request.GET.get("unidade")}))

    def post(self, request, pk):
        repositorio = self.carregar(pk)
        form = MigrarForm(request.POST, repositorio=repositorio)
        if form.is_valid():
            dados = form.cleaned_data
            try:
                total = repositorios.migrar(dados["unidade"], dados["destino"], novo_pai=dados.get("novo_pai"))
                messages.success(request, f"{total} unidade(s) migrada(s) para {dados['destino'].nome}; "
                                          "os ids não mudaram.")
                return redirect(reverse("estrutura:repositorio_orgaos", args=[dados["destino"].pk])
                                + f"?selecionada={dados['unidade'].pk}")
            except ValidationError as erro:
                form.add_error(None, erro)
        return self.render_form(form)
