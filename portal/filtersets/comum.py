"""Filters shared by the list pages of every app."""

import django_filters
from django import forms


class AtivoFilter(django_filters.ChoiceFilter):
    """Ativo / Inativo over a model's ``ativo`` flag ("Situação" everywhere)."""

    def __init__(self, *, label="Situação", empty_label="Todas", **kwargs):
        super().__init__(label=label, choices=[("ativo", "Ativo"), ("inativo", "Inativo")], empty_label=empty_label,
                         **kwargs)

    def filter(self, qs, value):
        if value == "ativo":
            return qs.filter(ativo=True)
        if value == "inativo":
            return qs.filter(ativo=False)
        return qs


def filtro_de_texto(label: str, maximo: int, **kwargs) -> django_filters.CharFilter:
    """Case-insensitive "contains" text filter whose input is capped at ``maximo`` characters."""
    return django_filters.CharFilter(label=label, lookup_expr="icontains", max_length=maximo,
                                     widget=forms.TextInput(attrs={"maxlength": maximo}), **kwargs)
