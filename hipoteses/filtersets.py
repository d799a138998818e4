"""Filters of the catalogue lists (spec portal-features §6.5, §6.6, §10.1)."""

import django_filters

from portal.filtersets.comum import AtivoFilter
from portal.filtersets.comum import filtro_de_texto as _texto
from portal.models import GestorTecnologico, SistemaDeGoverno

from .models import EspecieDocumental, HipoteseLegal, SugestaoDeHipotese


def _numero(label: str, campo: str) -> django_filters.NumberFilter:
    return django_filters.NumberFilter(field_name=campo, label=label, min_value=0)


class HipoteseLegalFilterSet(django_filters.FilterSet):
    identificacao = _numero("ID", "identificacao")
    nome = _texto("Nome", 100)
    base_legal = _texto("Base Legal", 100)
    status = AtivoFilter(label="Situação", empty_label="Todos")

    class Meta:
        model = HipoteseLegal
        fields = ["identificacao", "nome", "base_legal", "status"]


class EspecieDocumentalFilterSet(django_filters.FilterSet):
    codigo = _numero("Código", "codigo")
    nome = _texto("Nome", 100)
    status = AtivoFilter(label="Situação", empty_label="Todos")

    class Meta:
        model = EspecieDocumental
        fields = ["codigo", "nome", "status"]


class SistemaDeGovernoFilterSet(django_filters.FilterSet):
    codigo = _numero("Código", "codigo")
    nome = _texto("Nome", 50)
    descricao = _texto("Descrição", 200)
    status = AtivoFilter(label="Situação", empty_label="Todos")

    class Meta:
        model = SistemaDeGoverno
        fields = ["codigo", "nome", "descricao", "status"]


class GestorTecnologicoFilterSet(django_filters.FilterSet):
    id = _numero("ID", "id")
    nome = _texto("Nome", 50)
    descricao = _texto("Descrição", 100)
    status = AtivoFilter(label="Situação", empty_label="Todos")

    class Meta:
        model = GestorTecnologico
        fields = ["id", "nome", "descricao", "status"]


class SugestaoFilterSet(django_filters.FilterSet):
    nome = _texto("Nome", 100)
    status = django_filters.ChoiceFilter(label="Situação", choices=SugestaoDeHipotese.Status.choices,
                                         empty_label="Todas")

    class Meta:
        model = SugestaoDeHipotese
        fields = ["nome", "status"]
