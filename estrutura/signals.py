"""Signals other apps may listen to (estrutura never imports them).

``unidades_inativadas`` is sent after the transaction that inactivated units commits, with ``ids``
(list of unit ids) and ``motivo`` ("siorg", "manual" or "repositorio"). comites/tramites use it to flag
units still mapped to a system, a centralizadora or open trâmites. A SIORG sync also sends ``execucao``
(the id of its ``ExecucaoDeImportacao``); receivers take ``**kwargs``.

``unidades_reativadas`` is sent likewise, with ``ids`` and ``motivo``, after units become active again
(a SIORG sync that finds them again, or Reativar in Hierarquia).
"""

from django.dispatch import Signal

unidades_inativadas = Signal()
unidades_reativadas = Signal()
