"""One list view for every list page: queryset + filterset + table + CSV/XLSX export.

Subclasses set ``model`` (or ``queryset``), ``filterset_class``, ``table_class`` and ``acao`` (the
permission needed). The rows always come through ``permissions.restringir(queryset, user, acao)``:
the model's declared scope decides, a model without one raises, and a view without ``acao`` may only
list models declared public. There is no per-view override of the scope.
"""

import csv
import io
import tempfile
from collections.abc import Iterator

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
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from portal import permissions
from portal.services import parametros

FORMATOS_EXPORTACAO = ("csv", "xlsx")


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


def linhas_exportadas(table):
    """Header + every row of ``table`` (not just the page), reading the queryset in chunks.

    The rows are never all in memory: ``queryset.iterator`` replaces the table's cached queryset, so an
    export of 100 000 audit records runs in constant memory.
    """
    dados = table.data.data
    if isinstance(dados, QuerySet):
        table.rows = BoundRows(data=dados.iterator(chunk_size=LOTE_EXPORTACAO), table=table)
    return table.as_values(exclude_columns=getattr(table, "excluir_da_exportacao", ()))


def nome_do_arquivo(nome: str, formato: str) -> str:
    carimbo = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"{slugify(nome) or 'relatorio'}-{carimbo}.{formato}"


def escrever_csv(linhas) -> Iterator[bytes]:
    """CSV (UTF-8 with BOM, ';'), yielded a few hundred rows at a time."""
    saida = io.StringIO()
    saida.write("\ufeff")
    escritor = csv.writer(saida, delimiter=";")
    for numero, linha in enumerate(linhas, 1):
        escritor.writerow(["" if v is None else v for v in linha])
        if numero % 500 == 0:
            yield saida.getvalue().encode()
            saida.seek(0)
            saida.truncate()
    yield saida.getvalue().encode()


def escrever_xlsx(linhas, nome: str, destino) -> None:
    """XLSX into the file object ``destino`` (openpyxl's write-only mode keeps rows on disk, not in memory)."""
    livro = Workbook(write_only=True)
    planilha = livro.create_sheet(title=(nome or "Relatório")[:31])
    for linha in linhas:
        planilha.append([_celula(v) for v in linha])
    livro.save(destino)


def exportar(table, formato: str, nome: str) -> HttpResponseBase:
    """Every row of ``table`` as CSV (streamed) or XLSX (built in a temporary file, then streamed)."""
    linhas = linhas_exportadas(table)
    arquivo = nome_do_arquivo(nome, formato)
    if formato == "xlsx":
        destino = tempfile.TemporaryFile()
        escrever_xlsx(linhas, nome, destino)
        destino.seek(0)
        resposta = FileResponse(
            destino, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        resposta = StreamingHttpResponse(escrever_csv(linhas), content_type="text/csv; charset=utf-8")
    resposta["Content-Disposition"] = f'attachment; filename="{arquivo}"'
    return resposta


def _grande_demais(object_list) -> bool:
    if not isinstance(object_list, QuerySet):
        return False
    limite = parametros.inteiro("exportacao_limite_sincrono")
    return object_list[: limite + 1].count() > limite


def _celula(valor):
    if valor is None:
        return ""
    # Control characters (NUL, BEL…) are not allowed in XLSX cells and would abort the whole export.
    texto = ILLEGAL_CHARACTERS_RE.sub("", str(valor))
    # Never let a spreadsheet evaluate user-provided text as a formula.
    return "'" + texto if texto[:1] in ("=", "+", "-", "@") else texto


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

    def tabela_de_exportacao(self):
        """The table of every filtered row (``get_queryset`` + filterset): what an export writes."""
        request = self.request
        self.object_list = self.filterset_class(
            request.GET, queryset=self.get_queryset(), request=request
        ).qs if self.filterset_class else self.get_queryset()
        return self.get_table_class()(self.object_list)

    def get(self, request, *args, **kwargs):
        formato = request.GET.get("exportar")
        if formato in self.formatos_exportacao:
            table = self.tabela_de_exportacao()
            if request.user.is_authenticated and _grande_demais(self.object_list):
                return self.agendar_exportacao(formato)
            return exportar(table, formato, self.titulo)
        return super().get(request, *args, **kwargs)

    def agendar_exportacao(self, formato: str):
        """Above the Parâmetro "exportacao_limite_sincrono": a Celery job writes the file (link by e-mail)."""
        from portal.services import exportacoes

        consulta = self.request.GET.copy()
        consulta.pop("exportar", None)
        exportacoes.agendar(self.request.user, titulo=self.titulo, formato=formato, caminho=self.request.path,
                            consulta=consulta.urlencode())
        limite = parametros.inteiro("exportacao_limite_sincrono")
        messages.info(self.request, (
            f"A exportação tem mais de {limite} linhas e será gerada em segundo plano. Você receberá por e-mail o "
            "link para baixar o arquivo, que também aparecerá em Minhas exportações."
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
        )
        return contexto

    def get_acoes_da_pagina(self):
        return self.acoes_da_pagina
