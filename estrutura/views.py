"""Thin views of the estrutura screens: parse, check ``portal.permissions``, call a service, render.

* Hierarquia (per órgão, linked from comites as ``estrutura:hierarquia``) and its unit actions;
* Importar Estruturas (CSV): upload → preview → confirm;
* Repositórios de Estrutura (Administrador): list, CRUD, Órgãos/Entidades, Migrar;
* SIORG: upload page and the import reports;
* Consultar Unidades (public).
"""

from __future__ import annotations

import uuid
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from estrutura import consultas, filtersets, tables
from estrutura.fila import ERROS_DE_FILA, fila_indisponivel
from estrutura.formatos import ErroDeLeitura
from estrutura.formatos import planilha as formato_planilha
from estrutura.forms import (
    AlterarPaiForm,
    BuscaNaArvoreForm,
    ImportarCsvForm,
    ImportarSiorgForm,
    MigrarForm,
    ReativarForm,
    RepositorioForm,
    UnidadeForm,
)
from estrutura.models import (
    ExecucaoDeImportacao,
    ItemDeImportacao,
    RepositorioDeEstruturas,
    Unidade,
    normalizar_busca,
)
from estrutura.services import planilha, repositorios, siorg, unidades
from portal import permissions
from portal.identificadores import ler_id
from portal.permissions import Acao
from portal.views.generic import AcaoExigidaMixin, ObjectListView, PublicoMixin

# Above this many units, the tree opens with its first levels only; the search reaches the rest.
LIMITE_DA_ARVORE = 3000
NIVEIS_QUANDO_GRANDE = 2


def _mensagens_de(erro: ValidationError) -> list[str]:
    return list(erro.messages)


def _voltar(request, padrao: str) -> str:
    destino = request.POST.get("voltar") or request.GET.get("voltar")
    if destino and url_has_allowed_host_and_scheme(destino, allowed_hosts={request.get_host()}):
        return destino
    return padrao


def _eh_administrador(usuario) -> bool:
    return permissions.pode(usuario, Acao.REPOSITORIOS_GERENCIAR)


def _arvore_de(raiz: Unidade, *, termo: str = "", inativos: bool = False, selecionada=None) -> dict:
    """Nodes to show under ``raiz``: all of them, the first levels of a huge tree, or the search hits."""
    qs = Unidade.objects.subarvore(raiz)
    if not inativos:
        qs = qs.filter(Q(ativo=True) | Q(pk=raiz.pk))
    total = qs.count()
    aviso = ""
    destacar: set[int] = set()
    if termo:
        chave = normalizar_busca(termo)
        achadas = list(qs.filter(Q(nome_busca__contains=chave) | Q(sigla_busca__contains=chave))[:LIMITE_DA_ARVORE])
        destacar = {u.pk for u in achadas}
        lista = consultas.com_ancestrais([raiz, *achadas], ate=raiz)
        aviso = (f"{len(achadas)} unidade(s) encontrada(s) para “{termo}”." if achadas
                 else f"Nenhuma unidade encontrada para “{termo}”.")
    elif total > LIMITE_DA_ARVORE:
        lista = list(qs.filter(profundidade__lte=raiz.profundidade + NIVEIS_QUANDO_GRANDE))
        aviso = (f"Esta estrutura tem {total} unidades: mostrando os {NIVEIS_QUANDO_GRANDE + 1} primeiros níveis. "
                 "Use a busca para encontrar unidades mais abaixo.")
    else:
        lista = list(qs)
    abrir = set(destacar)
    id_selecionada = ler_id(selecionada)
    if id_selecionada is not None:
        abrir.add(id_selecionada)
        if all(u.pk != id_selecionada for u in lista):  # deeper than the levels shown: bring its path
            escolhida = qs.filter(pk=id_selecionada).first()
            if escolhida is not None:
                lista = consultas.com_ancestrais([*lista, escolhida], ate=raiz)
    nos = consultas.montar_arvore(lista, destacar=abrir, abrir_ate_nivel=1)
    for no in nos:
        no.destaque = no.unidade.pk in destacar
    return {"nos": nos, "total": total, "aviso_arvore": aviso}


