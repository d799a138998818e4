"""The Painel de Controle's filters (spec portal-features §8.2, issue #12 item 1).

A plain GET form (no JavaScript). Every choice list is itself scoped: the SPEs and órgãos offered come from
``restringir(…, Acao.PAINEL_VER)``, so a gestor only ever sees the names of its own órgãos and systems; a
filter narrows the scoped rows and can never widen them. Units are typed by their code (the number shown
beside each unit's name in the table and in Consultar Unidades): a list of 100 000 units is no choice.

With no período in the query the Painel shows the last 30 days. Bad input (Unicode digits, impossible
dates, a NUP whose check digits are wrong) is a field error with a pt-BR message, never a 500.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe

from portal import cache_publico, permissions
from portal.identificadores import ler_id
from portal.permissions import Acao
from tramites import state_machine as sm
from tramites.nup import normalizar_nup
from tramites.painel.grafico import MODOS, PERCENTUAL

DIAS_PADRAO = 30
DATA = forms.DateInput(attrs={"placeholder": "dd/mm/aaaa", "inputmode": "numeric", "maxlength": 10},
                       format="%d/%m/%Y")
PRIMEIRA_DATA = datetime(1990, 1, 1).date()
ULTIMA_DATA = datetime(2100, 12, 31).date()
MAIOR_PRAZO = 3650


class SelecaoRapida(forms.Select):
    """A ``<select>`` written in one pass: Django renders one template per ``<option>``, which for the
    Administrador's hundreds of órgãos and SPEs (four lists) cost more than the whole query work of the page."""

    def render(self, name, value, attrs=None, renderer=None):
        atributos = self.build_attrs(self.attrs, attrs)
        atributos["name"] = name
        escolhido = "" if value is None else str(value[0] if isinstance(value, (list, tuple)) and value else value)
        # Labels are escaped once where the choices are built (``opcoes_no_escopo``: SafeString); keys are ids.
        opcoes = "".join(
            f'<option value="{escape(chave)}"{" selected" if str(chave) == escolhido else ""}>'
            f"{conditional_escape(rotulo)}</option>"
            for chave, rotulo in self.choices
        )
        return format_html("<select{}>{}</select>", flatatt(atributos), mark_safe(opcoes))


def _so_ascii(valor, mensagem: str):
    if isinstance(valor, str) and not valor.isascii():
        raise forms.ValidationError(mensagem)


class CampoData(forms.DateField):
    """dd/mm/aaaa with ASCII digits only (``strptime`` would read ``０１/０１/２０２６``), years 1990–2100."""

    def to_python(self, value):
        _so_ascii(value, "Informe a data no formato dd/mm/aaaa, apenas com os algarismos de 0 a 9.")
        data = super().to_python(value)
        if data is not None and not PRIMEIRA_DATA <= data <= ULTIMA_DATA:
            raise forms.ValidationError("Informe uma data entre 01/01/1990 e 31/12/2100.")
        return data


class CampoNumero(forms.CharField):
    """A non-negative integer written with ASCII digits (IDT, unit code, days): ``ler_id``."""

    def __init__(self, *, mensagem: str, minimo: int = 0, maximo: int | None = None, **kwargs):
        self.mensagem, self.minimo, self.maximo = mensagem, minimo, maximo
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 19}))
        super().__init__(**kwargs)  # no max_length: its validator would run on the int; ler_id caps the length

    def to_python(self, value):
        texto = super().to_python(value)
        if texto in self.empty_values:
            return None
        numero = ler_id(texto)
        if numero is None or numero < self.minimo or (self.maximo is not None and numero > self.maximo):
            raise forms.ValidationError(self.mensagem)
        return numero


class CampoNup(forms.CharField):
    """Any punctuation (or none): the canonical NUP of ``tramites.nup``; its pt-BR message when wrong."""

    def __init__(self, **kwargs):
        super().__init__(max_length=40, widget=forms.TextInput(attrs={"maxlength": 40}), **kwargs)

    def to_python(self, value):
        texto = super().to_python(value)
        if texto in self.empty_values:
            return ""
        try:
            return normalizar_nup(texto)
        except ValueError as erro:
            raise forms.ValidationError(str(erro)) from None


