"""The per-status counters (``tramites.models.ContadorDeSituacao``): written by the engine, read by the Painel.

Only the one door writes them, in the transaction that changes a status: ``criar_tramite`` (+1 in the initial
status), ``aplicar`` (-1 in the old status, +1 in the new) and the auto-cancel batch (one ``INSERT … SELECT``
of the batch's deltas, grouped, inside the same statement as the ``UPDATE``). Appending, never updating, keeps
concurrent transitions of trâmites of the same day and route off each other's rows (no hot row); a rollback
takes its deltas with it, so the sums always equal the trâmites' statuses.

``compactar()`` (beat task ``tramites.tarefas.compactar_contadores``) folds the rows of each combination into
one; ``recontar()`` (``manage.py recontar_situacoes``; the migration that creates the table does the same)
rebuilds them from the trâmites.
"""

from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from tramites.models import ContadorDeSituacao, Tramite

Lado = ContadorDeSituacao.Lado
COLUNAS = ("dia", "lado", "comite_id", "sistema_id", "status", "delta")
# Advisory-lock key of the compaction and the rebuild (one at a time; transitions never take it).
TRAVA = 0x7C0_17AD0


def fuso() -> str:
    return settings.TIME_ZONE


def dia_de(momento):
    """The counters' day of a trâmite: the local date (America/Sao_Paulo) of its ``criado_em``."""
    return timezone.localdate(momento)


def lados(comite_remetente, comite_destinatario, sistema_remetente, sistema_destinatario):
    """The (lado, comitê, SPE) rows one trâmite counts in (see ``ContadorDeSituacao``)."""
    saida = [(Lado.TODOS.value, None, None), (Lado.REMETENTE.value, comite_remetente, sistema_remetente),
             (Lado.DESTINATARIO.value, comite_destinatario, sistema_destinatario)]
    if comite_remetente is not None and comite_remetente == comite_destinatario:
        saida.append((Lado.INTERNO.value, comite_remetente, None))
    return saida


def _somar(deltas: Counter, dia, tramite_lados: tuple, status: int, delta: int) -> None:
    for lado in lados(*tramite_lados):
        deltas[(dia, *lado, int(status))] += delta


def _lados_de(tramite) -> tuple:
    return (tramite.comite_remetente_id, tramite.comite_destinatario_id, tramite.sistema_remetente_id,
            tramite.sistema_destinatario_id)


def _gravar(deltas: Counter, *, compactada: bool = False) -> None:
    linhas = [ContadorDeSituacao(dia=dia, lado=lado, comite_id=comite, sistema_id=sistema, status=status, delta=n,
                                 compactada=compactada)
              for (dia, lado, comite, sistema, status), n in deltas.items() if n]
    if linhas:
        ContadorDeSituacao.objects.bulk_create(linhas)


def criado(tramite: Tramite) -> None:
    """Inside the creating transaction: one more trâmite in its (initial) status."""
    deltas: Counter = Counter()
    _somar(deltas, dia_de(tramite.criado_em), _lados_de(tramite), tramite.status, 1)
    _gravar(deltas)


def transitou(tramite: Tramite, de, para) -> None:
    """Inside ``aplicar``'s transaction: the trâmite left ``de`` for ``para``."""
    deltas: Counter = Counter()
    dia, lados_ = dia_de(tramite.criado_em), _lados_de(tramite)
    _somar(deltas, dia, lados_, de, -1)
    _somar(deltas, dia, lados_, para, 1)
    _gravar(deltas)


def redatado(tramite: Tramite, criado_em_antes) -> None:
    """A trâmite's envio date was rewritten (demo data moved into the past; the engine never does this): its
    count moves from the old day to the new, in its current status."""
    deltas: Counter = Counter()
    lados_ = _lados_de(tramite)
    _somar(deltas, dia_de(criado_em_antes), lados_, tramite.status, -1)
    _somar(deltas, dia_de(tramite.criado_em), lados_, tramite.status, 1)
    _gravar(deltas)