def _com_voltar(url: str, voltar: str) -> str:
    return f"{url}?{urlencode({'voltar': voltar})}"


# --- Hierarquia ---------------------------------------------------------------------------------------------


class OrgaoMixin(LoginRequiredMixin):
    """Loads the órgão (root unit of the screen) and checks the user may see it (404 out of scope)."""

    def carregar_orgao(self, orgao_id) -> Unidade:
        orgao = permissions.obter_ou_404(
            Unidade.objects.select_related("repositorio"), self.request.user, Acao.GESTAO_VER, pk=orgao_id
        )
        self.orgao = orgao
        return orgao

    def url_da_hierarquia(self, selecionada: int | None = None) -> str:
        url = reverse("estrutura:hierarquia", args=[self.orgao.pk])
        return f"{url}?selecionada={selecionada}" if selecionada else url


class HierarquiaView(OrgaoMixin, View):
    template_name = "estrutura/hierarquia.html"

    def get(self, request, unidade_id):
        orgao = self.carregar_orgao(unidade_id)
        busca = BuscaNaArvoreForm(request.GET or None)
        termo, inativos = "", False
        if busca.is_valid():
            termo, inativos = busca.cleaned_data["q"], busca.cleaned_data["inativos"]
        elif busca.is_bound:
            inativos = request.GET.get("inativos") in ("on", "1", "true")
        selecionada = request.GET.get("selecionada")
        contexto = _arvore_de(orgao, termo=termo, inativos=inativos, selecionada=selecionada)
        editavel = not orgao.vem_do_siorg and permissions.pode(request.user, Acao.GESTAO_CONFIGURAR, orgao)
        contexto.update(
            orgao=orgao, busca=busca, inativos=inativos, selecionada=selecionada or orgao.pk, editavel=editavel,
            destacada=selecionada if ler_id(selecionada) is not None else None,
            siorg=orgao.vem_do_siorg, mensagem_siorg=unidades.MENSAGEM_SIORG, titulo=f"Hierarquia – {orgao.nome}",
            breadcrumbs=[("Protocolo", None), ("Hierarquia", None), (orgao.sigla or orgao.nome, None)],
        )
        return render(request, self.template_name, contexto)


ACOES_DA_HIERARQUIA = {
    "visualizar": "estrutura:unidade_detalhe",
    "adicionar_filha": "estrutura:unidade_adicionar_filha",
    "editar": "estrutura:unidade_editar",
    "alterar_pai": "estrutura:unidade_alterar_pai",
    "inativar": "estrutura:unidade_inativar",
    "reativar": "estrutura:unidade_reativar",
    "importar": "estrutura:importar_csv",
}


class AcaoNaHierarquiaView(OrgaoMixin, View):
    """The tree's buttons submit here (plain GET form): redirect to the chosen action for the chosen unit."""

    def get(self, request, unidade_id):
        self.carregar_orgao(unidade_id)
        acao = request.GET.get("acao")
        escolhida = request.GET.get("unidade") or ""
        if acao not in ACOES_DA_HIERARQUIA:
            raise Http404("Ação desconhecida.")
        if ler_id(escolhida) is None:
            messages.warning(request, "Selecione uma unidade na árvore antes de escolher a ação.")
            return redirect(self.url_da_hierarquia())
        url = reverse(ACOES_DA_HIERARQUIA[acao], args=[self.orgao.pk, ler_id(escolhida)])
        return redirect(_com_voltar(url, self.url_da_hierarquia(ler_id(escolhida))))


