"""Gestor Tecnológico per órgão with its history: the only writer of ``HistoricoGestorTecnologico``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from comites.models import Comite, HistoricoGestorTecnologico
from comites.services import ErroDeNegocio
from portal.services import auditoria


@dataclass(frozen=True)
class Periodo:
    gestor_tecnologico: object
    data_inicial: datetime
    data_final: datetime | None


def historico(comite: Comite) -> list[Periodo]:
    """The periods, newest first. A comitê never changed has one period: its current one since creation."""
    periodos = [
        Periodo(h.gestor_tecnologico, h.data_inicial, h.data_final)
        for h in comite.historico_gestor_tecnologico.select_related("gestor_tecnologico")
    ]
    if not periodos:
        periodos = [Periodo(comite.gestor_tecnologico, comite.criado_em, None)]
    return periodos


@transaction.atomic
def alterar_gestor_tecnologico(comite: Comite, novo, por) -> Comite:
    """Closes the current period and opens one for ``novo``; the comitê's current gestor tecnológico
    (what every scope rule reads: Gestor Outros, Administrador Externo) changes in the same transaction."""
    comite = Comite.objects.select_for_update().select_related("gestor_tecnologico", "unidade").get(pk=comite.pk)
    if not novo.ativo:
        raise ErroDeNegocio("Escolha um gestor tecnológico ativo.")
    if comite.gestor_tecnologico_id == novo.pk:
        raise ErroDeNegocio(f"{novo} já é o gestor tecnológico deste órgão/entidade.")
    agora = timezone.now()
    atual = HistoricoGestorTecnologico.objects.select_for_update().filter(comite=comite, data_final=None).first()
    if atual is None:  # the first change: record the period the comitê had since its creation
        atual = HistoricoGestorTecnologico(comite=comite, gestor_tecnologico=comite.gestor_tecnologico,
                                           data_inicial=comite.criado_em)
    atual.data_final = agora
    atual.save()
    HistoricoGestorTecnologico.objects.create(comite=comite, gestor_tecnologico=novo, data_inicial=agora,
                                              alterado_por=por if getattr(por, "pk", None) else None)
    antes = str(comite.gestor_tecnologico or "—")
    comite.gestor_tecnologico = novo
    comite.save(update_fields=["gestor_tecnologico"])
    auditoria.registrar("comite.gestor_tecnologico_alterado", comite, antes={"gestor_tecnologico": antes},
                        depois={"gestor_tecnologico": str(novo)}, comite_id=comite.pk)
    return comite
