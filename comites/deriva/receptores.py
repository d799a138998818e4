"""Receivers of ``estrutura.signals``: hand the work to Celery (eager in tests and in the dev shell).

The signals are sent after the inactivating transaction commits, from inside the SIORG import or a
Hierarquia request: a receiver must never raise there, so a broker failure falls back to doing the work
in place, and any error is logged.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def _executar(tarefa, *args) -> None:
    try:
        tarefa.delay(*args)
        return
    except Exception:  # noqa: BLE001 - the broker is down: do it here rather than lose it
        log.warning("fila indisponível para %s; executando no processo atual", tarefa.name, exc_info=True)
    try:
        tarefa(*args)
    except Exception:  # noqa: BLE001 - never break the import or the request that sent the signal
        log.exception("falha em %s", tarefa.name)


def ao_inativar(sender, ids, motivo: str = "", execucao: int | None = None, **kwargs) -> None:
    from comites import tasks

    _executar(tasks.registrar_deriva_de_estrutura, sorted(ids), motivo, execucao)


def ao_reativar(sender, ids, **kwargs) -> None:
    from comites import tasks

    _executar(tasks.conciliar_deriva_de_estrutura, sorted(ids))
