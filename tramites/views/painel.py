"""Painel de Controle (``/painel/``, spec portal-features §8, issue #12 item 1).

Rows from the one scoping door (``restringir(Tramite…, Acao.PAINEL_VER)``: both sides of each trâmite),
filtered (``tramites.filtersets.painel``), shown 50 per page with "Trâmites por situação" above: per-status
counters (one query: exact from the engine's counters when the filter allows, else bounded) drawn as a
server-side SVG chart with the same numbers as a table. The page's queries are a constant handful whatever
the size of the table: the counters, the rows, the choices of the filter, the cancellable rows of the page.
"""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from portal.permissions import Acao
from portal.views.generic import AcaoExigidaMixin, ObjectListView
from tramites import state_machine as sm
from tramites.filtersets.painel import PainelFilterSet
from tramites.models import HistoricoDeStatus, Tramite
from tramites.painel import grafico
from tramites.painel.contadores import contar_pelos_contadores
from tramites.painel.contagem import contar_por_situacao
from tramites.painel.paginacao import PaginadorDoPainel
from tramites.tables.painel import PainelTable
from tramites.tables.painel_exportacao import PainelExportacaoTable


def recebido_em():
    """When the receiver's recibo de conclusão reached the bus (the move into status 5): "Data/Hora do
    Recebimento". Read for the rows of the page only (history index on (trâmite, momento))."""
    return Subquery(
        HistoricoDeStatus.objects.filter(tramite=OuterRef("pk"), para=sm.Status.RECIBO_ENVIADO_DESTINATARIO.value)
        .order_by("momento").values("momento")[:1]
    )


class PainelView(AcaoExigidaMixin, ObjectListView):
    acao = Acao.PAINEL_VER
    model = Tramite
    filterset_class = PainelFilterSet
    table_class = PainelTable
    template_name = "tramites/painel/lista.html"
    titulo = "Painel de Controle"
    paginate_by = 50
    strict = True  # a filter with an error shows the error and no rows, never "everything"
    tabela_de_exportacao_class = PainelExportacaoTable  # spec §8.5 columns (portal.views.generic exports)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["data"] = self.request.GET  # always bound: the default período applies to a bare /painel/
        return kwargs

    def get_dados_de_exportacao(self):
        return PainelExportacaoTable.com_colunas(self.get_table_data())

    @staticmethod
    def _com_colunas(linhas):
        return linhas.select_related("unidade_remetente", "unidade_destinatario").annotate(recebido_em=recebido_em())

    def get_table_data(self):
        return self._com_colunas(self.object_list)

    def get_table_kwargs(self):
        return {"principal": self.request.user}

    @property
    def contagem(self):
        if not hasattr(self, "_contagem"):
            valido = self.filterset.is_valid()
            situacoes = self.filterset.situacoes_possiveis() if valido else frozenset()
            # Exact, from the engine's counters, when the filter and the scope are expressible in them;
            # else bounded counts over the rows.
            self._contagem = (valido and contar_pelos_contadores(self.request.user, self.filterset.form.cleaned_data,
                                                                  situacoes)) or contar_por_situacao(
                self.object_list, situacoes)
        return self._contagem

    def get_table_pagination(self, table):
        return {**super().get_table_pagination(table), "paginator_class": PaginadorDoPainel,
                "contagem": self.contagem}

    def get_context_data(self, **kwargs):
        contexto = super().get_context_data(**kwargs)
        contagem = self.contagem
        consulta = self.request.GET.copy()
        for chave in ("grafico", "page", "exportar"):
            consulta.pop(chave, None)
        contexto.update(contagem=contagem, grafico=grafico.montar(contagem, self.filterset.modo_do_grafico()),
                        modos_do_grafico=grafico.MODOS, consulta_sem_grafico=consulta.urlencode())
        return contexto
