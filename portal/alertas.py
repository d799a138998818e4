"""The header's "Alertas (N)" (spec §9.5, issue 12): counts a signed-in person should look at.

portal knows none of them: higher apps register sources at ``ganchos.ALERTAS`` in their
``AppConfig.ready`` (comites: access requests waiting, structure drift, certificates expiring; tramites:
trâmites stuck beyond the ``dias_tramite_parado`` parameter). Each source scopes its rows through
``portal.permissions`` and answers only for what the person's profiles can act on.

Cheap: each source runs a few indexed queries and bounds its counts (``contar``: at most
``LIMITE_DA_CONTAGEM`` rows are counted, shown as "999+"); the whole list is cached per person for
``ALERTAS_CACHE_SEGUNDOS`` (default 60) under the version of ``portal.cache_publico``, which every audited
change bumps — so a request resolved, a unit unmapped or a certificate issued shows at once, while the
systems' transitions (not audited) reach the stuck count within the minute. Computed only when a page
shows the header to a person with a profile. A failing source is logged and left out, never a broken page.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core.cache import cache

from portal import cache_publico, ganchos, permissions

log = logging.getLogger(__name__)

LIMITE_DA_CONTAGEM = 999
CACHE_PADRAO_SEGUNDOS = 60


@dataclass(frozen=True)
class Alerta:
    chave: str  # stable id ("solicitacoes", "tramites_parados"…), for tests and the cache
    rotulo: str
    quantidade: int
    url: str = ""
    mais: bool = False  # more than ``quantidade`` (the count was bounded)

    @property
    def quantidade_rotulo(self) -> str:
        return f"{self.quantidade}+" if self.mais else str(self.quantidade)


def contar(queryset, limite: int | None = None) -> tuple[int, bool]:
    """``(count, more)``: counts at most ``limite`` (default ``LIMITE_DA_CONTAGEM``) + 1 rows
    (``SELECT count(*) FROM (… LIMIT n)``)."""
    limite = LIMITE_DA_CONTAGEM if limite is None else limite
    n = queryset[: limite + 1].count()
    return min(n, limite), n > limite


def _segundos() -> int:
    return getattr(settings, "ALERTAS_CACHE_SEGUNDOS", CACHE_PADRAO_SEGUNDOS)


def _calcular(usuario) -> list[Alerta]:
    alertas: list[Alerta] = []
    for fonte in ganchos.obter(ganchos.ALERTAS):
        try:
            alertas.extend(fonte(usuario) or ())
        except Exception:
            log.exception("fonte de alertas falhou: %r", fonte)
    return alertas


def alertas_de(usuario) -> list[Alerta]:
    """The person's alerts (cached briefly per person); [] for anonymous users and people without profile."""
    if not getattr(usuario, "is_authenticated", False) or not permissions.perfil_principal(usuario):
        return []
    segundos = _segundos()
    chave = f"alertas:{cache_publico.versao() if segundos > 0 else 0}:{usuario.pk}"
    if segundos > 0:
        try:
            guardados = cache.get(chave)
        except Exception:
            guardados = None
        if guardados is not None:
            return [Alerta(*campos) for campos in guardados]
    alertas = _calcular(usuario)
    if segundos > 0:
        try:
            cache.set(chave, [(a.chave, a.rotulo, a.quantidade, a.url, a.mais) for a in alertas], segundos)
        except Exception:
            log.warning("cache indisponível ao guardar os alertas", exc_info=True)
    return alertas


class AlertasDoCabecalho:
    """What the header renders, computed on first use (pages that never show the header pay nothing)."""

    def __init__(self, usuario):
        self._usuario = usuario

    @cached_property
    def visivel(self) -> bool:
        usuario = self._usuario
        return bool(getattr(usuario, "is_authenticated", False) and permissions.perfil_principal(usuario))

    @cached_property
    def itens(self) -> list[Alerta]:
        return alertas_de(self._usuario) if self.visivel else []

    @cached_property
    def pendentes(self) -> list[Alerta]:
        """The alerts with something to look at (a zero count is not listed)."""
        return [a for a in self.itens if a.quantidade]

    @cached_property
    def total(self) -> int:
        return sum(a.quantidade for a in self.itens)

    @cached_property
    def total_rotulo(self) -> str:
        return f"{self.total}+" if any(a.mais for a in self.itens) else str(self.total)