class UnidadeDoOrgaoMixin(OrgaoMixin):
    """A unit of the órgão's subtree; ``acao`` is checked on the unit itself (404 when out of scope)."""

    acao = Acao.GESTAO_CONFIGURAR
    exige_editavel = True

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.carregar_orgao(kwargs["orgao_id"])
        unidade = permissions.obter_ou_404(
            Unidade.objects.select_related("repositorio", "parent"), request.user, self.acao, pk=kwargs["unidade_id"]
        )
        if not unidade.caminho.startswith(self.orgao.caminho):
            raise Http404("Unidade fora deste órgão.")
        self.unidade = unidade
        if self.exige_editavel and unidade.vem_do_siorg:
            messages.error(request, unidades.MENSAGEM_SIORG)
            return redirect(self.url_da_hierarquia(unidade.pk))
        return super().dispatch(request, *args, **kwargs)

    def voltar(self) -> str:
        return _voltar(self.request, self.url_da_hierarquia(self.unidade.pk))

    def contexto(self, **extra) -> dict:
        return {"orgao": self.orgao, "unidade": self.unidade, "voltar": self.voltar(),
                "breadcrumbs": [("Protocolo", None), ("Hierarquia", self.url_da_hierarquia()),
                                (extra.get("titulo", ""), None)], **extra}


class UnidadeDetalheView(UnidadeDoOrgaoMixin, View):
    acao = Acao.GESTAO_VER
    exige_editavel = False

    def get(self, request, orgao_id, unidade_id):
        u = self.unidade
        hierarquia = consultas.hierarquias([u])[u.pk]
        filhas = Unidade.objects.filter(parent=u).order_by("nome_busca")
        return render(request, "estrutura/unidade_detalhe.html", self.contexto(
            titulo=f"Unidade {u.pk}", hierarquia=hierarquia, filhas=filhas, mensagem_siorg=unidades.MENSAGEM_SIORG,
        ))


class UnidadeFormView(UnidadeDoOrgaoMixin, View):
    """Adicionar unidade filha (``criar=True``) or Editar."""

    criar = False

    def form(self, dados=None):
        administrador = _eh_administrador(self.request.user)
        inicial = {} if self.criar else UnidadeForm.inicial_de(self.unidade)
        return UnidadeForm(dados, initial=inicial, administrador=administrador)

    def render_form(self, form):
        titulo = "Cadastrar unidade filha" if self.criar else "Editar unidade"
        return render(self.request, "estrutura/unidade_form.html",
                      self.contexto(titulo=titulo, form=form, criar=self.criar))

    def get(self, request, orgao_id, unidade_id):
        return self.render_form(self.form())

    def post(self, request, orgao_id, unidade_id):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_form(form)
        try:
            if self.criar:
                nova = unidades.criar_unidade(pai=self.unidade, **form.cleaned_data)
                messages.success(request, f"Unidade {nova} cadastrada.")
                # Back to the tree with the new unit shown (its ancestors open) and highlighted.
                return redirect(self.url_da_hierarquia(nova.pk))
            unidades.editar_unidade(self.unidade, **form.cleaned_data)
        except ValidationError as erro:
            form.add_error(None, erro)
            return self.render_form(form)
        messages.success(request, "Unidade alterada.")
        return redirect(self.voltar())


class AlterarPaiView(UnidadeDoOrgaoMixin, View):
    def candidatas(self):
        subarvore = Unidade.objects.subarvore(self.unidade).values_list("pk", flat=True)
        return list(
            Unidade.objects.subarvore(self.orgao).filter(ativo=True).exclude(pk__in=subarvore)
            .exclude(pk=self.unidade.parent_id)
        )

    def render_form(self, form):
        return render(self.request, "estrutura/alterar_pai.html",
                      self.contexto(titulo="Alterar nó pai", form=form, raiz=self.unidade.pk == self.orgao.pk))

    def get(self, request, orgao_id, unidade_id):
        return self.render_form(AlterarPaiForm(candidatas=self.candidatas()))

    def post(self, request, orgao_id, unidade_id):
        form = AlterarPaiForm(request.POST, candidatas=self.candidatas())
        if not form.is_valid():
            return self.render_form(form)
        novo_pai = form.cleaned_data["novo_pai"]
        permissions.exigir(request.user, Acao.GESTAO_CONFIGURAR, novo_pai)
        try:
            unidades.alterar_pai(self.unidade, novo_pai)
        except ValidationError as erro:
            form.add_error("novo_pai", erro)
            return self.render_form(form)
        messages.success(request, f"{self.unidade} agora está abaixo de {novo_pai}.")
        return redirect(self.voltar())


