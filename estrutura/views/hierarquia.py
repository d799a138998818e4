"""Hierarquia of one órgão (linked from comites as ``estrutura:hierarquia``) and its unit actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from estrutura import consultas
from estrutura.forms import AlterarPaiForm, BuscaNaArvoreForm, ReativarForm, UnidadeForm
from estrutura.models import Unidade
from estrutura.services import unidades
from estrutura.views.comum import _arvore_de, _com_voltar, _eh_administrador, _mensagens_de, _voltar
from portal import permissions
from portal.identificadores import ler_id
from portal.permissions import Acao


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
