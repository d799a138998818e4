from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from portal.auditoria import acoes_com_rotulo_contendo, nome_do_tipo
from portal.models import RegistroDeAuditoria

APPS_DO_PORTAL = ("portal", "hipoteses", "estrutura", "comites", "tramites")
DATA = forms.DateInput(attrs={"placeholder": "dd/mm/aaaa", "inputmode": "numeric"}, format="%d/%m/%Y")


class RegistroDeAuditoriaFilterSet(django_filters.FilterSet):
    # Compared as a range of instants (local midnights), not ``momento::date``: the index on momento serves it.
    desde = django_filters.DateFilter(method="filtrar_desde", label="Data inicial", widget=DATA)
    ate = django_filters.DateFilter(method="filtrar_ate", label="Data final", widget=DATA)
    usuario = django_filters.CharFilter(field_name="usuario_repr", lookup_expr="icontains", label="Usuário")
    acao = django_filters.CharFilter(method="filtrar_acao", label="Ação")
    alvo_tipo = django_filters.ChoiceFilter(label="Tipo de objeto", choices=[], empty_label="Todos")
    alvo_id = django_filters.CharFilter(label="ID do objeto")
    request_id = django_filters.CharFilter(label="ID da requisição")
    ip = django_filters.CharFilter(label="IP")

    class Meta:
        model = RegistroDeAuditoria
        fields = []

    def filtrar_desde(self, queryset, name, valor):
        return queryset.filter(momento__gte=_meia_noite(valor))

    def filtrar_ate(self, queryset, name, valor):
        return queryset.filter(momento__lt=_meia_noite(valor + timedelta(days=1)))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["alvo_tipo"].extra["choices"] = tipos_de_alvo()

    def filtrar_acao(self, queryset, name, value):
        """By the action's pt-BR label (what the page shows) or by its internal name."""
        termo = (value or "").strip()
        if not termo:
            return queryset
        return queryset.filter(Q(acao__icontains=termo) | Q(acao__in=acoes_com_rotulo_contendo(termo)))


def _meia_noite(dia):
    return timezone.make_aware(datetime.combine(dia, time.min))


def tipos_de_alvo() -> list[tuple[str, str]]:
    """Every model of the portal's apps, as ``auditoria.registrar`` writes it (``app.Model``), by its name.

    Read from the app registry, not with ``SELECT DISTINCT alvo_tipo`` over the whole audit table,
    which cost a full scan on every page load at a million records.
    """
    rotulos = {m._meta.label for m in apps.get_models() if m._meta.app_label in APPS_DO_PORTAL}
    return sorted(((t, nome_do_tipo(t)) for t in rotulos), key=lambda c: c[1])
