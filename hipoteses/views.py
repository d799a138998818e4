"""Thin views: the four catalogues (administration and public pages) and the suggestions of hipóteses.

The four catalogues share one set of views, configured by a ``Catalogo`` entry in ``CATALOGOS``.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from portal import permissions
from portal.models import GestorTecnologico, SistemaDeGoverno
from portal.permissions import Acao
from portal.views.generic import AcaoExigidaMixin, ObjectListView

from . import filtersets, forms, services, tables
from .models import EspecieDocumental, HipoteseLegal, SugestaoDeHipotese

ADMINISTRACAO = ("Administração", None)


@dataclass(frozen=True)
class Catalogo:
    rota: str  # url name prefix: hipoteses:<rota>_lista, <rota>_editar…
    model: type[models.Model]
    titulo: str  # "Hipóteses Legais"
    singular: str  # "hipótese legal"
    form: type[forms.CatalogoForm]
    filterset: type
    tabela: type
    tabela_publica: type
    apresentacao: str  # intro text of the public page

    @property
    def servico(self):
        return services.catalogo_de(self.model)


CATALOGOS = {
    "hipotese": Catalogo(
        "hipotese", HipoteseLegal, "Hipóteses Legais", "hipótese legal", forms.HipoteseLegalForm,
        filtersets.HipoteseLegalFilterSet, tables.HipoteseLegalTable, tables.HipoteseLegalPublicaTable,
        "Fundamentos legais que restringem o acesso a um processo ou documento. Todo processo ou documento "
        "restrito enviado pelo Tramita.GOV.BR informa o ID de uma destas hipóteses; cada sistema mapeia as "
        "hipóteses do Tramita.GOV.BR às suas próprias, para envio e para recebimento.",
    ),
    "especie": Catalogo(
        "especie", EspecieDocumental, "Espécies Documentais", "espécie documental", forms.EspecieDocumentalForm,
        filtersets.EspecieDocumentalFilterSet, tables.EspecieDocumentalTable, tables.EspecieDocumentalPublicaTable,
        "Tipos de documento aceitos pelo Tramita.GOV.BR. Cada sistema mapeia os seus tipos de documento a "
        "estas espécies; o destinatário que não tiver mapeamento para a espécie recebida recusa o trâmite.",
    ),
    "sistema": Catalogo(
        "sistema", SistemaDeGoverno, "Sistemas de Governo", "sistema de governo", forms.SistemaDeGovernoForm,
        filtersets.SistemaDeGovernoFilterSet, tables.SistemaDeGovernoTable, tables.SistemaDeGovernoPublicaTable,
        "Produtos de processo eletrônico que se conectam ao Tramita.GOV.BR.",
    ),
    "gestor": Catalogo(
        "gestor", GestorTecnologico, "Gestores Tecnológicos", "gestor tecnológico", forms.GestorTecnologicoForm,
        filtersets.GestorTecnologicoFilterSet, tables.GestorTecnologicoTable, tables.GestorTecnologicoPublicaTable,
        "Onde o sistema de processo eletrônico de um órgão está hospedado: no próprio órgão (Interno) ou "
        "em uma empresa pública de tecnologia.",
    ),
}


def catalogos(request):
    """``/catalogos/``: the index of the public catalogues (and their management pages, when allowed)."""
    pode_gerenciar = request.user.is_authenticated and permissions.pode(request.user, Acao.CATALOGOS_GERENCIAR)
    itens = [
        {
            "titulo": c.titulo,
            "apresentacao": c.apresentacao,
            "url": reverse(f"hipoteses:{c.rota}_publico"),
            "url_gerenciar": reverse(f"hipoteses:{c.rota}_lista") if pode_gerenciar else None,
        }
        for c in CATALOGOS.values()
    ]
    return render(request, "hipoteses/catalogos.html",
                  {"titulo": "Catálogos", "catalogos": itens, "breadcrumbs": [("Catálogos", None)]})


def _erros_no_formulario(form, erro: ValidationError) -> None:
    if hasattr(erro, "error_dict"):
        for campo, lista in erro.error_dict.items():
            form.add_error(campo if campo in form.fields else None, lista)
    else:
        form.add_error(None, erro)


def _mensagem(erro: ValidationError) -> str:
    return " ".join(erro.messages)


# ------------------------------------------------------------------------------------------ lists


class CatalogoListaView(AcaoExigidaMixin, ObjectListView):
    acao = Acao.CATALOGOS_GERENCIAR
    catalogo: Catalogo = None

    def dispatch(self, request, *args, **kwargs):
        self.model = self.catalogo.model
        self.filterset_class = self.catalogo.filterset
        self.table_class = self.catalogo.tabela
        self.titulo = self.catalogo.titulo
        self.breadcrumbs = [ADMINISTRACAO, (self.catalogo.titulo, None)]
        return super().dispatch(request, *args, **kwargs)

    def get_acoes_da_pagina(self):
        return [
            ("Cadastrar", reverse(f"hipoteses:{self.catalogo.rota}_criar")),
        ]


class CatalogoPublicoView(ObjectListView):
    """Read-only page open to anyone."""

    template_name = "hipoteses/lista_publica.html"
    catalogo: Catalogo = None

    def dispatch(self, request, *args, **kwargs):
        self.model = self.catalogo.model
        self.filterset_class = self.catalogo.filterset
        self.table_class = self.catalogo.tabela_publica
        self.titulo = self.catalogo.titulo
        self.breadcrumbs = [("Consultas", None), (self.catalogo.titulo, None)]
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        contexto = super().get_context_data(**kwargs)
        contexto["apresentacao"] = self.catalogo.apresentacao
        return contexto


# ------------------------------------------------------------------------------------ create / edit


class _CatalogoAdminView(AcaoExigidaMixin, View):
    acao = Acao.CATALOGOS_GERENCIAR
    catalogo: Catalogo = None

    def lista_url(self) -> str:
        return reverse(f"hipoteses:{self.catalogo.rota}_lista")

    def objeto(self, pk):
        return permissions.obter_ou_404(
            self.catalogo.model.objects.all(), self.request.user, Acao.CATALOGOS_GERENCIAR, pk=pk
        )

    def breadcrumbs(self, ultimo: str):
        return [ADMINISTRACAO, (self.catalogo.titulo, self.lista_url()), (ultimo, None)]


class CatalogoFormView(_CatalogoAdminView):
    template_name = "hipoteses/catalogo_form.html"

    def get(self, request, pk=None):
        obj = self.objeto(pk) if pk else None
        return self._render(request, self.catalogo.form(instance=obj), obj)

    def post(self, request, pk=None):
        obj = self.objeto(pk) if pk else None
        form = self.catalogo.form(request.POST, instance=obj)
        if form.is_valid():
            try:
                if obj is None:
                    obj = services.criar(self.catalogo.model, form.dados())
                    messages.success(request, f"{self.catalogo.singular.capitalize()} “{obj.nome}” cadastrad"
                                              f"{self.catalogo.servico.artigo}.")
                else:
                    obj = services.editar(obj, form.dados())
                    messages.success(request, f"{self.catalogo.singular.capitalize()} “{obj.nome}” alterad"
                                              f"{self.catalogo.servico.artigo}.")
                return redirect(self.lista_url())
            except ValidationError as erro:
                _erros_no_formulario(form, erro)
        return self._render(request, form, obj, status=400)

    def _render(self, request, form, obj, status=200):
        titulo = (f"Editar {self.catalogo.singular}" if obj else f"Cadastrar {self.catalogo.singular}")
        return render(request, self.template_name, {
            "form": form, "objeto": obj, "titulo": titulo, "catalogo": self.catalogo,
            "breadcrumbs": self.breadcrumbs("Editar" if obj else "Cadastrar"), "voltar": self.lista_url(),
        }, status=status)


# --------------------------------------------------------------------- inactivate / reactivate / delete


class CatalogoConfirmarView(_CatalogoAdminView):
    """GET: a confirmation page; POST: does it. ``operacao`` is inativar, reativar or excluir."""

    template_name = "hipoteses/confirmar.html"
    operacao: str = ""

    TEXTOS = {
        "inativar": ("Inativar", "deixará de ser oferecid{a} aos sistemas como opção ativa, mas continua no "
                                 "catálogo e pode ser reativad{a} a qualquer momento."),
        "reativar": ("Reativar", "volta a ser oferecid{a} aos sistemas."),
        "excluir": ("Excluir", "será apagad{a} do catálogo definitivamente."),
    }

    def get(self, request, pk):
        obj = self.objeto(pk)
        if (self.operacao == "inativar" and not obj.ativo) or (self.operacao == "reativar" and obj.ativo):
            return redirect(self.lista_url())
        referencias = services.referencias(obj) if self.operacao == "excluir" else []
        verbo, texto = self.TEXTOS[self.operacao]
        return render(request, self.template_name, {
            "objeto": obj, "catalogo": self.catalogo, "operacao": self.operacao, "verbo": verbo,
            "texto": texto.format(a=self.catalogo.servico.artigo),
            "em_uso": services.mensagem_em_uso(obj, referencias) if referencias else "",
            "titulo": f"{verbo} {self.catalogo.singular}", "voltar": self.lista_url(),
            "breadcrumbs": self.breadcrumbs(verbo),
        })

    def post(self, request, pk):
        obj = self.objeto(pk)
        artigo = self.catalogo.servico.artigo
        rotulo = f"{self.catalogo.singular.capitalize()} “{obj.nome}”"
        try:
            if self.operacao == "inativar":
                services.inativar(obj)
                messages.success(request, f"{rotulo} inativad{artigo}.")
            elif self.operacao == "reativar":
                services.reativar(obj)
                messages.success(request, f"{rotulo} reativad{artigo}.")
            else:
                services.excluir(obj)
                messages.success(request, f"{rotulo} excluíd{artigo}.")
        except ValidationError as erro:
            messages.error(request, _mensagem(erro))
        return redirect(self.lista_url())


# ------------------------------------------------------------------------------------------ suggestions


class SugestaoListaView(AcaoExigidaMixin, ObjectListView):
    """Administrators: every suggestion (the queue). Others: their own and their comitês' suggestions."""

    acao = Acao.HIPOTESE_SUGERIR
    model = SugestaoDeHipotese
    filterset_class = filtersets.SugestaoFilterSet
    table_class = tables.SugestaoTable
    titulo = "Sugestões de Hipóteses Legais"
    breadcrumbs = [ADMINISTRACAO, ("Sugestões de Hipóteses Legais", None)]
    queryset = SugestaoDeHipotese.objects.select_related("sugerido_por")

    def get_acoes_da_pagina(self):
        return [("Sugerir nova hipótese legal", reverse("hipoteses:sugestao_criar"))]