class InativarView(UnidadeDoOrgaoMixin, View):
    def raiz_protegida(self) -> bool:
        """The órgão itself is inactivated by administrators (Repositórios de Estrutura), not from its hierarchy."""
        return self.unidade.pk == self.orgao.pk and not _eh_administrador(self.request.user)

    def recusar_raiz(self):
        messages.error(self.request, "A unidade raiz do órgão só pode ser inativada por um Administrador, em "
                                     "Repositórios de Estrutura.")
        return redirect(self.voltar())

    def get(self, request, orgao_id, unidade_id):
        if self.raiz_protegida():
            return self.recusar_raiz()
        afetadas = Unidade.objects.subarvore(self.unidade).filter(ativo=True).count()
        return render(request, "estrutura/confirmar.html", self.contexto(
            titulo="Inativar unidade", botao="Inativar", perigo=True,
            pergunta=f"Inativar {self.unidade}?",
            explicacao=f"{afetadas} unidade(s) serão inativadas: esta e todas as suas subunidades ativas. "
                       "Unidades inativas deixam de aparecer como destino de trâmites; nada é excluído e é possível "
                       "reativá-las depois.",
        ))

    def post(self, request, orgao_id, unidade_id):
        if self.raiz_protegida():
            return self.recusar_raiz()
        try:
            total = unidades.inativar(self.unidade)
        except ValidationError as erro:
            for texto in _mensagens_de(erro):
                messages.error(request, texto)
            return redirect(self.voltar())
        messages.success(request, f"{total} unidade(s) inativada(s).")
        return redirect(self.voltar())


class ReativarView(UnidadeDoOrgaoMixin, View):
    def get(self, request, orgao_id, unidade_id):
        return render(request, "estrutura/confirmar.html", self.contexto(
            titulo="Reativar unidade", botao="Reativar", pergunta=f"Reativar {self.unidade}?",
            explicacao="A unidade volta a poder ser usada. As subunidades inativas só são reativadas se você marcar "
                       "a opção abaixo.",
            form=ReativarForm(),
        ))

    def post(self, request, orgao_id, unidade_id):
        form = ReativarForm(request.POST)
        form.is_valid()
        try:
            total = unidades.reativar(self.unidade, incluir_subunidades=form.cleaned_data.get("incluir_subunidades"))
        except ValidationError as erro:
            for texto in _mensagens_de(erro):
                messages.error(request, texto)
            return redirect(self.voltar())
        messages.success(request, f"{total} unidade(s) reativada(s)." if total else "A unidade já estava ativa.")
        return redirect(self.voltar())


# --- CSV import ---------------------------------------------------------------------------------------------


class ImportarCsvView(UnidadeDoOrgaoMixin, View):
    def render_form(self, form, erro: ErroDeLeitura | None = None):
        return render(self.request, "estrutura/importar_csv.html", self.contexto(
            titulo="Importar Estruturas", form=form, falhas=erro.falhas if erro else (),
            total_falhas=erro.total if erro else 0, modelo=formato_planilha.MODELO, limite=planilha.limite_de_linhas(),
        ))

    def get(self, request, orgao_id, unidade_id):
        return self.render_form(ImportarCsvForm())

    def post(self, request, orgao_id, unidade_id):
        form = ImportarCsvForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_form(form)
        arquivo = form.cleaned_data["arquivo"]
        try:
            previa = planilha.preparar(self.unidade, arquivo.read(), arquivo.name, usuario=request.user)
        except ErroDeLeitura as erro:
            # Each failure is listed once, in the file's error block (no form error repeating the count).
            return self.render_form(form, erro)
        except ValidationError as erro:
            form.add_error(None, erro)
            return self.render_form(form)
        return redirect("estrutura:importacao_detalhe", previa.pk)


