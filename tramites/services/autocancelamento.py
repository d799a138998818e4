"""Auto-cancel by deadline: every trâmite in an auto-cancellable status (1–4, ``sm.AUTOCANCELAVEIS``) whose
status has not changed for longer than the Parâmetro "Qtd. de dias para cancelamento automático de trâmite"
goes to the status ``sm.proximo(…, Evento.PRAZO_EXPIRADO, Ator.BARRAMENTO)`` (10), with its history row.

Set-based, not one ``aplicar`` per trâmite (100 000 stale trâmites must take seconds, not minutes):

1. one query reads the IDTs of the stale trâmites (index ``tramite_status_desde_idx``);
2. per batch of ``LOTE`` IDTs, one transaction and, on PostgreSQL, **one statement**: a CTE locks the rows
   that are still stale (``FOR UPDATE SKIP LOCKED``: a row a concurrent ``aplicar`` holds is left for the next
   run), updates them with the compare-and-set ``AND status = <status read>`` and inserts the history rows of
   exactly the rows it changed (``RETURNING`` the previous status). Elsewhere (SQLite) one
   ``UPDATE … RETURNING`` per previous status and a bulk insert, in the same transaction (SQLite holds the
   database write lock from the first UPDATE, so the compare-and-set stays exact);
3. after each batch commits: ``tramites_transitaram`` once for the batch (see ``tramites.signals``) and one
   audit record naming the bus.

A trâmite that moved concurrently is never cancelled: its new status (or its fresh ``status_desde``) fails
the ``WHERE``; a concurrent ``aplicar`` that lost the race gets ``ConflitoDeStatus``, exactly as against
another system. The status numbers come from the state machine, never from literals here.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from functools import partial

from django.db import connection, transaction
from django.utils import timezone

from portal.services import auditoria, parametros
from tramites import state_machine as sm
from tramites.models import HistoricoDeStatus, Tramite
from tramites.services import contadores
from tramites.services.atores import Agente
from tramites.signals import tramites_transitaram

log = logging.getLogger(__name__)

LOTE = 5000
PARAMETRO_DIAS = "dias_cancelamento_automatico"
EVENTO = sm.Evento.PRAZO_EXPIRADO
ATOR = sm.Ator.BARRAMENTO


@dataclass(frozen=True)
class Resultado:
    cancelados: int
    lotes: int
    limite: datetime.datetime


def destinos() -> dict[sm.Status, sm.Status]:
    """Each auto-cancellable status and where the deadline takes it (from the state machine)."""
    return {s: sm.proximo(s, EVENTO, ATOR) for s in sorted(sm.AUTOCANCELAVEIS)}


def limite_do_prazo(agora: datetime.datetime | None = None, dias: int | None = None) -> datetime.datetime:
    """Trâmites in their status since before this moment are past the deadline."""
    agora = agora or timezone.now()
    dias = parametros.inteiro(PARAMETRO_DIAS) if dias is None else dias
    return agora - datetime.timedelta(days=dias)


def vencidos(limite: datetime.datetime):
    """The stale trâmites (auto-cancellable status unchanged since before ``limite``)."""
    return Tramite.objects.filter(status__in=[s.value for s in sm.AUTOCANCELAVEIS], status_desde__lt=limite)


def motivo(dias: int) -> str:
    return (f"Sem alteração de situação há mais de {dias} dia(s) corrido(s) (parâmetro “Qtd. de dias para "
            "cancelamento automático de trâmite”).")


def cancelar_vencidos(agora: datetime.datetime | None = None, *, lote: int = LOTE) -> Resultado:
    """Cancels every stale trâmite (see the module docstring); returns how many and in how many batches."""
    agora = agora or timezone.now()
    dias = parametros.inteiro(PARAMETRO_DIAS)
    limite = limite_do_prazo(agora, dias)
    ator = Agente.barramento("Tramita GOV.BR (cancelamento automático por prazo)")
    idts = list(vencidos(limite).order_by().values_list("idt", flat=True))
    total = lotes = 0
    for inicio in range(0, len(idts), lote):
        with transaction.atomic():
            pares = cancelar_lote(idts[inicio:inicio + lote], limite, agora, ator, motivo(dias))
            if pares:
                auditoria.registrar(
                    "tramite.cancelamento_automatico", None,
                    depois={"quantidade": len(pares), "primeiro_idt": min(p[0] for p in pares),
                            "ultimo_idt": max(p[0] for p in pares), "limite": limite},
                    detalhes=f"{len(pares)} trâmite(s) sem alteração desde antes de "
                             f"{timezone.localtime(limite):%d/%m/%Y %H:%M} cancelado(s) automaticamente.",
                )
                transaction.on_commit(partial(avisar_lote, pares, ator))
        total += len(pares)
        lotes += 1
    if total:
        log.info("cancelamento automático: %d trâmite(s) em %d lote(s), limite %s", total, lotes, limite.isoformat())
    return Resultado(total, lotes, limite)


def cancelar_lote(idts: list[int], limite, agora, ator: Agente, texto: str) -> list[tuple[int, sm.Status]]:
    """Inside the caller's transaction: cancels those of ``idts`` still stale; returns ``(idt, de)`` of each."""
    if not idts:
        return []
    if connection.vendor == "postgresql":
        linhas = _lote_postgresql(idts, limite, agora, ator, texto)
    else:
        linhas = _lote_generico(idts, limite, agora, ator, texto)
    return [(idt, sm.como_status(de)) for idt, de in linhas]


