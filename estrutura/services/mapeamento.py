"""Writes the send/receive mapping of units (spec §7.5) on behalf of ``comites``.

The rules that need the SPEs and comitês (which systems serve which órgão, friendly conflict messages)
live in ``comites.mapeamento.services``; this module only applies a decided change, set-based: one
``UPDATE … WHERE id IN (…)`` per mode, whatever the number of units, and one audit record for the
whole change with every unit's before/after. It refuses (and changes nothing) when a unit is mapped to
another system by the time the UPDATE runs, so two concurrent saves can never share a unit.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from estrutura.models import ModoDeTramitacao, Unidade
from portal.services import auditoria

ACAO_DE_AUDITORIA = "estrutura.unidades.mapeamento"
# Keeps each IN (…) list well below SQLite's and PostgreSQL's bind-parameter limits.
LOTE = 5000


class UnidadeEmOutroSistema(Exception):
    """A unit taken by another system between the check and the write (a concurrent save)."""

    def __init__(self, ids: list[int]):
        super().__init__(f"unidades vinculadas a outro sistema: {ids}")
        self.ids = ids


def _lotes(ids: list[int]) -> Iterable[list[int]]:
    for inicio in range(0, len(ids), LOTE):
        yield ids[inicio:inicio + LOTE]


@transaction.atomic
def aplicar_mapeamento(
    *,
    sistema_id: int,
    orgao: Unidade,
    modos: dict[int, ModoDeTramitacao],
    desvincular: Iterable[int] = (),
    antes: dict[int, str | None] | None = None,
    detalhes: str = "",
) -> int:
    """Maps each unit of ``modos`` to ``sistema_id`` with its mode and unmaps ``desvincular`` from it.

    ``orgao`` is the root the units belong to (the audit record's target). ``antes`` (unit id → previous
    mode value or None) goes to the audit record; the caller read it when it validated the change.
    Returns how many units changed. Raises ``UnidadeEmOutroSistema`` when a unit of ``modos`` is mapped
    to another system: the transaction is then rolled back by the caller's atomic block.
    """
    agora = timezone.now()
    livre_ou_deste = Q(sistema__isnull=True) | Q(sistema_id=sistema_id)
    por_modo: dict[ModoDeTramitacao, list[int]] = {}
    for pk, modo in modos.items():
        por_modo.setdefault(ModoDeTramitacao(modo), []).append(pk)
    alteradas = 0
    for modo, ids in por_modo.items():
        envio, recebimento = modo.flags
        for lote in _lotes(sorted(ids)):
            feitas = Unidade.objects.filter(livre_ou_deste, pk__in=lote).update(
                sistema_id=sistema_id, permite_envio=envio, permite_recebimento=recebimento, alterado_em=agora
            )
            if feitas != len(lote):
                ocupadas = Unidade.objects.filter(pk__in=lote).exclude(livre_ou_deste).values_list("pk", flat=True)
                raise UnidadeEmOutroSistema(sorted(ocupadas))
            alteradas += feitas
    soltas = sorted(set(desvincular))
    for lote in _lotes(soltas):
        alteradas += Unidade.objects.filter(pk__in=lote, sistema_id=sistema_id).update(
            sistema=None, permite_envio=False, permite_recebimento=False, alterado_em=agora
        )
    if alteradas:
        antes = antes or {}
        depois = {pk: str(m) for pk, m in modos.items()} | {pk: None for pk in soltas}
        auditoria.registrar(
            ACAO_DE_AUDITORIA, orgao,
            antes={"sistema": sistema_id, "unidades": {pk: antes.get(pk) for pk in depois}},
            depois={"sistema": sistema_id, "unidades": depois},
            detalhes=detalhes,
        )
    return alteradas


# --- Unidades centralizadoras (spec §7.6) ---------------------------------------------------------------


class UnidadeEmOutraCentralizadora(Exception):
    """A unit given to another centralizadora between the check and the write (a concurrent save)."""

    def __init__(self, ids: list[int]):
        super().__init__(f"unidades atendidas por outra centralizadora: {ids}")
        self.ids = ids


@transaction.atomic
def definir_centralizadoras(*, orgao: Unidade, ids: Iterable[int], detalhes: str = "") -> int:
    """Flags the units as centralizadoras (the caller validated them). Returns how many changed."""
    ids = sorted(set(ids))
    feitas = Unidade.objects.filter(pk__in=ids, eh_centralizadora=False).update(
        eh_centralizadora=True, alterado_em=timezone.now())
    if feitas:
        auditoria.registrar("estrutura.centralizadora.definida", orgao, depois={"centralizadoras": ids},
                            detalhes=detalhes)
    return feitas


@transaction.atomic
def remover_centralizadora(*, orgao: Unidade, centralizadora: Unidade, detalhes: str = "") -> int:
    """Unflags the centralizadora and frees the units it answered for. Returns how many units it served."""
    agora = timezone.now()
    atendidas = sorted(Unidade.objects.filter(unidade_receptora=centralizadora).values_list("pk", flat=True))
    Unidade.objects.filter(pk__in=atendidas).update(unidade_receptora=None, alterado_em=agora)
    Unidade.objects.filter(pk=centralizadora.pk).update(eh_centralizadora=False, alterado_em=agora)
    auditoria.registrar("estrutura.centralizadora.removida", orgao,
                        antes={"centralizadora": centralizadora.pk, "atendidas": atendidas}, detalhes=detalhes)
    return len(atendidas)


@transaction.atomic
def definir_atendidas(*, orgao: Unidade, centralizadora: Unidade, incluir: Iterable[int] = (),
                      retirar: Iterable[int] = (), detalhes: str = "") -> int:
    """Points ``incluir`` at the centralizadora and frees ``retirar`` from it, set-based and audited.
    Raises ``UnidadeEmOutraCentralizadora`` when a unit of ``incluir`` answers to another one."""
    agora = timezone.now()
    incluir, retirar = sorted(set(incluir)), sorted(set(retirar))
    livre_ou_desta = Q(unidade_receptora__isnull=True) | Q(unidade_receptora=centralizadora)
    for lote in _lotes(incluir):
        feitas = Unidade.objects.filter(livre_ou_desta, pk__in=lote).update(
            unidade_receptora=centralizadora, alterado_em=agora)
        if feitas != len(lote):
            ocupadas = Unidade.objects.filter(pk__in=lote).exclude(livre_ou_desta).values_list("pk", flat=True)
            raise UnidadeEmOutraCentralizadora(sorted(ocupadas))
    for lote in _lotes(retirar):
        Unidade.objects.filter(pk__in=lote, unidade_receptora=centralizadora).update(
            unidade_receptora=None, alterado_em=agora)
    if incluir or retirar:
        auditoria.registrar("estrutura.centralizadora.atendidas", orgao,
                            antes={"centralizadora": centralizadora.pk, "retiradas": retirar},
                            depois={"centralizadora": centralizadora.pk, "incluidas": incluir}, detalhes=detalhes)
    return len(incluir) + len(retirar)