def modelo_csv(request):
    resposta = HttpResponse("\ufeff" + formato_planilha.MODELO, content_type="text/csv; charset=utf-8")
    resposta["Content-Disposition"] = 'attachment; filename="modelo-importacao-estruturas.csv"'
    return resposta


# --- Import runs (CSV previews and reports, SIORG reports) ------------------------------------------------------


class ImportacaoDetalheView(LoginRequiredMixin, View):
    def carregar(self, pk) -> ExecucaoDeImportacao:
        usuario = self.request.user
        qs = ExecucaoDeImportacao.objects.select_related("repositorio", "unidade_destino", "usuario")
        if permissions.pode(usuario, Acao.ESTRUTURA_IMPORTAR_SIORG):
            return permissions.obter_ou_404(qs, usuario, Acao.ESTRUTURA_IMPORTAR_SIORG, pk=pk)
        # Others reach CSV imports of their órgãos; SIORG reports are for the staff that imports them.
        csv = permissions.restringir(qs.filter(tipo=ExecucaoDeImportacao.Tipo.CSV), usuario, Acao.GESTAO_VER)
        execucao = csv.filter(pk=pk).first()
        if execucao is not None:
            return execucao
        if qs.filter(pk=pk, tipo=ExecucaoDeImportacao.Tipo.SIORG).exists():
            raise PermissionDenied("Seu perfil não permite esta ação.")
        permissions.exigir(usuario, Acao.GESTAO_VER)
        raise Http404("Registro não encontrado.")

    def get(self, request, pk):
        execucao = self.carregar(pk)
        contexto = {"execucao": execucao, "titulo": str(execucao)}
        destino = execucao.unidade_destino
        if execucao.tipo == ExecucaoDeImportacao.Tipo.CSV:
            orgao = destino.orgao() or destino
            contexto["url_hierarquia"] = reverse("estrutura:hierarquia", args=[orgao.pk])
            contexto["breadcrumbs"] = [("Protocolo", None), ("Hierarquia", contexto["url_hierarquia"]),
                                       ("Importar Estruturas", None)]
            contexto["pode_confirmar"] = permissions.pode(request.user, Acao.GESTAO_CONFIGURAR, destino)
        else:
            contexto["breadcrumbs"] = [("Administração", None), ("Importações de estruturas",
                                       reverse("estrutura:importacoes")), (str(execucao), None)]
        if execucao.situacao == ExecucaoDeImportacao.Situacao.PREVIA:
            try:
                dados = planilha.planilha_da(execucao)
                contexto["previa"] = dados.em_ordem_de_arvore()
            except (ErroDeLeitura, ValidationError) as erro:
                contexto["erro_previa"] = str(erro)
        tipo = request.GET.get("tipo")
        itens = ItemDeImportacao.objects.filter(execucao=execucao)
        if tipo in ItemDeImportacao.Tipo.values:
            itens = itens.filter(tipo=tipo)
        tabela = tables.ItemDeImportacaoTable(itens, request=request)
        tabela.paginate(page=request.GET.get("page", 1), per_page=50)
        contexto.update(tabela=tabela, tipo=tipo, tipos=ItemDeImportacao.Tipo.choices)
        return render(request, "estrutura/importacao_detalhe.html", contexto)

    def post(self, request, pk):
        execucao = self.carregar(pk)
        if execucao.tipo != ExecucaoDeImportacao.Tipo.CSV:
            raise PermissionDenied("Somente importações de planilha aguardam confirmação.")
        permissions.exigir(request.user, Acao.GESTAO_CONFIGURAR, execucao.unidade_destino)
        try:
            if request.POST.get("acao") == "cancelar":
                planilha.cancelar(execucao)
                messages.info(request, "Importação cancelada; nenhuma unidade foi criada.")
            else:
                execucao = planilha.confirmar(execucao)
                messages.success(request, execucao.mensagem)
        except (ErroDeLeitura, ValidationError) as erro:
            messages.error(request, f"Não foi possível importar: {erro}")
        return redirect("estrutura:importacao_detalhe", execucao.pk)