def transitaram(pares) -> None:
    """Inside a batch's transaction, where SQL cannot do it in the same statement (not PostgreSQL):
    ``pares`` are ``(idt, de, para)`` of trâmites the batch moved."""
    pares = list(pares)
    if not pares:
        return
    campos = ("idt", "criado_em", "comite_remetente_id", "comite_destinatario_id", "sistema_remetente_id",
              "sistema_destinatario_id")
    linhas = {}
    idts = [idt for idt, _de, _para in pares]
    for inicio in range(0, len(idts), 500):
        for valores in Tramite.objects.filter(idt__in=idts[inicio:inicio + 500]).values_list(*campos):
            linhas[valores[0]] = (dia_de(valores[1]), tuple(valores[2:]))
    deltas: Counter = Counter()
    for idt, de, para in pares:
        dia, lados_ = linhas[idt]
        _somar(deltas, dia, lados_, de, -1)
        _somar(deltas, dia, lados_, para, 1)
    _gravar(deltas)


def _tabela() -> str:
    return connection.ops.quote_name(ContadorDeSituacao._meta.db_table)


def sql_dos_lados(origem: str, compactada: bool = False) -> str:
    """``SELECT`` of the counter rows (without ``delta``'s sum: columns dia, lado, comite, sistema, status,
    delta, compactada) for the rows of ``origem`` (a subquery or CTE with ``dia, cr, cd, sr, sd, status, delta``)."""
    return f"""
        SELECT o.dia, l.lado, l.comite, l.sistema, o.status, sum(o.delta), {'true' if compactada else 'false'}
        FROM (SELECT dia, cr, cd, sr, sd, status, sum(delta) AS delta FROM {origem} AS linhas
              GROUP BY dia, cr, cd, sr, sd, status) o  -- grouped first: a batch has few routes
        CROSS JOIN LATERAL (VALUES
            ('{Lado.TODOS.value}', NULL::bigint, NULL::bigint), ('{Lado.REMETENTE.value}', o.cr, o.sr),
            ('{Lado.DESTINATARIO.value}', o.cd, o.sd), ('{Lado.INTERNO.value}', o.cr, NULL::bigint)
        ) AS l(lado, comite, sistema)
        WHERE l.lado <> '{Lado.INTERNO.value}' OR o.cr = o.cd
        GROUP BY o.dia, l.lado, l.comite, l.sistema, o.status
        HAVING sum(o.delta) <> 0"""


def sql_do_lote(cte_mudou: str, cte_alvo: str) -> str:
    """A data-modifying CTE (``contado AS (INSERT …)``) for PostgreSQL's auto-cancel statement: the deltas of
    the rows ``cte_mudou`` (``idt``, ``para``, and the trâmite's ``criado_em``, comitês and SPEs) moved from
    ``cte_alvo.de``. Two parameters: the time zone of the counters' days, twice."""
    origem = f"""(
            SELECT (m.criado_em AT TIME ZONE %s)::date AS dia, m.comite_remetente_id AS cr,
                   m.comite_destinatario_id AS cd, m.sistema_remetente_id AS sr, m.sistema_destinatario_id AS sd,
                   a.de AS status, -1 AS delta
            FROM {cte_mudou} m JOIN {cte_alvo} a ON a.idt = m.idt
            UNION ALL
            SELECT (m.criado_em AT TIME ZONE %s)::date, m.comite_remetente_id, m.comite_destinatario_id,
                   m.sistema_remetente_id, m.sistema_destinatario_id, m.para, 1
            FROM {cte_mudou} m
        )"""
    return f"contado AS (INSERT INTO {_tabela()} ({', '.join(COLUNAS)}, compactada) {sql_dos_lados(origem)})"


# ------------------------------------------------------------------------------------------------------
# Compaction and rebuild

