"""Purge of component binaries after the retention of terminal trâmites.

A trâmite's binaries may go when it is terminal (``sm.TERMINAIS``) and has been so for longer than its
Parâmetro: "Qtd. de dias para expurgo dos binários de trâmites concluídos" for the ones that ended by
conclusion or refusal (6, 9: groups ``CONCLUIDO``/``RECUSADO``), "…cancelados" for the cancelled ones (7, 10).
Metadata, names, sizes and hashes stay; each component gets ``expurgado_em``.

Components are content-addressed (``Armazem.nome_do_componente(hash)``): one stored file serves every
component with that hash, across trâmites and NREs. A file is deleted only when **no** component with its
hash belongs to a trâmite still needing it — one not terminal (never purge what a receiver has yet to
download: the "stuck in 4" complaint) or terminal but still inside its retention. The check is repeated
inside the transaction that marks the rows, with the rows locked, right before the files are deleted.

Idempotent: purged components are not candidates again; deleting a missing file is not an error.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from portal.services import auditoria, parametros
from tramites import state_machine as sm
from tramites.armazenamento import Armazem, hash_valido
from tramites.models import ComponenteDigital

log = logging.getLogger(__name__)

LOTE = 500  # hashes per transaction
PARAMETRO_CONCLUIDOS = "dias_expurgo_concluidos"
PARAMETRO_CANCELADOS = "dias_expurgo_cancelados"


@dataclass(frozen=True)
class Resultado:
    componentes: int  # component rows marked as purged
    arquivos: int  # distinct stored files deleted
    poupados: int  # candidate hashes kept because a trâmite still needs them


def retencoes() -> list[tuple[frozenset[sm.Status], int]]:
    """(terminal statuses, days of retention) pairs, from the state machine's groups and the Parâmetros."""
    cancelados = sm.status_de_grupo(sm.Grupo.CANCELADO) & sm.TERMINAIS
    concluidos = sm.TERMINAIS - cancelados  # concluded or refused (the refusal acknowledged)
    return [(concluidos, parametros.inteiro(PARAMETRO_CONCLUIDOS)),
            (cancelados, parametros.inteiro(PARAMETRO_CANCELADOS))]


def filtro_de_expirados(agora: datetime.datetime, prefixo: str = "tramite__") -> Q:
    """Components (or, with ``prefixo=""``, trâmites) whose trâmite is terminal and past its retention."""
    filtro = Q(pk__in=[])
    for status, dias in retencoes():
        filtro |= Q(**{f"{prefixo}status__in": [s.value for s in status],
                       f"{prefixo}status_desde__lt": agora - datetime.timedelta(days=dias)})
    return filtro


def _hashes_necessarios(expirados: Q, hashes) -> set[str]:
    """Of ``hashes``, those a component of a trâmite not past its retention (terminal or not) still holds."""
    return set(ComponenteDigital.objects.filter(hash__in=list(hashes)).exclude(expirados)
               .values_list("hash", flat=True).distinct())


def expurgar(agora: datetime.datetime | None = None, *, armazem: Armazem | None = None,
             lote: int = LOTE) -> Resultado:
    agora = agora or timezone.now()
    armazem = armazem or Armazem()
    expirados = filtro_de_expirados(agora)
    candidatos = (ComponenteDigital.objects.filter(expirados, expurgado_em__isnull=True)
                  .order_by().values_list("hash", flat=True).distinct())
    hashes = sorted(set(candidatos))
    total = Resultado(0, 0, 0)
    for inicio in range(0, len(hashes), lote):
        parcial = _expurgar_lote(hashes[inicio:inicio + lote], expirados, agora, armazem)
        total = Resultado(*(a + b for a, b in zip(
            (total.componentes, total.arquivos, total.poupados),
            (parcial.componentes, parcial.arquivos, parcial.poupados), strict=True)))
    if total.componentes or total.poupados:
        log.info("expurgo: %d componente(s), %d arquivo(s) apagado(s), %d hash(es) poupado(s)",
                 total.componentes, total.arquivos, total.poupados)
    return total


def _expurgar_lote(hashes: list[str], expirados: Q, agora, armazem: Armazem) -> Resultado:
    with transaction.atomic():
        # Lock every component row of these hashes (live ones included), so a concurrent transition or new
        # trâmite holding one of them waits; then decide with what is committed now.
        linhas = list(ComponenteDigital.objects.select_for_update().filter(hash__in=hashes)
                      .order_by("pk").values_list("pk", flat=True))
        necessarios = _hashes_necessarios(expirados, hashes)
        livres = [h for h in hashes if h not in necessarios]
        alvo = ComponenteDigital.objects.filter(pk__in=linhas, hash__in=livres, expurgado_em__isnull=True)
        nomes = {c or (Armazem.nome_do_componente(h) if hash_valido(h) else "")
                 for c, h in alvo.values_list("caminho", "hash")} - {""}
        marcados = alvo.update(expurgado_em=agora)
        for nome in sorted(nomes):
            armazem.apagar(nome)  # inside the transaction: if the commit fails, the next run tries again
        if marcados:
            auditoria.registrar(
                "tramite.binarios_expurgados", None,
                depois={"componentes": marcados, "arquivos": len(nomes), "poupados": len(necessarios)},
                detalhes=f"{len(nomes)} arquivo(s) de {marcados} componente(s) digital(is) de trâmites "
                         "encerrados apagado(s) após o prazo de retenção.",
            )
    return Resultado(marcados, len(nomes), len(necessarios))
