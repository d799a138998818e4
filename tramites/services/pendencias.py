"""The long poll's delivery: the oldest pendência not yet delivered to a system, recorded as delivered.

The same record as ``GET tramites/pendentes`` (``EntregaDePendencia``: one trâmite in one situação, per
system), so an IDT-status pair that a listing or an earlier long poll handed out is never handed out again
(real clients raise "enviado em duplicidade").
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from tramites.models import EntregaDePendencia
from tramites.services.consulta import linhas_pendentes

TENTATIVAS = 3  # a concurrent long poll of the same system may take the same pendência first: try the next


def entregar_proxima(principal) -> dict | None:
    """``{IDT, status}`` of the oldest undelivered pendência of the system, now recorded as delivered."""
    if principal.pk is None:
        return None
    for _ in range(TENTATIVAS):
        pendencia = linhas_pendentes(principal, nao_entregues=True).values("idt", "status", "status_desde").first()
        if pendencia is None:
            return None
        try:
            with transaction.atomic():
                EntregaDePendencia.objects.create(sistema_id=principal.pk, tramite_id=pendencia["idt"],
                                                  status_desde=pendencia["status_desde"])
        except IntegrityError:  # delivered meanwhile by another request of the same system
            continue
        return {"IDT": pendencia["idt"], "status": pendencia["status"]}
    return None
