from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import DetailView

from portal.filtersets.auditoria import RegistroDeAuditoriaFilterSet
from portal.models import RegistroDeAuditoria
from portal.permissions import Acao
from portal.services import auditoria
from portal.tables.auditoria import RegistroDeAuditoriaTable
from portal.views.generic import AcaoExigidaMixin, ObjectListView


class AuditoriaListView(AcaoExigidaMixin, ObjectListView):
    """The audit trail, limited to what the user may read (see ``auditoria.visiveis_para``)."""

    acao = Acao.AUDITORIA_VER
    model = RegistroDeAuditoria
    filterset_class = RegistroDeAuditoriaFilterSet
    table_class = RegistroDeAuditoriaTable
    titulo = "Auditoria"
    formatos_exportacao = ("csv",)
    paginate_by = 50

    def restringir(self, queryset):
        return auditoria.visiveis_para(self.request.user, queryset)


class AuditoriaDetailView(AcaoExigidaMixin, DetailView):
    acao = Acao.AUDITORIA_VER
    template_name = "portal/auditoria/detalhe.html"
    context_object_name = "registro"

    def get_object(self, queryset=None):
        return get_object_or_404(auditoria.visiveis_para(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        contexto = super().get_context_data(**kwargs)
        registro = self.object
        chaves = sorted(set(registro.antes or {}) | set(registro.depois or {}))
        contexto.update(
            titulo=f"Registro de auditoria nº {registro.pk}",
            breadcrumbs=[("Auditoria", reverse("portal:auditoria")), (f"Registro nº {registro.pk}", None)],
            alteracoes=[((registro.antes or {}).get(c), (registro.depois or {}).get(c), c) for c in chaves],
        )
        return contexto
