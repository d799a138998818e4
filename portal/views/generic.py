"""One list view for every list page: queryset + filterset + table + CSV/XLSX/PDF export.

Subclasses set ``model`` (or ``queryset``), ``filterset_class``, ``table_class`` and ``acao`` (the
permission needed). The rows always come through ``permissions.restringir(queryset, user, acao)``:
the model's declared scope decides, a model without one raises, and a view without ``acao`` may only
list models declared public. There is no per-view override of the scope.
"""

import tempfile

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.text import slugify
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.rows import BoundRows

from portal import exportacao, permissions
from portal.exportacao import filtros as descricao_de_filtros
from portal.exportacao.celulas import celula_de_planilha as _celula  # noqa: F401 (used by tests and callers)
from portal.exportacao.planilhas import escrever_csv, escrever_xlsx  # noqa: F401 (the writers' old home)
from portal.exportacao.valores import valores
from portal.services import parametros

FORMATOS_EXPORTACAO = ("csv", "xlsx", "pdf")


class AcaoExigidaMixin(LoginRequiredMixin):
    """Requires ``acao`` (a portal.permissions.Acao) in general; objects are checked by the view."""

    acao = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.acao is not None and not permissions.pode(request.user, self.acao):
            raise PermissionDenied("Seu perfil não permite acessar esta página.")
        return super().dispatch(request, *args, **kwargs)


class PublicoMixin:
    """Marks a view as public (no login); nothing else."""


LOTE_EXPORTACAO = 2000  # rows fetched per round trip while exporting
SESSAO_EXPORTACOES = "exportacoes_da_pagina"  # session: {page path: [ids of its background exports]}
MAX_NA_PAGINA = 5


def linhas_exportadas(table, formato: str | None = None):
    """Header + every row of ``table`` (not just the page), reading the queryset in chunks.

    The rows are never all in memory: ``queryset.iterator`` replaces the table's cached queryset, so an
    export of 100 000 audit records runs in constant memory. A table leaves columns out of every file
    (``excluir_da_exportacao``) or out of the PDF only (``excluir_do_pdf``: a page is only so wide).
    """
    dados = table.data.data
    if isinstance(dados, QuerySet):
        table.rows = BoundRows(data=dados.iterator(chunk_size=LOTE_EXPORTACAO), table=table)
    excluir = tuple(getattr(table, "excluir_da_exportacao", ()))
    if formato == "pdf":
        excluir += tuple(getattr(table, "excluir_do_pdf", ()))
    return valores(table, excluir)


def nome_do_arquivo(nome: str, formato: str) -> str:
    carimbo = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"{slugify(nome) or 'relatorio'}-{carimbo}.{formato}"


def relatorio_de(titulo: str, filterset=None, usuario=None) -> exportacao.Relatorio:
    nome = getattr(usuario, "nome", "") if getattr(usuario, "is_authenticated", False) else ""
    return exportacao.Relatorio(titulo=titulo or "Relatório", filtros=descricao_de_filtros.descrever(filterset),
                                gerado_por=nome or "")


def exportar(table, formato: str, nome: str, relatorio: exportacao.Relatorio | None = None) -> HttpResponseBase:
    """Every row of ``table``: CSV streamed as it is read; XLSX and PDF built in a temporary file, then streamed.

    An unknown ``formato`` raises ``exportacao.FormatoDesconhecido`` before any row is read.
    """
    tipo = exportacao.formato(formato)
    relatorio = relatorio or exportacao.Relatorio(titulo=nome or "Relatório")
    linhas = linhas_exportadas(table, formato)
    arquivo = nome_do_arquivo(nome, formato)
    if formato == "csv":
        resposta = StreamingHttpResponse(escrever_csv(linhas), content_type=tipo.content_type)
    else:
        destino = tempfile.TemporaryFile()
        exportacao.escrever(formato, linhas, relatorio, destino)
        destino.seek(0)
        resposta = FileResponse(destino, content_type=tipo.content_type)
    resposta["Content-Disposition"] = f'attachment; filename="{arquivo}"'
    return resposta


def _grande_demais(object_list) -> bool:
    if not isinstance(object_list, QuerySet):
        return False
    limite = parametros.inteiro("exportacao_limite_sincrono")
    return object_list[: limite + 1].count() > limite


