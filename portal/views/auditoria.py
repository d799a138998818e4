from django.urls import reverse
from django.views.generic import DetailView

from portal import auditoria as legivel
from portal import permissions
from portal.filtersets.auditoria import RegistroDeAuditoriaFilterSet
from portal.models import RegistroDeAuditoria
from portal.paginacao import ContagemLimitada
from portal.permissions import Acao
from portal.tables.auditoria import RegistroDeAuditoriaTable
from portal.views.generic import AcaoExigidaMixin, ObjectListView


class AuditoriaListView(AcaoExigidaMixin, ObjectListView):
    """The audit trail, limited to what the user may read (``RegistroDeAuditoria.regra_de_escopo``)."""

    acao = Acao.AUDITORIA_VER
    model = RegistroDeAuditoria
    filterset_class = RegistroDeAuditoriaFilterSet
    table_class = RegistroDeAuditoriaTable
    titulo = "Auditoria"
    formatos_exportacao = ("csv", "pdf")
    paginate_by = 50

    def get_table_pagination(self, table):
        # The audit trail grows without bound: count at most 10 000 records (portal/paginacao.py).
        return {**super().get_table_pagination(table), "paginator_class": ContagemLimitada}


class AuditoriaDetailView(AcaoExigidaMixin, DetailView):
    acao = Acao.AUDITORIA_VER
    template_name = "portal/auditoria/detalhe.html"
    context_object_name = "registro"

    def get_object(self, queryset=None):
        return permissions.obter_ou_404(
            RegistroDeAuditoria.objects.all(), self.request.user, self.acao, pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        contexto = super().get_context_data(**kwargs)
        registro = self.object
        contexto.update(
            titulo=f"Registro de auditoria nº {registro.pk}",
            breadcrumbs=[("Auditoria", reverse("portal:auditoria")), (f"Registro nº {registro.pk}", None)],
            rotulo_acao=legivel.rotulo_da_acao(registro.acao), tipo_alvo=legivel.nome_do_tipo(registro.alvo_tipo),
            alteracoes=legivel.alteracoes(registro),
        )
        return contexto