class SugestaoCriarView(AcaoExigidaMixin, View):
    acao = Acao.HIPOTESE_SUGERIR
    template_name = "hipoteses/sugestao_form.html"

    def get(self, request):
        return self._render(request, forms.SugestaoForm())

    def post(self, request):
        form = forms.SugestaoForm(request.POST)
        if form.is_valid():
            comites = permissions.escopo_do_usuario(request.user).comite_ids
            try:
                sugestao = services.sugerir(
                    request.user, comite_id=next(iter(comites)) if len(comites) == 1 else None, **form.cleaned_data
                )
            except ValidationError as erro:
                _erros_no_formulario(form, erro)
            else:
                messages.success(request, "Sugestão enviada. Você receberá um e-mail quando ela for avaliada.")
                return redirect("hipoteses:sugestao_detalhe", pk=sugestao.pk)
        return self._render(request, form, status=400)

    def _render(self, request, form, status=200):
        return render(request, self.template_name, {
            "form": form, "titulo": "Sugerir nova hipótese legal",
            "breadcrumbs": [ADMINISTRACAO, ("Sugestões de Hipóteses Legais", reverse("hipoteses:sugestao_lista")),
                            ("Sugerir", None)],
        }, status=status)


class SugestaoDetalheView(AcaoExigidaMixin, View):
    acao = Acao.HIPOTESE_SUGERIR
    template_name = "hipoteses/sugestao_detalhe.html"

    def sugestao(self, pk) -> SugestaoDeHipotese:
        return permissions.obter_ou_404(
            SugestaoDeHipotese.objects.select_related("sugerido_por", "decidido_por", "hipotese_criada"),
            self.request.user, Acao.HIPOTESE_SUGERIR, pk=pk,
        )

    def get(self, request, pk):
        return self.render_detalhe(request, self.sugestao(pk))

    def render_detalhe(self, request, sugestao, *, aceite=None, recusa=None, status=200):
        avaliar = sugestao.pendente and permissions.pode(request.user, Acao.CATALOGOS_GERENCIAR)
        if avaliar and aceite is None:
            aceite = forms.AceiteForm(initial={
                "nome": sugestao.nome, "base_legal": sugestao.base_legal, "descricao": sugestao.descricao})
        if avaliar and recusa is None:
            recusa = forms.RecusaForm()
        return render(request, self.template_name, {
            "sugestao": sugestao, "avaliar": avaliar, "aceite": aceite, "recusa": recusa,
            "titulo": f"Sugestão de hipótese legal: {sugestao.nome}",
            "breadcrumbs": [ADMINISTRACAO, ("Sugestões de Hipóteses Legais", reverse("hipoteses:sugestao_lista")),
                            (sugestao.nome, None)],
        }, status=status)