def _nomes() -> dict[str, str]:
    t, h = Tramite._meta, HistoricoDeStatus._meta
    q = connection.ops.quote_name
    return {
        "t": q(t.db_table), "h": q(h.db_table), "idt": q(t.get_field("idt").column),
        "status": q(t.get_field("status").column), "desde": q(t.get_field("status_desde").column),
        "atualizado": q(t.get_field("atualizado_em").column),
        "h_tramite": q(h.get_field("tramite").column), "h_de": q(h.get_field("de").column),
        "h_para": q(h.get_field("para").column), "h_momento": q(h.get_field("momento").column),
        "h_evento": q(h.get_field("evento").column), "h_ator": q(h.get_field("ator").column),
        "h_descricao": q(h.get_field("ator_descricao").column), "h_motivo": q(h.get_field("motivo").column),
    }


def _lote_postgresql(idts, limite, agora, ator: Agente, texto: str) -> list[tuple[int, int]]:
    n = _nomes()
    mapa = destinos()
    casos = " ".join("WHEN %s THEN %s" for _ in mapa)
    # ``ARRAY(SELECT …)`` makes the UPDATE look its rows up by primary key (a join with the CTE is planned as
    # a hash join over a sequential scan of the whole table, once per batch). The rows are locked by ``alvo``,
    # so the ``WHERE`` of the UPDATE sees the status ``alvo`` read: the compare-and-set holds.
    sql = f"""
        WITH alvo AS (
            SELECT {n['idt']} AS idt, {n['status']} AS de FROM {n['t']}
            WHERE {n['idt']} = ANY(%s) AND {n['status']} = ANY(%s) AND {n['desde']} < %s
            FOR UPDATE SKIP LOCKED
        ), mudou AS (
            UPDATE {n['t']} SET {n['status']} = CASE {n['status']} {casos} END,
                   {n['desde']} = %s, {n['atualizado']} = %s
            WHERE {n['idt']} = ANY(ARRAY(SELECT idt FROM alvo)) AND {n['status']} = ANY(%s) AND {n['desde']} < %s
            RETURNING {n['idt']} AS idt, {n['status']} AS para, criado_em, comite_remetente_id,
                      comite_destinatario_id, sistema_remetente_id, sistema_destinatario_id
        ), {contadores.sql_do_lote("mudou", "alvo")}
        INSERT INTO {n['h']} ({n['h_tramite']}, {n['h_de']}, {n['h_para']}, {n['h_momento']}, {n['h_evento']},
                              {n['h_ator']}, {n['h_descricao']}, {n['h_motivo']})
        SELECT mudou.idt, alvo.de, mudou.para, %s, %s, %s, %s, %s FROM mudou JOIN alvo ON alvo.idt = mudou.idt
        RETURNING {n['h_tramite']}, {n['h_de']}
    """
    antes = [s.value for s in mapa]
    params = [list(idts), antes, limite]
    for de, para in mapa.items():
        params += [de.value, para.value]
    params += [agora, agora, antes, limite, contadores.fuso(), contadores.fuso(),
               agora, EVENTO.value, ator.tipo.value, ator.descricao[:300], texto]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _lote_generico(idts, limite, agora, ator: Agente, texto: str) -> list[tuple[int, int]]:
    n = _nomes()
    adaptar = connection.ops.adapt_datetimefield_value
    marcas = ", ".join("%s" for _ in idts)
    mudaram: list[tuple[int, int]] = []
    historico: list[HistoricoDeStatus] = []
    with connection.cursor() as cursor:
        for de, para in destinos().items():
            cursor.execute(
                f"UPDATE {n['t']} SET {n['status']} = %s, {n['desde']} = %s, {n['atualizado']} = %s "
                f"WHERE {n['idt']} IN ({marcas}) AND {n['status']} = %s AND {n['desde']} < %s "
                f"RETURNING {n['idt']}",
                [para.value, adaptar(agora), adaptar(agora), *idts, de.value, adaptar(limite)],
            )
            for (idt,) in cursor.fetchall():
                mudaram.append((idt, de.value))
                historico.append(HistoricoDeStatus(
                    tramite_id=idt, de=de.value, para=para.value, momento=agora, evento=EVENTO.value,
                    ator=ator.tipo.value, ator_descricao=ator.descricao[:300], motivo=texto,
                ))
    HistoricoDeStatus.objects.bulk_create(historico, batch_size=1000)
    para = destinos()
    contadores.transitaram((idt, de, para[sm.como_status(de)]) for idt, de in mudaram)
    return mudaram


def avisar_lote(pares: list[tuple[int, sm.Status]], ator: Agente) -> None:
    """Sends ``tramites_transitaram`` for one committed batch; a failing receiver is logged, never raised."""
    para = {d: p for d, p in destinos().items()}
    por_destino: dict[sm.Status, list[tuple[int, sm.Status]]] = {}
    for idt, de in pares:
        por_destino.setdefault(para[de], []).append((idt, de))
    for destino, transicoes in por_destino.items():
        for receptor, resultado in tramites_transitaram.send_robust(
                sender=Tramite, transicoes=transicoes, para=destino, evento=EVENTO, ator=ator):
            if isinstance(resultado, Exception):
                log.error("receptor de tramites_transitaram falhou: %r (%d trâmites)", receptor, len(transicoes),
                          exc_info=resultado)
