import django_filters
from django import forms
from django.db.models import Q

from comites.models import Ambiente, Comite, SolicitacaoDeAcesso
from estrutura.models import normalizar_busca
from portal.validators import somente_digitos

_DATA = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SolicitacaoFilterSet(django_filters.FilterSet):
    cpf = django_filters.CharFilter(label="CPF do Gestor", method="filtrar_cpf")
    sigla = django_filters.CharFilter(label="Sigla do Órgão/Entidade", method="filtrar_sigla")
    nome = django_filters.CharFilter(label="Nome do Órgão/Entidade", method="filtrar_nome")
    data_inicial = django_filters.DateFilter(label="Solicitada a partir de", field_name="criado_em",
                                             lookup_expr="date__gte", widget=_DATA)
    data_final = django_filters.DateFilter(label="Solicitada até", field_name="criado_em", lookup_expr="date__lte",
                                           widget=_DATA)
    ambiente = django_filters.ChoiceFilter(label="Ambiente", choices=Ambiente.choices, empty_label="Todos")
    apenas_pendentes = django_filters.BooleanFilter(
        label="Apenas solicitações pendentes", method="filtrar_pendentes", widget=forms.CheckboxInput
    )

    class Meta:
        model = SolicitacaoDeAcesso
        fields = []

    def filtrar_cpf(self, queryset, name, value):
        digitos = somente_digitos(value)
        return queryset.filter(cpf=digitos) if digitos else queryset

    def filtrar_sigla(self, queryset, name, value):
        termo = normalizar_busca(value)
        if not termo:
            return queryset
        return queryset.filter(Q(unidade__sigla_busca__contains=termo) | Q(orgao_sigla__icontains=value.strip()))

    def filtrar_nome(self, queryset, name, value):
        termo = normalizar_busca(value)
        if not termo:
            return queryset
        return queryset.filter(Q(unidade__nome_busca__contains=termo) | Q(orgao_nome__icontains=value.strip()))

    def filtrar_pendentes(self, queryset, name, value):
        return queryset.em_aberto() if value else queryset


class ComiteFilterSet(django_filters.FilterSet):
    orgao = django_filters.CharFilter(label="Órgão/Entidade", method="filtrar_orgao",
                                      widget=forms.TextInput(attrs={"maxlength": 250}))
    cpf_gestor = django_filters.CharFilter(label="CPF do Gestor de Protocolo", method="filtrar_cpf_gestor")
    ambiente = django_filters.ChoiceFilter(label="Ambiente", choices=Ambiente.choices, empty_label="Todos")
    ativo = django_filters.BooleanFilter(
        label="Situação",
        widget=forms.Select(choices=[("", "Todas"), ("true", "Ativo"), ("false", "Inativo")]),
    )

    class Meta:
        model = Comite
        fields = []

    def filtrar_orgao(self, queryset, name, value):
        termo = normalizar_busca(value)
        if not termo:
            return queryset
        return queryset.filter(Q(unidade__nome_busca__contains=termo) | Q(unidade__sigla_busca__contains=termo))

    def filtrar_cpf_gestor(self, queryset, name, value):
        digitos = somente_digitos(value)
        if not digitos:
            return queryset
        return queryset.filter(gestores__pessoa__cpf=digitos, gestores__ativo=True).distinct()