class ImportacoesView(AcaoExigidaMixin, ObjectListView):
    acao = Acao.ESTRUTURA_IMPORTAR_SIORG
    queryset = ExecucaoDeImportacao.objects.select_related("repositorio", "unidade_destino", "usuario")
    filterset_class = filtersets.ExecucaoFilterSet
    table_class = tables.ExecucaoTable
    titulo = "Importações de estruturas"
    breadcrumbs = [("Administração", None), ("Importações de estruturas", None)]

    def get_acoes_da_pagina(self):
        return [("Importar arquivos do SIORG", reverse("estrutura:importar_siorg"))]


class ImportarSiorgView(AcaoExigidaMixin, View):
    acao = Acao.ESTRUTURA_IMPORTAR_SIORG

    def render_form(self, form):
        ultima = ExecucaoDeImportacao.objects.filter(tipo=ExecucaoDeImportacao.Tipo.SIORG).first()
        return render(self.request, "estrutura/importar_siorg.html", {
            "form": form, "titulo": "Importar estrutura do SIORG", "ultima": ultima,
            "url_siorg": siorg.url_da_estrutura(),
            "breadcrumbs": [("Administração", None), ("Importações de estruturas", reverse("estrutura:importacoes")),
                            ("Importar do SIORG", None)],
        })

    def get(self, request):
        return self.render_form(ImportarSiorgForm())

    def post(self, request):
        from estrutura import tasks

        form = ImportarSiorgForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_form(form)
        pasta = Path(settings.MEDIA_ROOT) / "siorg" / uuid.uuid4().hex
        pasta.mkdir(parents=True, exist_ok=True)
        caminhos = []
        for i, enviado in enumerate(form.cleaned_data["arquivos"]):
            destino = pasta / f"{i:02d}-{Path(enviado.name).name}"
            with destino.open("wb") as saida:
                for pedaco in enviado.chunks():
                    saida.write(pedaco)
            caminhos.append(str(destino))
        execucao = siorg.nova_execucao(
            ExecucaoDeImportacao.Origem.UPLOAD, repositorio=form.cleaned_data["repositorio"],
            completa=form.cleaned_data["completa"], usuario=request.user,
            arquivos=", ".join(Path(c).name[3:] for c in caminhos), arquivo_salvo="\n".join(caminhos),
        )
        # The run is already committed (no ATOMIC_REQUESTS), so the worker finds it. With the broker down the
        # run is marked failed at once (never left "Na fila") and the person is told why.
        try:
            tasks.importar_arquivos_siorg.delay(execucao.pk)
        except ERROS_DE_FILA as erro:
            return fila_indisponivel(request, execucao, erro)
        messages.info(request, "Arquivos recebidos. A importação roda em segundo plano; acompanhe o resultado abaixo.")
        return redirect("estrutura:importacao_detalhe", execucao.pk)


# --- Repositórios de Estrutura (Administrador) ----------------------------------------------------------------


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


# --- Consultar Unidades (public) -----------------------------------------------------------------------------


class ConsultarUnidadesView(PublicoMixin, ObjectListView):
    template_name = "estrutura/consultar_unidades.html"
    queryset = Unidade.objects.filter(ativo=True).select_related("repositorio")
    filterset_class = filtersets.ConsultaDeUnidadesFilterSet
    table_class = tables.UnidadePublicaTable
    titulo = "Consultar Unidades Administrativas"
    formatos_exportacao = ()
    breadcrumbs = [("Consultar Unidades Administrativas", None)]

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        if kwargs["data"] is None or not kwargs["data"].get("repositorio"):
            dados = kwargs["data"].copy() if kwargs["data"] is not None else {}
            padrao = RepositorioDeEstruturas.objects.filter(ativo=True).order_by("-is_siorg", "id").first()
            if padrao is not None:
                dados["repositorio"] = str(padrao.pk)
            kwargs["data"] = dados
        return kwargs
