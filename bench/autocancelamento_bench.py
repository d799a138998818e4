"""Auto-cancel of 100 000 stale trâmites on PostgreSQL, beside a raw ``UPDATE … WHERE`` over the same rows.

Creates a throwaway database (``workers_autocancelamento_bench``), two órgãos with their systems, one trâmite
through ``criar_tramite`` and then, cloned from it with ``INSERT … SELECT generate_series`` (one NRE each, as
the one-open-trâmite-per-process index demands):

* N stale trâmites (default 100 000) spread over statuses 1–4, unchanged for 30 days (the deadline is the
  Parâmetro's default, 8 days), each with its creation history row;
* N/5 fresh ones in 1–4 (2 days) and N/5 terminal ones (status 6, 30 days), which must stay as they are.

Then, ``--rodadas`` times (default 2), each from the same starting rows (restored from a copy and
``VACUUM ANALYZE``-d between measurements, outside the timings):

1. the floor: ``UPDATE tramites_tramite SET status = <10>, status_desde = now(), atualizado_em = now()
   WHERE status IN (1, 2, 3, 4) AND status_desde < <limit>`` — one statement, one transaction, no history;
2. ``tramites.services.autocancelamento.cancelar_vencidos()`` — the IDs read, batches of 5 000 with the
   compare-and-set and the history rows, one audit record per batch.

It asserts that both change exactly the N stale rows and that the service wrote exactly N history rows
(``prazo_expirado``), then prints the best time of each and the ratio. Targets (issue 11): ≤ 10 s and ≤ 2×
the floor.

    .venv/bin/python bench/autocancelamento_bench.py
    .venv/bin/python bench/autocancelamento_bench.py --tramites 20000 --rodadas 3
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

from _comum import RAIZ, rodar
from _comum import django as _django
from _comum import pg as _pg
from aplicar_bench import _orgao

PG_PADRAO = "postgres://postgres@127.0.0.1:5432/workers_autocancelamento_bench"


def _clonar(cursor, modelo_idt: int, registro_id: int, inicio: int, quantidade: int, status_sql: str,
            dias: int) -> None:
    """``quantidade`` copies of trâmite ``modelo_idt``, each with its own NRE, in the status ``status_sql``
    (an SQL expression of ``g``) since ``dias`` days ago, with the creation history row."""
    from tramites.models import HistoricoDeStatus, RegistroEletronico, Tramite

    r, t, h = RegistroEletronico._meta.db_table, Tramite._meta.db_table, HistoricoDeStatus._meta.db_table
    cursor.execute(f"""
        INSERT INTO {r} (nre, protocolo, tipo, ambiente, criado_em)
        SELECT lpad((g + 500000000)::text, 12, '0') || '2026', '88888.' || lpad(g::text, 6, '0') || '/2026-00',
               m.tipo, m.ambiente, now()
        FROM generate_series(%s, %s) g, (SELECT tipo, ambiente FROM {r} WHERE id = %s) m
    """, [inicio, inicio + quantidade - 1, registro_id])
    fixos = {"idt", "registro", "nre", "protocolo", "status", "status_desde", "criado_em", "atualizado_em"}
    copiadas = [f.column for f in Tramite._meta.concrete_fields if f.name not in fixos]
    colunas = ", ".join(copiadas)
    de_modelo = ", ".join(f"m.{c}" for c in copiadas)
    cursor.execute(f"""
        INSERT INTO {t} (registro_id, nre, protocolo, status, status_desde, criado_em, atualizado_em, {colunas})
        SELECT r.id, r.nre, r.protocolo, {status_sql}, now() - make_interval(days => %s),
               now() - make_interval(days => %s), now() - make_interval(days => %s), {de_modelo}
        FROM (SELECT id, nre, protocolo, substr(protocolo, 7, 6)::int AS g FROM {r}
              WHERE protocolo LIKE '88888.%%' AND substr(protocolo, 7, 6)::int BETWEEN %s AND %s) r,
             (SELECT * FROM {t} WHERE idt = %s) m
    """, [dias, dias, dias, inicio, inicio + quantidade - 1, modelo_idt])
    cursor.execute(f"""
        INSERT INTO {h} (tramite_id, de, para, momento, evento, ator, ator_descricao, motivo)
        SELECT idt, NULL, status, criado_em, 'envio', 'remetente', 'bench', '' FROM {t}
        WHERE protocolo LIKE '88888.%%' AND substr(protocolo, 7, 6)::int BETWEEN %s AND %s
    """, [inicio, inicio + quantidade - 1])


def filho(total: int, rodadas: int) -> dict:
    _django()
    from django.db import connection, transaction

    from estrutura.models import RepositorioDeEstruturas
    from portal.context import atuando_como
    from tramites import services
    from tramites import state_machine as sm
    from tramites.models import HistoricoDeStatus, Tramite
    from tramites.services import Agente, autocancelamento

    repositorio = RepositorioDeEstruturas.objects.create(nome="Repositório do bench de cancelamento")
    (unidade_a, sistema_a), (unidade_b, _sistema_b) = _orgao("BENCHA", repositorio), _orgao("BENCHB", repositorio)
    modelo = services.criar_tramite(ator=Agente.do_sistema(sistema_a, sm.Ator.REMETENTE), remetente=unidade_a,
                                    destinatario=unidade_b, protocolo="99999.000001/2026-00")
    Tramite.objects.filter(pk=modelo.pk).update(status=sm.proximo(
        modelo.status, sm.Evento.CANCELAMENTO, sm.Ator.REMETENTE).value)  # out of the way: terminal
    abertos = sorted(s.value for s in sm.AUTOCANCELAVEIS)
    ciclo = f"(ARRAY{abertos})[1 + mod(r.g, {len(abertos)})]"
    concluido = sm.Status.RECIBO_RECEBIDO_REMETENTE.value
    destino = sm.proximo(sm.Status.INICIADO, sm.Evento.PRAZO_EXPIRADO, sm.Ator.BARRAMENTO).value
    t = Tramite._meta.db_table
    inicio = time.perf_counter()
    with connection.cursor() as cursor:
        _clonar(cursor, modelo.pk, modelo.registro_id, 1, total, ciclo, 30)
        _clonar(cursor, modelo.pk, modelo.registro_id, total + 1, total // 5, ciclo, 2)
        _clonar(cursor, modelo.pk, modelo.registro_id, total + total // 5 + 1, total // 5, str(concluido), 30)
        cursor.execute(f"CREATE TABLE bench_copia AS SELECT idt, status, status_desde, atualizado_em FROM {t}")
        cursor.execute(f"VACUUM ANALYZE {t}")
        cursor.execute(f"VACUUM ANALYZE {HistoricoDeStatus._meta.db_table}")
    criacao = time.perf_counter() - inicio
    limite = autocancelamento.limite_do_prazo()

    def restaurar():
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {t} SET status = c.status, status_desde = c.status_desde, "
                           f"atualizado_em = c.atualizado_em FROM bench_copia c "
                           f"WHERE {t}.idt = c.idt AND {t}.status <> c.status")
            HistoricoDeStatus.objects.filter(evento=sm.Evento.PRAZO_EXPIRADO.value).delete()
            cursor.execute(f"VACUUM ANALYZE {t}")
            cursor.execute(f"VACUUM ANALYZE {HistoricoDeStatus._meta.db_table}")

    def piso() -> float:
        inicio = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"UPDATE {t} SET status = %s, status_desde = now(), atualizado_em = now() "
                           f"WHERE status = ANY(%s) AND status_desde < %s", [destino, abertos, limite])
            mudou = cursor.rowcount
        decorrido = time.perf_counter() - inicio
        assert mudou == total, mudou
        return decorrido

    def servico() -> float:
        with atuando_como(origem="tarefa", ator="Tramita GOV.BR"):
            inicio = time.perf_counter()
            resultado = autocancelamento.cancelar_vencidos()
            decorrido = time.perf_counter() - inicio
        assert resultado.cancelados == total, resultado
        assert HistoricoDeStatus.objects.filter(evento=sm.Evento.PRAZO_EXPIRADO.value).count() == total
        assert Tramite.objects.filter(status=destino).count() == total
        return decorrido

    pisos, servicos = [], []
    for _ in range(rodadas):
        pisos.append(piso())
        restaurar()
        servicos.append(servico())
        restaurar()
    assert Tramite.objects.filter(status__in=abertos).count() == total + total // 5
    return {"tramites": total, "criacao": round(criacao, 2), "pisos": [round(p, 3) for p in pisos],
            "servicos": [round(s, 3) for s in servicos], "lote": autocancelamento.LOTE}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tramites", type=int, default=100_000)
    parser.add_argument("--rodadas", type=int, default=2)
    parser.add_argument("--banco", default=PG_PADRAO, help="URL de um banco PostgreSQL descartável")
    parser.add_argument("--filho", nargs=2, help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args()
    if args.filho:
        print(json.dumps(filho(int(args.filho[0]), int(args.filho[1]))))
        return

    url = args.banco if args.banco.startswith("postgres") else PG_PADRAO
    with tempfile.TemporaryDirectory(prefix="bench-autocancelamento-") as pasta:
        ambiente = dict({k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}, DATABASE_URL=url,
                        DJANGO_ENV="development", DEBUG="false", PYTHONPATH=str(RAIZ), PORTAL_VAR_DIR=pasta,
                        CACHE_URL="locmemcache://")
        _pg(url, "DROP DATABASE IF EXISTS")
        _pg(url, "CREATE DATABASE")
        try:
            subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env=ambiente, cwd=RAIZ,
                           check=True)
            r = rodar(__file__, ambiente, str(args.tramites), str(args.rodadas))
        finally:
            _pg(url, "DROP DATABASE IF EXISTS")

    piso, servico = min(r["pisos"]), min(r["servicos"])
    print(f"cancelamento automático — PostgreSQL, {r['tramites']} trâmites parados em 1–4 "
          f"(+{r['tramites'] // 5} recentes, +{r['tramites'] // 5} concluídos), {os.cpu_count()} CPUs")
    print(f"  carga (INSERT … SELECT generate_series): {r['criacao']:.1f} s")
    print(f"  cancelar_vencidos (lotes de {r['lote']}, histórico incluído): {servico:6.2f} s  "
          f"(rodadas: {', '.join(f'{s:.2f}' for s in r['servicos'])})")
    print(f"  piso: UPDATE … WHERE cru, sem histórico:            {piso:6.2f} s  "
          f"(rodadas: {', '.join(f'{p:.2f}' for p in r['pisos'])})")
    print(f"  → {servico / piso:.2f}× o piso (meta ≤ 2×); {servico:.2f} s (meta ≤ 10 s)")


if __name__ == "__main__":
    main()