class ObjectListView(SingleTableMixin, FilterView):
    template_name = "portal/generic/list.html"
    paginate_by = 20
    titulo = ""
    breadcrumbs: list[tuple[str, str | None]] = []
    formatos_exportacao = FORMATOS_EXPORTACAO
    acoes_da_pagina: list[tuple[str, str]] = []  # (label, url) buttons above the table
    strict = False

    acao = None  # None: public reading (only for models whose rule has leitura_publica)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "restringir" in cls.__dict__:
            raise TypeError(f"{cls.__name__}: the rows come from permissions.restringir; declare the "
                            "model's regra_de_escopo instead of overriding restringir.")

    def get_queryset(self):
        return permissions.restringir(super().get_queryset(), self.request.user, self.acao)

    def get_paginate_by(self, queryset):
        # The table paginates (``get_table_pagination``); letting Django's MultipleObjectMixin paginate
        # too would run the same COUNT(*) a second time on every list page.
        return None

    def get_table_pagination(self, table):
        por_pagina = self.request.GET.get("por_pagina")
        if por_pagina in {"10", "20", "50", "100"}:
            return {"per_page": int(por_pagina)}
        return {"per_page": self.paginate_by}

    tabela_de_exportacao_class = None  # a table with other columns for the files (default: the page's)

    def tabela_de_exportacao(self):
        """The table of every filtered row, in the page's sort order: what an export writes (in the request
        or in the background job). The rows come as the page gets them (``get_filterset``, ``strict``,
        ``get_table_data``, ``get_table_kwargs``), so a view that narrows or annotates them for its page
        exports the same rows."""
        if self.filterset_class:
            self.filterset = self.get_filterset(self.get_filterset_class())
            valido = not self.filterset.is_bound or self.filterset.is_valid() or not self.get_strict()
            self.object_list = self.filterset.qs if valido else self.filterset.queryset.none()
        else:
            self.filterset = None
            self.object_list = self.get_queryset()
        classe = self.tabela_de_exportacao_class or self.get_table_class()
        table = classe(self.get_dados_de_exportacao(), **self.get_table_kwargs())
        ordem = self.request.GET.get(table.prefixed_order_by_field)
        if ordem:
            table.order_by = ordem  # django-tables2 ignores names that are not sortable columns
        return table

    def get_dados_de_exportacao(self):
        """The rows the export's table reads (default: the page's ``get_table_data``); a view whose export
        table shows more relations joins them here, so the chunked read stays one query per chunk."""
        return self.get_table_data()

    def relatorio_de_exportacao(self) -> exportacao.Relatorio:
        """Title, applied filters and who asked (the PDF header); after ``tabela_de_exportacao``."""
        return relatorio_de(self.titulo, getattr(self, "filterset", None), self.request.user)

    def get(self, request, *args, **kwargs):
        if "exportar" in request.GET:
            formato = request.GET.get("exportar")
            if formato not in self.formatos_exportacao:
                return self.recusar_formato()
            table = self.tabela_de_exportacao()
            if request.user.is_authenticated and _grande_demais(self.object_list):
                return self.agendar_exportacao(formato)
            return exportar(table, formato, self.titulo, self.relatorio_de_exportacao())
        return super().get(request, *args, **kwargs)

    def consulta_sem_exportar(self):
        consulta = self.request.GET.copy()
        consulta.pop("exportar", None)
        return consulta

    def recusar_formato(self):
        """``?exportar=`` with a format this page does not offer: the page again, with what to choose."""
        messages.error(self.request, exportacao.mensagem_de_formato_invalido(self.formatos_exportacao))
        consulta = self.consulta_sem_exportar()
        return redirect(f"{self.request.path}?{consulta.urlencode()}" if consulta else self.request.path)

    def agendar_exportacao(self, formato: str):
        """Above the Parâmetro "exportacao_limite_sincrono": a Celery job writes the file (link by e-mail)."""
        from portal.services import exportacoes

        consulta = self.consulta_sem_exportar()
        agendada = exportacoes.agendar(self.request.user, titulo=self.titulo, formato=formato,
                                       caminho=self.request.path, consulta=consulta.urlencode())
        # The page lists this export (state, then the download link) until it expires: see get_context_data.
        por_pagina = self.request.session.get(SESSAO_EXPORTACOES, {})
        por_pagina[self.request.path] = [agendada.pk, *por_pagina.get(self.request.path, [])][:MAX_NA_PAGINA]
        self.request.session[SESSAO_EXPORTACOES] = por_pagina
        limite = parametros.inteiro("exportacao_limite_sincrono")
        messages.info(self.request, (
            f"A exportação tem mais de {limite} linhas e será gerada em segundo plano. Você receberá por e-mail o "
            "link para baixar o arquivo, que também aparecerá nesta página e em Minhas exportações."
        ))
        return redirect(f"{self.request.path}?{consulta.urlencode()}" if consulta else self.request.path)

    def get_context_data(self, **kwargs):
        contexto = super().get_context_data(**kwargs)
        consulta = self.request.GET.copy()
        consulta.pop("page", None)
        consulta.pop("exportar", None)
        contexto.update(
            titulo=self.titulo,
            breadcrumbs=self.breadcrumbs or [(self.titulo, None)],
            formatos_exportacao=self.formatos_exportacao,
            consulta_atual=consulta.urlencode(),
            acoes_da_pagina=self.get_acoes_da_pagina(),
            exportacoes_da_pagina=self.exportacoes_da_pagina(),
        )
        return contexto

    def exportacoes_da_pagina(self):
        """The background exports this person asked for on this page (no query unless there are some)."""
        por_pagina = self.request.session.get(SESSAO_EXPORTACOES) or {}
        ids = por_pagina.get(self.request.path)
        if not ids or not self.request.user.is_authenticated:
            return []
        from portal.services import exportacoes

        encontradas = list(exportacoes.do_usuario(self.request.user).filter(pk__in=ids))
        if len(encontradas) != len(ids):  # purged ones leave the page
            por_pagina[self.request.path] = [e.pk for e in encontradas]
            self.request.session[SESSAO_EXPORTACOES] = {k: v for k, v in por_pagina.items() if v}
        return encontradas

    def get_acoes_da_pagina(self):
        return self.acoes_da_pagina
