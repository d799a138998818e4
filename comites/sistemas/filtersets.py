import django_filters
from django import forms
from django.db.models import Q

from comites.models import Comite, Sistema
from estrutura.models import normalizar_busca
from portal import permissions
from portal.permissions import Acao

_DATA = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _orgaos_do_usuario(request):
    if request is None:
        return Comite.objects.none()
    return permissions.restringir(Comite.objects.select_related("unidade"), request.user, Acao.SPE_VER)


class SistemaFilterSet(django_filters.FilterSet):
    id = django_filters.NumberFilter(label="ID", field_name="pk")
    busca = django_filters.CharFilter(label="Nome do Sistema ou Órgão", method="filtrar_busca",
                                      widget=forms.TextInput(attrs={"maxlength": 250}))
    criado_de = django_filters.DateFilter(label="Data de criação a partir de", field_name="criado_em",
                                          lookup_expr="date__gte", widget=_DATA)
    criado_ate = django_filters.DateFilter(label="Data de criação até", field_name="criado_em",
                                           lookup_expr="date__lte", widget=_DATA)
    orgao_responsavel = django_filters.ModelChoiceFilter(label="Órgão responsável", queryset=_orgaos_do_usuario,
                                                         empty_label="Todos")
    ativo = django_filters.BooleanFilter(
        label="Situação",
        widget=forms.Select(choices=[("", "Todas"), ("true", "Ativo"), ("false", "Inativo")]),
    )

    class Meta:
        model = Sistema
        fields = []

    def filtrar_busca(self, queryset, name, value):
        valor = value.strip()
        if not valor:
            return queryset
        termo = normalizar_busca(valor)
        return queryset.filter(
            Q(nome__icontains=valor) | Q(descricao__icontains=valor)
            | Q(orgao_responsavel__unidade__nome_busca__contains=termo)
            | Q(orgao_responsavel__unidade__sigla_busca__contains=termo)
        )
