"""Closing drift entries that no longer hold: the unit is active again, or it lost every mapping by other
means (the Unidades administrativas or centralizadora screens). Set-based and audited per comitê.

Kept apart from ``services`` so ``comites.mapeamento`` can call it without an import cycle.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from comites.deriva.models import PendenciaDeEstrutura
from comites.models import Comite
from portal.services import auditoria

LOTE = 5000
SEM_VINCULO = Q(unidade__sistema__isnull=True, unidade__eh_centralizadora=False,
                unidade__unidade_receptora__isnull=True)


def _lotes(ids: list[int]) -> Iterable[list[int]]:
    for inicio in range(0, len(ids), LOTE):
        yield ids[inicio:inicio + LOTE]


@transaction.atomic
def conciliar(unidade_ids: Iterable[int] | None = None) -> int:
    """Resolves the open entries (of ``unidade_ids``, or all) whose unit is active again or mapped to
    nothing. Returns how many were resolved."""
    if unidade_ids is None:
        return _conciliar(PendenciaDeEstrutura.objects.filter(resolvida_em__isnull=True))
    ids = sorted(set(unidade_ids))
    return sum(_conciliar(PendenciaDeEstrutura.objects.filter(resolvida_em__isnull=True, unidade_id__in=lote))
               for lote in _lotes(ids))


def _conciliar(abertas) -> int:
    agora = timezone.now()
    resolvidas = 0
    por_comite: dict[int, dict[str, list[int]]] = {}
    for resolucao, filtro in ((PendenciaDeEstrutura.Resolucao.REATIVADA, Q(unidade__ativo=True)),
                              (PendenciaDeEstrutura.Resolucao.SEM_VINCULO, Q(unidade__ativo=False) & SEM_VINCULO)):
        linhas = list(abertas.filter(filtro).select_for_update(of=("self",)).values_list("pk", "comite_id",
                                                                                          "unidade_id"))
        if not linhas:
            continue
        resolvidas += PendenciaDeEstrutura.objects.filter(pk__in=[pk for pk, _, _ in linhas],
                                                          resolvida_em__isnull=True).update(
            resolvida_em=agora, resolucao=resolucao)
        for _, comite_id, unidade_id in linhas:
            por_comite.setdefault(comite_id, {}).setdefault(resolucao.value, []).append(unidade_id)
    comites = Comite.objects.select_related("unidade").in_bulk(list(por_comite))
    for comite_id, unidades in sorted(por_comite.items()):
        auditoria.registrar("comites.deriva.resolvida", comites[comite_id], depois={"unidades": unidades},
                            detalhes="Unidades inativadas deixaram de estar mapeadas ou foram reativadas.")
    return resolvidas
