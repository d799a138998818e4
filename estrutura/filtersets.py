"""Filters of the estrutura lists (spec portal-features §7.1 and §2.3)."""

import django_filters
from django import forms

from estrutura.models import ExecucaoDeImportacao, RepositorioDeEstruturas, Unidade, normalizar_busca
from portal.filtersets.comum import AtivoFilter
from portal.filtersets.comum import filtro_de_texto as _texto


class BuscaNormalizadaFilter(django_filters.CharFilter):
    """Contains, ignoring case and accents, over the ``*_busca`` columns."""

    def filter(self, qs, value):
        chave = normalizar_busca(value)
        return qs.filter(**{f"{self.field_name}__contains": chave}) if chave else qs


class RepositorioFilterSet(django_filters.FilterSet):
    id = django_filters.NumberFilter(label="Código", min_value=1, max_value=9_999_999_999)
    nome = _texto("Nome", 250)
    descricao = _texto("Descrição", 250)
    situacao = AtivoFilter()

    class Meta:
        model = RepositorioDeEstruturas
        fields = ["id", "nome", "descricao", "situacao"]


class ConsultaDeUnidadesFilterSet(django_filters.FilterSet):
    repositorio = django_filters.ModelChoiceFilter(
        label="Repositório de estruturas", required=True, empty_label=None,
        queryset=RepositorioDeEstruturas.objects.filter(ativo=True).order_by("-is_siorg", "id"),
    )
    nome = BuscaNormalizadaFilter(label="Órgão/Entidade ou unidade", field_name="nome_busca", max_length=250,
                                  widget=forms.TextInput(attrs={"maxlength": 250}))
    sigla = BuscaNormalizadaFilter(label="Sigla", field_name="sigla_busca", max_length=100,
                                   widget=forms.TextInput(attrs={"maxlength": 100}))
    aptas = django_filters.BooleanFilter(label="Somente unidades aptas a receber trâmites",
                                         field_name="permite_recebimento", widget=forms.CheckboxInput,
                                         method="filtrar_aptas")

    class Meta:
        model = Unidade
        fields = ["repositorio", "nome", "sigla", "aptas"]

    def filtrar_aptas(self, qs, name, value):
        return qs.filter(permite_recebimento=True) if value else qs

    @property
    def qs(self):
        return super().qs.order_by("nome_busca", "id")


class ExecucaoFilterSet(django_filters.FilterSet):
    tipo = django_filters.ChoiceFilter(label="Tipo", choices=ExecucaoDeImportacao.Tipo.choices, empty_label="Todos")
    situacao = django_filters.ChoiceFilter(label="Situação", choices=ExecucaoDeImportacao.Situacao.choices,
                                           empty_label="Todas")
    origem = django_filters.ChoiceFilter(label="Origem", choices=ExecucaoDeImportacao.Origem.choices,
                                         empty_label="Todas")

    class Meta:
        model = ExecucaoDeImportacao
        fields = ["tipo", "situacao", "origem"]
