"""Trâmites for the fault tests, built fast: one through the services, the rest cloned from it in SQL
(``INSERT … SELECT generate_series``, one NRE and protocolo each), with their creation history rows."""

from __future__ import annotations

import datetime
import itertools

from django.db import connection
from django.utils import timezone

from tramites import state_machine as sm
from tramites.models import HistoricoDeStatus, RegistroEletronico, Tramite

_faixa = itertools.count(0)


def clonar(modelo: Tramite, quantidade: int, status: sm.Status, *, dias_parado: float) -> list[int]:
    """``quantidade`` copies of ``modelo`` in ``status`` since ``dias_parado`` days ago; returns their IDTs."""
    r, t, h = RegistroEletronico._meta.db_table, Tramite._meta.db_table, HistoricoDeStatus._meta.db_table
    inicio = 1 + next(_faixa) * 100_000
    fim = inicio + quantidade - 1
    desde = timezone.now() - datetime.timedelta(days=dias_parado)
    fixos = {"idt", "registro", "nre", "protocolo", "status", "status_desde", "criado_em", "atualizado_em"}
    copiadas = [f.column for f in Tramite._meta.concrete_fields if f.name not in fixos]
    with connection.cursor() as cursor:
        cursor.execute(f"""
            INSERT INTO {r} (nre, protocolo, tipo, ambiente, criado_em)
            SELECT lpad((g + 700000000)::text, 12, '0') || '2026', '77777.' || lpad(g::text, 6, '0') || '/2026-00',
                   m.tipo, m.ambiente, now()
            FROM generate_series(%s, %s) g, (SELECT tipo, ambiente FROM {r} WHERE id = %s) m
        """, [inicio, fim, modelo.registro_id])
        cursor.execute(f"""
            INSERT INTO {t} (registro_id, nre, protocolo, status, status_desde, criado_em, atualizado_em,
                             {", ".join(copiadas)})
            SELECT r.id, r.nre, r.protocolo, %s, %s, %s, %s, {", ".join(f"m.{c}" for c in copiadas)}
            FROM (SELECT id, nre, protocolo FROM {r}
                  WHERE protocolo LIKE '77777.%%' AND substr(protocolo, 7, 6)::int BETWEEN %s AND %s) r,
                 (SELECT * FROM {t} WHERE idt = %s) m
            RETURNING idt
        """, [sm.como_status(status).value, desde, desde, desde, inicio, fim, modelo.pk])
        idts = sorted(linha[0] for linha in cursor.fetchall())
        cursor.execute(f"""
            INSERT INTO {h} (tramite_id, de, para, momento, evento, ator, ator_descricao, motivo)
            SELECT idt, NULL, status, criado_em, %s, %s, 'clone de teste', '' FROM {t} WHERE idt = ANY(%s)
        """, [sm.Evento.ENVIO.value, sm.Ator.REMETENTE.value, idts])
    return idts


def saidas_por_tramite(idts, de: sm.Status) -> dict[int, int]:
    """How many history rows leave ``de``, per trâmite (0 included)."""
    contagem = dict.fromkeys(idts, 0)
    for idt in HistoricoDeStatus.objects.filter(tramite_id__in=idts, de=sm.como_status(de).value).values_list(
            "tramite_id", flat=True):
        contagem[idt] += 1
    return contagem
