"""Signals other apps may listen to (estrutura never imports them).

``unidades_inativadas`` is sent after the transaction that inactivated units commits, with ``ids``
(list of unit ids) and ``motivo`` ("siorg", "manual" or "repositorio"). comites/tramites use it to flag
units still mapped to a system, a centralizadora or open trâmites.
"""

from django.dispatch import Signal

unidades_inativadas = Signal()
