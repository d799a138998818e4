"""Per-status counters of the Painel's filtered set, in at most three queries whose cost is bounded.

An exact ``COUNT(*)`` over two years of a big órgão reads hundreds of thousands of rows on every page load.
When the planner expects at most ``LIMITE_TOTAL`` rows (PostgreSQL's estimate, one ``EXPLAIN``), one pass
counts them by status, stopping after that many (``SELECT status, count(*) FROM (… LIMIT n + 1) GROUP BY
status``): for the default 30 days of almost everyone the counts are exact. For larger sets (or when that
pass reaches its limit) each status is counted on its own, again over a ``LIMIT``ed subquery (at most
``LIMITE`` + 1 index entries per status, every status in one round trip): the page then says "mais de
10.000" for the statuses that reached the limit, the chart's percentages are over the counted rows (the
page says so) and the person narrows the filter for exact figures.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections

from tramites import state_machine as sm

LIMITE = 10_000  # per status, when the set is larger than LIMITE_TOTAL
LIMITE_TOTAL = 20_000


def _formatar(numero: int) -> str:
    return f"{numero:,}".replace(",", ".")


@dataclass(frozen=True)
class ItemDaContagem:
    status: sm.Status
    quantidade: int
    limitada: bool  # there are more than ``quantidade`` (the count stopped at the limit)

    @property
    def texto(self) -> str:
        return f"mais de {_formatar(self.quantidade)}" if self.limitada else _formatar(self.quantidade)


@dataclass(frozen=True)
class Contagem:
    itens: tuple[ItemDaContagem, ...]
    limite: int = LIMITE

    @property
    def total(self) -> int:
        return sum(i.quantidade for i in self.itens)

    @property
    def limitada(self) -> bool:
        return any(i.limitada for i in self.itens)

    @property
    def total_texto(self) -> str:
        return f"mais de {_formatar(self.total)}" if self.limitada else _formatar(self.total)

    def de(self, status) -> ItemDaContagem | None:
        status = sm.como_status(status)
        return next((i for i in self.itens if i.status is status), None)


def _sql(queryset):
    try:
        return queryset.query.sql_with_params()
    except EmptyResultSet:  # e.g. restringir → none(): nothing to count
        return None


def _executar(queryset, sql, parametros) -> dict[int, int]:
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, parametros)
        return {int(s): int(n) for s, n in cursor.fetchall()}


def _estimativa(queryset) -> float | None:
    """The planner's row estimate for ``queryset`` (PostgreSQL), None elsewhere or when it cannot tell."""
    if connections[queryset.db].vendor != "postgresql":
        return None
    try:
        plano = json.loads(queryset.explain(format="json"))
        return float(plano[0]["Plan"]["Plan Rows"])
    except (EmptyResultSet, ValueError, KeyError, IndexError, TypeError):
        return None


def contar_por_situacao(queryset, situacoes=None, limite: int | None = None,
                        limite_total: int | None = None) -> Contagem:
    """How many rows of ``queryset`` are in each status of ``situacoes`` (all ten by default): exact up to
    ``limite_total`` rows in all, else each count stopping at ``limite`` + 1. Statuses outside ``situacoes``
    are not counted (and not listed). The limits default to ``LIMITE`` and ``LIMITE_TOTAL``."""
    limite = LIMITE if limite is None else limite
    limite_total = LIMITE_TOTAL if limite_total is None else limite_total
    escolhidas = [s for s in sm.Status if situacoes is None or s in situacoes]
    base = queryset.order_by()
    if situacoes is not None:
        base = base.filter(status__in=[s.value for s in escolhidas])
    quantidades: dict[int, int] = {}
    consulta = _sql(base.values("status")[: limite_total + 1]) if escolhidas else None
    if consulta is None:
        return Contagem(tuple(ItemDaContagem(s, 0, False) for s in escolhidas), limite)
    estimativa = _estimativa(base.values("status"))
    exatas = False
    if estimativa is None or estimativa <= limite_total:
        sql, params = consulta
        quantidades = _executar(queryset, f"SELECT status, count(*) FROM ({sql}) AS linhas GROUP BY status", params)
        exatas = sum(quantidades.values()) <= limite_total
    if not exatas:
        partes, parametros = [], []
        for status in escolhidas:
            sql, params = _sql(queryset.order_by().filter(status=status.value).values("status")[: limite + 1])
            partes.append(f"SELECT %s, (SELECT count(*) FROM ({sql}) AS linhas)")
            parametros.extend([status.value, *params])
        quantidades = _executar(queryset, " UNION ALL ".join(partes), parametros)
    itens = []
    for status in escolhidas:
        quantidade = quantidades.get(status.value, 0)
        limitada = not exatas and quantidade > limite
        itens.append(ItemDaContagem(status, min(quantidade, limite) if limitada else quantidade, limitada))
    return Contagem(tuple(itens), limite)
