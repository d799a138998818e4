"""The cells of an export, as ``Table.as_values`` gives them, at a fraction of its cost per cell.

django-tables2 (3.0.1) works out, for every cell, which arguments the column's value function takes
(``inspect.signature``) and how to reach the value (parsing the accessor, walking the model's fields to
find choices); at 100 000 rows × 13 columns that was most of an export's time. Here both are worked out
once per column (and record class): a plain attribute path on model instances is followed with
``getattr``, a field with choices shows its label (``get_FOO_display``, as django-tables2 does), and
anything else — dict rows, callables, lookups that fail — goes through django-tables2's own
``BoundRow._get_and_render_with``. ``tests/portal/test_exportacao_formatos.py`` checks that every list
page exports the same cells both ways.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db import models
from django.utils.encoding import force_str
from django_tables2.columns.base import Column
from django_tables2.columns.manytomanycolumn import ManyToManyColumn
from django_tables2.utils import Accessor, signature

_LENTO = object()  # "ask django-tables2"


class _Chamada:
    """``call_with_appropriate(fn, argumentos)`` with ``fn``'s signature read once: ``chamar(linha,
    coluna_ligada, valor)``."""

    def __init__(self, funcao):
        self.funcao = funcao
        self.argumentos, catch_all = signature(funcao)
        self.todos = catch_all is not None
        self.usa_valor = self.todos or "value" in self.argumentos
        # The usual value_<name>(value) / (record) / (value, record): called without building a dict.
        nomes = None if self.todos else frozenset(self.argumentos)
        self.chamar = {
            frozenset({"value"}): lambda linha, coluna_ligada, valor: funcao(value=valor),
            frozenset({"record"}): lambda linha, coluna_ligada, valor: funcao(record=linha.record),
            frozenset({"value", "record"}): lambda linha, coluna_ligada, valor: funcao(value=valor,
                                                                                      record=linha.record),
        }.get(nomes, self._qualquer)

    def _qualquer(self, linha, coluna_ligada, valor):
        if self.todos:
            return self.funcao(**linha._optional_cell_arguments(coluna_ligada, valor))
        disponiveis = {"value": valor, "record": linha.record, "column": coluna_ligada.column,
                       "bound_column": coluna_ligada, "bound_row": linha, "table": linha.table}
        return self.funcao(**{nome: disponiveis[nome] for nome in self.argumentos}) \
            if all(nome in disponiveis for nome in self.argumentos) else None


class _Coluna:
    def __init__(self, coluna_ligada):
        self.ligada = coluna_ligada
        self.vazios = coluna_ligada.column.empty_values
        self.chamada = self._chamada(coluna_ligada)
        self.acessor = Accessor(coluna_ligada.accessor)
        self.caminho = self.acessor.bits
        simples = (self.caminho and self.acessor.SEPARATOR == "__" and all(p.isidentifier() for p in self.caminho)
                   and not isinstance(coluna_ligada.column, ManyToManyColumn))
        self.rapida = bool(simples)
        self.direta = self.rapida and len(self.caminho) == 1
        # The label of a field with choices matters only to a function that reads the value (or to none).
        self.rotulo_importa = self.chamada is None or self.chamada.usa_valor
        self.com_rotulo: dict[type, bool] = {}  # record class → the last field has choices (show the label)

    @staticmethod
    def _chamada(coluna_ligada) -> _Chamada | None:
        """How the column's export value is computed; ``None`` when it is the resolved value itself."""
        funcao = coluna_ligada.value  # value_<name>, render_<name> or the column's own value()
        if getattr(funcao, "__func__", None) is Column.value:
            render = coluna_ligada.column.render  # Column.value just calls it
            return None if getattr(render, "__func__", None) is Column.render else _Chamada(render)
        return _Chamada(funcao)

    def _usa_rotulo(self, record) -> bool:
        classe = type(record)
        if classe not in self.com_rotulo:
            campo = self.acessor.get_field(record)
            self.com_rotulo[classe] = bool(getattr(campo, "choices", None))
        return self.com_rotulo[classe]

    def _resolver(self, record):
        if not isinstance(record, models.Model):
            return _LENTO
        atual = record
        for parte in self.caminho[:-1]:
            atual = getattr(atual, parte, _LENTO)
            if atual is None:
                return None
            if atual is _LENTO or callable(atual) or not isinstance(atual, models.Model):
                return _LENTO
        ultima = self.caminho[-1]
        valor = getattr(atual, ultima, _LENTO)
        if callable(valor):
            return _LENTO
        if (self.rotulo_importa or valor in self.vazios) and self._usa_rotulo(record):
            rotulo = getattr(atual, f"get_{ultima}_display", None)
            if rotulo is not None:
                return rotulo()
        return valor

    def valor(self, linha):
        record = linha.record
        # A loaded field or an annotation of a model row is in its __dict__: the common case, read directly.
        valor = record.__dict__.get(self.caminho[0], _LENTO) if self.direta and isinstance(record, models.Model) \
            else _LENTO
        if valor is _LENTO or (valor in self.vazios or self.rotulo_importa) and self._usa_rotulo(record):
            valor = self._resolver(record) if self.rapida else _LENTO
        if valor is _LENTO:
            return linha._get_and_render_with(self.ligada, render_func=self._calcular(linha), default=None)
        if valor in self.vazios:
            return None
        return valor if self.chamada is None else self.chamada.chamar(linha, self.ligada, valor)

    def _calcular(self, linha):
        def calcular(coluna_ligada, value=None):
            return value if self.chamada is None else self.chamada.chamar(linha, coluna_ligada, value)
        return calcular


def valores(table, excluir: Iterable[str] = ()) -> Iterator[list]:
    """Header + one list per row of ``table.rows``: the same as ``table.as_values(excluir)``."""
    excluir = set(excluir)
    ligadas = [c for c in table.columns.iterall() if not (c.column.exclude_from_export or c.name in excluir)]
    yield [force_str(c.header, strings_only=True) for c in ligadas]
    colunas = [_Coluna(c) for c in ligadas]
    for linha in table.rows:
        yield [force_str(coluna.valor(linha), strings_only=True) for coluna in colunas]
