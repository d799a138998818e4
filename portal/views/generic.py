"""One list view for every list page: queryset + filterset + table + CSV/XLSX export.

Subclasses set ``model`` (or ``queryset``), ``filterset_class``, ``table_class`` and ``acao`` (the
permission needed). The rows always come through ``permissions.restringir(queryset, user, acao)``:
the model's declared scope decides, a model without one raises, and a view without ``acao`` may only
list models declared public. There is no per-view override of the scope.
"""

import csv
import io

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from portal import permissions

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


def exportar(table, formato: str, nome: str) -> HttpResponse:
    """Writes every row of ``table`` (not just the page) as CSV (UTF-8 with BOM, ';') or XLSX."""
    linhas = list(table.as_values(exclude_columns=getattr(table, "excluir_da_exportacao", ())))
    carimbo = timezone.localtime().strftime("%Y%m%d-%H%M")
    arquivo = f"{slugify(nome) or 'relatorio'}-{carimbo}"
    if formato == "xlsx":
        livro = Workbook(write_only=True)
        planilha = livro.create_sheet(title=(nome or "Relatório")[:31])
        for linha in linhas:
            planilha.append([_celula(v) for v in linha])
        saida = io.BytesIO()
        livro.save(saida)
        resposta = HttpResponse(
            saida.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        resposta["Content-Disposition"] = f'attachment; filename="{arquivo}.xlsx"'
        return resposta
    saida = io.StringIO()
    saida.write("\ufeff")
    escritor = csv.writer(saida, delimiter=";")
    for linha in linhas:
        escritor.writerow(["" if v is None else v for v in linha])
    resposta = HttpResponse(saida.getvalue(), content_type="text/csv; charset=utf-8")
    resposta["Content-Disposition"] = f'attachment; filename="{arquivo}.csv"'
    return resposta


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

    def get_table_pagination(self, table):
        por_pagina = self.request.GET.get("por_pagina")
        if por_pagina in {"10", "20", "50", "100"}:
            return {"per_page": int(por_pagina)}
        return {"per_page": self.paginate_by}

    def get(self, request, *args, **kwargs):
        formato = request.GET.get("exportar")
        if formato in self.formatos_exportacao:
            self.object_list = self.filterset_class(
                request.GET, queryset=self.get_queryset(), request=request
            ).qs if self.filterset_class else self.get_queryset()
            table = self.get_table_class()(self.object_list)
            return exportar(table, formato, self.titulo)
        return super().get(request, *args, **kwargs)

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