def compactar() -> int:
    """Folds the rows of each (day, side, comitê, SPE, status) touched since the last run into one (zero sums
    disappear); returns how many rows fewer there are. Only the combinations with appended rows
    (``compactada`` false, a partial index) are rewritten, whatever the size of the table. Concurrent
    transitions keep appending: the ``DELETE`` sees only rows committed before it started and re-inserts
    exactly their sums, so a sum over any set of rows never changes."""
    chave = ", ".join(COLUNAS[:-1])
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [TRAVA])
                if not cursor.fetchone()[0]:
                    return 0  # another compaction (or a rebuild) is running
                # Two DELETEs (a comitê or none): equality on (lado, comite_id, dia) keeps each an index lookup.
                igual = "t.lado = k.lado AND t.dia = k.dia AND t.status = k.status AND " \
                        "t.sistema_id IS NOT DISTINCT FROM k.sistema_id"
                cursor.execute(f"""
                    WITH tocadas AS (SELECT DISTINCT {chave} FROM {_tabela()} WHERE NOT compactada),
                    com_comite AS (
                        DELETE FROM {_tabela()} t USING tocadas k
                        WHERE k.comite_id IS NOT NULL AND t.comite_id = k.comite_id AND {igual}
                        RETURNING t.dia, t.lado, t.comite_id, t.sistema_id, t.status, t.delta
                    ), sem_comite AS (
                        DELETE FROM {_tabela()} t USING tocadas k
                        WHERE k.comite_id IS NULL AND t.comite_id IS NULL AND {igual}
                        RETURNING t.dia, t.lado, t.comite_id, t.sistema_id, t.status, t.delta
                    ), apagadas AS (SELECT * FROM com_comite UNION ALL SELECT * FROM sem_comite),
                    somadas AS (
                        INSERT INTO {_tabela()} ({chave}, delta, compactada)
                        SELECT {chave}, sum(delta), true FROM apagadas GROUP BY {chave}
                        HAVING sum(delta) <> 0 RETURNING 1
                    )
                    SELECT (SELECT count(*) FROM apagadas) - (SELECT count(*) FROM somadas)
                """)
                return int(cursor.fetchone()[0])
        # Elsewhere (SQLite: one writer at a time) the same in Python.
        tocadas = set(ContadorDeSituacao.objects.filter(compactada=False).values_list(*COLUNAS[:-1]))
        linhas = [linha for linha in ContadorDeSituacao.objects.values_list(*COLUNAS, "pk")
                  if tuple(linha[:-2]) in tocadas]
        somas: Counter = Counter()
        for *chave_, delta, _pk in linhas:
            somas[tuple(chave_)] += delta
        ContadorDeSituacao.objects.filter(pk__in=[linha[-1] for linha in linhas]).delete()
        _gravar(somas, compactada=True)
        return len(linhas) - sum(1 for n in somas.values() if n)


def recontar() -> int:
    """Rebuilds the counters from the trâmites (writers of trâmites wait meanwhile: the table is locked
    against changes). Returns how many counter rows there are."""
    t = connection.ops.quote_name(Tramite._meta.db_table)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [TRAVA])
                cursor.execute(f"LOCK TABLE {t} IN SHARE MODE")
                cursor.execute(f"DELETE FROM {_tabela()}")
                cursor.execute(f"INSERT INTO {_tabela()} ({', '.join(COLUNAS)}, compactada) " + sql_dos_lados(f"""(
                    SELECT (criado_em AT TIME ZONE %s)::date AS dia, comite_remetente_id AS cr,
                           comite_destinatario_id AS cd, sistema_remetente_id AS sr, sistema_destinatario_id AS sd,
                           status, 1 AS delta FROM {t})""", compactada=True), [fuso()])
        else:
            ContadorDeSituacao.objects.all().delete()
            deltas: Counter = Counter()
            for valores in Tramite.objects.values_list(
                    "criado_em", "comite_remetente_id", "comite_destinatario_id", "sistema_remetente_id",
                    "sistema_destinatario_id", "status").iterator():
                _somar(deltas, dia_de(valores[0]), tuple(valores[1:5]), valores[5], 1)
            _gravar(deltas, compactada=True)
        return ContadorDeSituacao.objects.count()
