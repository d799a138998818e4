"""Consultar Unidades (public)."""

from __future__ import annotations

from estrutura import filtersets, tables
from estrutura.models import RepositorioDeEstruturas, Unidade
from portal.views.generic import ObjectListView, PublicoMixin


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