class SugestaoAvaliarView(SugestaoDetalheView):
    """POST only: ``decisao`` is aceitar or recusar. Administrators only."""

    decisao = ""

    def get(self, request, pk):
        return redirect("hipoteses:sugestao_detalhe", pk=pk)

    def post(self, request, pk):
        sugestao = self.sugestao(pk)
        if not permissions.pode(request.user, Acao.CATALOGOS_GERENCIAR):
            raise PermissionDenied("Somente administradores avaliam sugestões.")
        if not sugestao.pendente:
            messages.error(request, f"Esta sugestão já foi avaliada ({sugestao.get_status_display().lower()}).")
            return redirect("hipoteses:sugestao_detalhe", pk=pk)
        if self.decisao == "aceitar":
            form = forms.AceiteForm(request.POST)
            if form.is_valid():
                try:
                    hipotese = services.aceitar(sugestao, request.user, **form.cleaned_data)
                except ValidationError as erro:
                    if not hasattr(erro, "error_dict"):  # decided meanwhile: the forms are gone
                        messages.error(request, _mensagem(erro))
                        return redirect("hipoteses:sugestao_detalhe", pk=pk)
                    _erros_no_formulario(form, erro)
                else:
                    messages.success(request, f"Sugestão aceita: hipótese legal “{hipotese.nome}” criada com o ID "
                                              f"{hipotese.identificacao}. Quem sugeriu foi avisado por e-mail.")
                    return redirect("hipoteses:sugestao_detalhe", pk=pk)
            return self.render_detalhe(request, sugestao, aceite=form, status=400)
        form = forms.RecusaForm(request.POST)
        if form.is_valid():
            try:
                services.recusar(sugestao, request.user, form.cleaned_data["motivo"])
            except ValidationError as erro:
                if not hasattr(erro, "error_dict"):
                    messages.error(request, _mensagem(erro))
                    return redirect("hipoteses:sugestao_detalhe", pk=pk)
                _erros_no_formulario(form, erro)
            else:
                messages.success(request, "Sugestão recusada. Quem sugeriu foi avisado por e-mail, com o motivo.")
                return redirect("hipoteses:sugestao_detalhe", pk=pk)
        return self.render_detalhe(request, sugestao, recusa=form, status=400)
