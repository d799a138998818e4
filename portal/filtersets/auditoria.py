import django_filters
from django import forms
from django.db.models import Q

from portal.auditoria import acoes_com_rotulo_contendo, nome_do_tipo
from portal.models import RegistroDeAuditoria

DATA = forms.DateInput(attrs={"placeholder": "dd/mm/aaaa", "inputmode": "numeric"}, format="%d/%m/%Y")


class RegistroDeAuditoriaFilterSet(django_filters.FilterSet):
    desde = django_filters.DateFilter(field_name="momento", lookup_expr="date__gte", label="Data inicial", widget=DATA)
    ate = django_filters.DateFilter(field_name="momento", lookup_expr="date__lte", label="Data final", widget=DATA)
    usuario = django_filters.CharFilter(field_name="usuario_repr", lookup_expr="icontains", label="Usuário")
    acao = django_filters.CharFilter(method="filtrar_acao", label="Ação")
    alvo_tipo = django_filters.ChoiceFilter(label="Tipo de objeto", choices=[], empty_label="Todos")
    alvo_id = django_filters.CharFilter(label="ID do objeto")
    request_id = django_filters.CharFilter(label="ID da requisição")
    ip = django_filters.CharFilter(label="IP")

    class Meta:
        model = RegistroDeAuditoria
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tipos = (
            self.queryset.order_by().exclude(alvo_tipo="").values_list("alvo_tipo", flat=True).distinct()
            if self.queryset is not None
            else []
        )
        self.filters["alvo_tipo"].extra["choices"] = sorted(((t, nome_do_tipo(t)) for t in tipos), key=lambda c: c[1])

    def filtrar_acao(self, queryset, name, value):
        """By the action's pt-BR label (what the page shows) or by its internal name."""
        termo = (value or "").strip()
        if not termo:
            return queryset
        return queryset.filter(Q(acao__icontains=termo) | Q(acao__in=acoes_com_rotulo_contendo(termo)))