class CampoNre(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(max_length=16, widget=forms.TextInput(attrs={"maxlength": 16, "inputmode": "numeric"}),
                         **kwargs)

    def to_python(self, value):
        texto = super().to_python(value)
        if texto in self.empty_values:
            return ""
        if not (texto.isascii() and texto.isdigit()):
            raise forms.ValidationError("O NRE tem até 16 algarismos (0 a 9), sem pontuação.")
        return texto


class FiltroDeNumero(django_filters.Filter):
    field_class = CampoNumero


class FiltroDeNup(django_filters.Filter):
    field_class = CampoNup


class FiltroDeNre(django_filters.Filter):
    field_class = CampoNre


class FiltroDeData(django_filters.Filter):
    field_class = CampoData


class FormularioDoPainel(forms.Form):
    def clean(self):
        dados = super().clean()
        inicio, fim = dados.get("data_inicial"), dados.get("data_final")
        if inicio and fim and fim < inicio:
            self.add_error("data_final", "A data final deve ser igual ou posterior à data inicial.")
        return dados


def _meia_noite(dia):
    return timezone.make_aware(datetime.combine(dia, time.min))


def opcoes_de_situacao() -> list[tuple[int, str]]:
    return [(s.value, s.rotulo_com_numero) for s in sm.Status]


class PainelFilterSet(django_filters.FilterSet):
    data_inicial = FiltroDeData(label="Data inicial", widget=DATA, method="filtrar_data_inicial",
                                help_text="Data de envio, dd/mm/aaaa. Sem datas, os últimos 30 dias.")
    data_final = FiltroDeData(label="Data final", widget=DATA, method="filtrar_data_final")
    spe_origem = django_filters.ChoiceFilter(label="Sistema de Processo Eletrônico: Origem",
                                             field_name="sistema_remetente_id", empty_label="Todos",
                                             widget=SelecaoRapida)
    spe_destino = django_filters.ChoiceFilter(label="Sistema de Processo Eletrônico: Destino",
                                              field_name="sistema_destinatario_id", empty_label="Todos",
                                              widget=SelecaoRapida)
    orgao_origem = django_filters.ChoiceFilter(label="Órgão de origem", field_name="comite_remetente_id",
                                               empty_label="Todos", widget=SelecaoRapida)
    orgao_destino = django_filters.ChoiceFilter(label="Órgão de destino", field_name="comite_destinatario_id",
                                                empty_label="Todos", widget=SelecaoRapida)
    unidade_origem = FiltroDeNumero(
        label="Unidade de origem (código)", field_name="unidade_remetente_id",
        mensagem="Informe o código da unidade: apenas algarismos de 0 a 9.",
        help_text="O número entre parênteses ao lado do nome da unidade.")
    unidade_destino = FiltroDeNumero(
        label="Unidade de destino (código)", field_name="unidade_destinatario_id",
        mensagem="Informe o código da unidade: apenas algarismos de 0 a 9.")
    nup = FiltroDeNup(label="Número de Protocolo (NUP)", field_name="protocolo",
                      help_text="Com ou sem pontuação, ex.: 19975.000101/2026-39.")
    nre = FiltroDeNre(label="NRE", field_name="nre")
    idt = FiltroDeNumero(label="IDT", field_name="idt", mensagem="O IDT é um número: apenas algarismos de 0 a 9.")
    situacao = django_filters.TypedMultipleChoiceFilter(
        label="Situação do trâmite", coerce=int, choices=opcoes_de_situacao, method="filtrar_situacao",
        widget=forms.CheckboxSelectMultiple, help_text="Nenhuma marcada: todas as situações.")
    parados = FiltroDeNumero(
        label="Parados há mais de (dias)", method="filtrar_parados", minimo=1, maximo=MAIOR_PRAZO,
        mensagem=f"Informe um número de dias entre 1 e {MAIOR_PRAZO} (algarismos de 0 a 9).",
        help_text="Trâmites ainda em andamento cuja situação não muda há mais desses dias.")
    grafico = django_filters.ChoiceFilter(
        label="Dados do gráfico", choices=MODOS, method="nao_filtrar", empty_label=None,
        widget=forms.RadioSelect)

    class Meta:
        fields: list[str] = []
        form = FormularioDoPainel

    fora_do_relatorio = ("grafico",)  # the chart's mode changes the page, not the rows (export header)

    def __init__(self, data=None, *args, request=None, **kwargs):
        dados = data.copy() if data is not None else {}  # a QueryDict's copy is mutable
        if "data_inicial" not in dados and "data_final" not in dados:
            dados["data_inicial"] = (timezone.localdate() - timedelta(days=DIAS_PADRAO)).strftime("%d/%m/%Y")
        if not dados.get("grafico"):
            dados["grafico"] = PERCENTUAL
        super().__init__(dados, *args, request=request, **kwargs)
        usuario = getattr(request, "user", None)
        sistemas, orgaos = opcoes_no_escopo(usuario)
        self.filters["spe_origem"].extra["choices"] = sistemas
        self.filters["spe_destino"].extra["choices"] = sistemas
        self.filters["orgao_origem"].extra["choices"] = orgaos
        self.filters["orgao_destino"].extra["choices"] = orgaos

    # ---- filters with a method

    def filtrar_data_inicial(self, queryset, name, valor):
        return queryset.filter(criado_em__gte=_meia_noite(valor))

    def filtrar_data_final(self, queryset, name, valor):
        return queryset.filter(criado_em__lt=_meia_noite(valor + timedelta(days=1)))

    def filtrar_situacao(self, queryset, name, valores):
        # ``status IN (…)``: django-filter's own OR of equalities adds a DISTINCT over the whole set.
        return queryset.filter(status__in=valores) if valores else queryset

    def filtrar_parados(self, queryset, name, dias):
        return queryset.filter(status__in=[s.value for s in sm.ABERTOS],
                               status_desde__lt=timezone.now() - timedelta(days=dias))

    def nao_filtrar(self, queryset, name, valor):
        return queryset  # how the chart is drawn, not which rows

    # ---- what the view needs besides the rows

    def situacoes_possiveis(self) -> frozenset[sm.Status] | None:
        """The statuses the filtered rows can be in (to count only those); None: all ten."""
        dados = self.form.cleaned_data if self.is_valid() else {}
        escolhidas = {sm.como_status(n) for n in dados.get("situacao") or ()} or set(sm.Status)
        if dados.get("parados"):
            escolhidas &= sm.ABERTOS
        return frozenset(escolhidas)

    def modo_do_grafico(self) -> str:
        valor = self.form.cleaned_data.get("grafico") if self.is_valid() else None
        return valor or PERCENTUAL


def opcoes_no_escopo(usuario) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(SPEs, órgãos) the person may filter by: those of its scope only. Kept per person in the cache under
    the version of ``portal.cache_publico`` (any audited change — a new órgão or SPE, a renamed unit, a
    gestor added or removed — makes them stale at once; ``CACHE_PUBLICO_SEGUNDOS`` bounds them anyway);
    computed with two queries when not there."""
    if usuario is None or not getattr(usuario, "pk", None):
        return [], []
    segundos = settings.CACHE_PUBLICO_SEGUNDOS
    if segundos <= 0:
        return _opcoes(usuario)
    chave = f"painel:opcoes:{cache_publico.versao()}:{settings.AMBIENTE}:{usuario.pk}"
    try:
        guardadas = cache.get(chave)
    except Exception:  # a cache outage costs two queries, never the page
        guardadas = None
    if guardadas is not None:
        sistemas, orgaos = guardadas
        return ([(pk, mark_safe(rotulo)) for pk, rotulo in sistemas],  # escaped before being kept
                [(pk, mark_safe(rotulo)) for pk, rotulo in orgaos])
    opcoes = _opcoes(usuario)
    try:
        cache.set(chave, tuple([(pk, str(rotulo)) for pk, rotulo in lista] for lista in opcoes), segundos)
    except Exception:
        pass
    return opcoes


def _opcoes(usuario) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    from comites.models import Comite, Sistema

    sistemas = permissions.restringir(Sistema.objects.all(), usuario, Acao.PAINEL_VER).order_by("nome")
    orgaos = (permissions.restringir(Comite.objects.filter(ambiente=settings.AMBIENTE), usuario, Acao.PAINEL_VER)
              .order_by("unidade__nome", "pk"))
    # Tuples, not model instances (hundreds of them for an Administrador), labels escaped once here.
    return ([(pk, escape(nome)) for pk, nome in sistemas.values_list("pk", "nome")],
            [(pk, escape(f"{nome} ({sigla})" if sigla else nome))
             for pk, nome, sigla in orgaos.values_list("pk", "unidade__nome", "unidade__sigla")])
