"""Gerenciar Perfis filters (spec portal-features §5.5): Nome, CPF, E-mail, Nome do Órgão, Sistema de
Governo, Perfis. The órgão and sistema de governo come from the person's active gestões (``gestoes``)."""

import django_filters
from django import forms
from django.db.models import Q

from portal.filtersets.comum import AtivoFilter
from portal.models import PerfilAtribuido, Pessoa, SistemaDeGoverno
from portal.validators import somente_digitos

GESTOR = "gestor"
ESCOLHAS_DE_PERFIL = [*PerfilAtribuido._meta.get_field("perfil").choices, (GESTOR, "Gestor de Protocolo")]


class _SituacaoDaPessoa(AtivoFilter):
    """Ativo / Inativo over ``Pessoa.is_active``."""

    def filter(self, qs, value):
        if value in ("ativo", "inativo"):
            return qs.filter(is_active=value == "ativo")
        return qs


class PessoaFilterSet(django_filters.FilterSet):
    nome = django_filters.CharFilter(label="Nome", lookup_expr="icontains",
                                     widget=forms.TextInput(attrs={"maxlength": 250}))
    cpf = django_filters.CharFilter(label="CPF", method="filtrar_cpf",
                                    widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 14}),
                                    help_text="O CPF completo, com ou sem pontuação.")
    email = django_filters.CharFilter(label="E-mail", method="filtrar_email",
                                      widget=forms.TextInput(attrs={"maxlength": 254}))
    orgao = django_filters.CharFilter(label="Nome do Órgão", method="filtrar_orgao",
                                      widget=forms.TextInput(attrs={"maxlength": 250}))
    sistema_de_governo = django_filters.ModelMultipleChoiceFilter(
        label="Sistema de Governo", queryset=SistemaDeGoverno.objects.order_by("nome"), method="filtrar_sistema",
        widget=forms.CheckboxSelectMultiple,
    )
    perfis = django_filters.MultipleChoiceFilter(
        label="Perfis", choices=ESCOLHAS_DE_PERFIL, method="filtrar_perfis", widget=forms.CheckboxSelectMultiple,
    )
    situacao = _SituacaoDaPessoa()

    class Meta:
        model = Pessoa
        fields = []

    def filtrar_cpf(self, queryset, name, value):
        digitos = somente_digitos(value)
        return queryset.filter(cpf=digitos) if digitos else queryset

    def filtrar_email(self, queryset, name, value):
        termo = value.strip()
        if not termo:
            return queryset
        return queryset.filter(Q(email__icontains=termo) | Q(email_unidade__icontains=termo))

    def filtrar_orgao(self, queryset, name, value):
        termo = value.strip()
        if not termo:
            return queryset
        gestores = Pessoa.objects.filter(
            Q(gestoes__comite__unidade__nome__icontains=termo) | Q(gestoes__comite__unidade__sigla__iexact=termo),
            gestoes__ativo=True,
        ).values("pk")
        return queryset.filter(pk__in=gestores)

    def filtrar_sistema(self, queryset, name, value):
        if not value:
            return queryset
        gestores = Pessoa.objects.filter(
            gestoes__ativo=True, gestoes__comite__sistema_de_governo__in=value
        ).values("pk")
        return queryset.filter(pk__in=gestores)

    def filtrar_perfis(self, queryset, name, value):
        """People holding ANY of the chosen profiles."""
        if not value:
            return queryset
        condicao = Q()
        atribuidos = [v for v in value if v != GESTOR]
        if atribuidos:
            condicao |= Q(pk__in=PerfilAtribuido.objects.filter(ativo=True, perfil__in=atribuidos).values("pessoa_id"))
        if GESTOR in value:
            condicao |= Q(pk__in=Pessoa.objects.filter(gestoes__ativo=True).values("pk"))
        return queryset.filter(condicao)
