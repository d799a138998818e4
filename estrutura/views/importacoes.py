"""Importar Estruturas (CSV: upload → preview → confirm), the import runs' reports and the SIORG upload page."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from estrutura import filtersets, tables
from estrutura.fila import ERROS_DE_FILA, fila_indisponivel
from estrutura.formatos import ErroDeLeitura
from estrutura.formatos import planilha as formato_planilha
from estrutura.forms import ImportarCsvForm, ImportarSiorgForm
from estrutura.models import ExecucaoDeImportacao, ItemDeImportacao
from estrutura.services import planilha, siorg
from estrutura.views.hierarquia import UnidadeDoOrgaoMixin
from portal import permissions
from portal.permissions import Acao
from portal.views.generic import AcaoExigidaMixin, ObjectListView


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
