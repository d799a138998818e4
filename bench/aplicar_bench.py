"""``tramites.services.aplicar`` under contention: 8 threads racing the same 1 000 trâmites on PostgreSQL.

Creates a throwaway database (``motor_aplicar_bench``), two órgãos with their systems and N trâmites (default
1 000, through ``criar_tramite``), then in one process:

1. the floor: the same 5 × N status changes as plain single-threaded ``UPDATE … WHERE idt = %s AND
   status = %s`` statements (autocommit, one per row, no history), then the rows are put back in status 1;
2. the race: for each step of the success path (1→2 bus, 2→3 receiver, 3→4 bus, 4→5 receiver, 5→6 sender),
   T threads (default 8), each with its own connection and its own copy of every trâmite as read at the
   start of the step, call ``aplicar`` on all N trâmites in the same order, so every row is fought over by
   every thread.

It asserts exactly one winner per trâmite per step (the other T−1 get ``ConflitoDeStatus`` or, when they
read after the winner committed, ``TransicaoInvalida``), every trâmite in status 6, and exactly 6 history
rows per trâmite (creation + 5) with no repeated transition; then prints the transitions per second beside
the floor's updates per second.

    .venv/bin/python bench/aplicar_bench.py
    .venv/bin/python bench/aplicar_bench.py --tramites 2000 --threads 8 --banco postgres://postgres@127.0.0.1:5432/x
"""

from __future__ import annotations

import argparse
import json
import os
import threading
import time
from collections import Counter

from _comum import banco_descartavel, rodar
from _comum import django as _django

PG_PADRAO = "postgres://postgres@127.0.0.1:5432/motor_aplicar_bench"


def _orgao(sigla: str, repositorio):
    from comites.models import Comite, Sistema, VinculoSistemaComite
    from estrutura.models import Unidade
    from portal.models import GestorTecnologico, SistemaDeGoverno

    raiz = Unidade(repositorio=repositorio, nome=f"Órgão {sigla}", sigla=sigla, eh_orgao=True)
    raiz.save()
    gestor_tecnologico = GestorTecnologico.objects.order_by("pk").first() or GestorTecnologico.objects.create(
        nome="Interno (bench)", interno=True)
    sistema_de_governo = SistemaDeGoverno.objects.order_by("pk").first() or SistemaDeGoverno.objects.create(
        codigo=9999, nome="SEI (bench)", sigla="SEIB")
    comite = Comite.objects.create(unidade=raiz, gestor_tecnologico=gestor_tecnologico,
                                   sistema_de_governo=sistema_de_governo)
    sistema = Sistema.objects.create(nome=f"{sigla} - SEI", sistema_de_governo=sistema_de_governo,
                                     orgao_responsavel=comite)
    VinculoSistemaComite.objects.create(sistema=sistema, comite=comite)
    unidade = Unidade(repositorio=repositorio, parent=raiz, nome=f"Protocolo {sigla}", sigla=f"P-{sigla}",
                      sistema=sistema, permite_envio=True, permite_recebimento=True)
    unidade.save()
    return unidade, sistema


def filho(total: int, threads: int) -> dict:
    _django()
    from django.db import connection, connections
    from django.db.models import Count

    from estrutura.models import RepositorioDeEstruturas
    from tramites import services
    from tramites import state_machine as sm
    from tramites.models import HistoricoDeStatus, Tramite
    from tramites.services import Agente

    repositorio = RepositorioDeEstruturas.objects.create(nome="Repositório do bench de trâmites")
    (unidade_a, sistema_a), (unidade_b, sistema_b) = _orgao("BENCHA", repositorio), _orgao("BENCHB", repositorio)
    remetente = Agente.do_sistema(sistema_a, sm.Ator.REMETENTE)
    destinatario = Agente.do_sistema(sistema_b, sm.Ator.DESTINATARIO)
    barramento = Agente.barramento("bench")
    inicio = time.perf_counter()
    for i in range(total):
        services.criar_tramite(ator=remetente, remetente=unidade_a, destinatario=unidade_b,
                               protocolo=f"99999.{i:06d}/2026-00")
    criacao = time.perf_counter() - inicio
    ids = list(Tramite.objects.order_by("idt").values_list("idt", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE tramites_tramite")
        cursor.execute("ANALYZE tramites_historicodestatus")

    passos = [(sm.Evento.COMPONENTES_ARMAZENADOS, barramento), (sm.Evento.METADADOS_OBTIDOS, destinatario),
              (sm.Evento.COMPONENTES_BAIXADOS, barramento), (sm.Evento.RECIBO_ENVIADO, destinatario),
              (sm.Evento.RECIBO_OBTIDO, remetente)]

    # 1. The floor: the same status changes as bare single-threaded UPDATEs (autocommit), then undone.
    caminho = [sm.STATUS_INICIAL]
    for evento, agente in passos:
        caminho.append(sm.proximo(caminho[-1], evento, agente.tipo))
    with connection.cursor() as cursor:
        inicio = time.perf_counter()
        for de, para in zip(caminho, caminho[1:], strict=False):
            for pk in ids:
                cursor.execute("UPDATE tramites_tramite SET status = %s, status_desde = now(), atualizado_em = now() "
                               "WHERE idt = %s AND status = %s", [para.value, pk, de.value])
                assert cursor.rowcount == 1
        piso = time.perf_counter() - inicio
        cursor.execute("UPDATE tramites_tramite SET status = %s", [sm.STATUS_INICIAL.value])

    # 2. The race.
    vitorias: Counter = Counter()
    derrotas: Counter = Counter()
    inesperados: list = []
    trava = threading.Lock()

    def corredor(evento, agente, barreira):
        ganhos, perdas = [], Counter()
        try:
            copias = list(Tramite.objects.filter(idt__in=ids).order_by("idt"))
            barreira.wait()
            for tramite in copias:
                try:
                    services.aplicar(tramite, evento, agente)
                    ganhos.append(tramite.pk)
                except services.ConflitoDeStatus:
                    perdas["conflito"] += 1
                except sm.TransicaoInvalida:
                    perdas["ja_avancou"] += 1
        except Exception as erro:  # noqa: BLE001 (reported below)
            with trava:
                inesperados.append(repr(erro))
        finally:
            connections.close_all()
        with trava:
            vitorias.update((evento.value, pk) for pk in ganhos)
            derrotas.update(perdas)

    def correr(n: int) -> float:
        inicio = time.perf_counter()
        for evento, agente in passos:
            barreira = threading.Barrier(n)
            grupo = [threading.Thread(target=corredor, args=(evento, agente, barreira)) for _ in range(n)]
            for t in grupo:
                t.start()
            for t in grupo:
                t.join()
        return time.perf_counter() - inicio

    # The same path without contention (one thread), then put back: the cost of aplicar itself.
    sozinho = correr(1)
    assert not inesperados, inesperados
    with connection.cursor() as cursor:
        cursor.execute("UPDATE tramites_tramite SET status = %s", [sm.STATUS_INICIAL.value])
        cursor.execute("DELETE FROM tramites_historicodestatus WHERE de IS NOT NULL")
    vitorias.clear()
    derrotas.clear()
    corrida = correr(threads)

    assert not inesperados, inesperados
    por_passo = Counter(evento for evento, _ in vitorias)
    assert all(n == 1 for n in vitorias.values()), "a transition had more than one winner"
    assert all(por_passo[e.value] == total for e, _ in passos), por_passo
    assert set(Tramite.objects.values_list("status", flat=True)) == {caminho[-1].value}
    historico = Counter(HistoricoDeStatus.objects.values_list("tramite_id", flat=True))
    assert len(historico) == total and set(historico.values()) == {1 + len(passos)}, "lost or extra history rows"
    repetidos = (HistoricoDeStatus.objects.values("tramite_id", "de", "para").order_by()
                 .annotate(n=Count("id")).filter(n__gt=1))
    assert not repetidos.exists(), "a transition was recorded twice"
    transicoes = total * len(passos)
    return {
        "tramites": total, "threads": threads, "criacao": round(criacao, 2),
        "corrida": round(corrida, 3), "sozinho": round(sozinho, 3), "piso": round(piso, 3), "transicoes": transicoes,
        "tentativas": transicoes * threads, "conflitos": derrotas["conflito"], "ja_avancou": derrotas["ja_avancou"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tramites", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--banco", default=PG_PADRAO, help="URL de um banco PostgreSQL descartável")
    parser.add_argument("--filho", nargs=2, help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args()
    if args.filho:
        print(json.dumps(filho(int(args.filho[0]), int(args.filho[1]))))
        return

    url = args.banco if args.banco.startswith("postgres") else PG_PADRAO
    with banco_descartavel(url, "bench-aplicar-") as (_pasta, ambiente):
        r = rodar(__file__, ambiente, str(args.tramites), str(args.threads))

    print(f"aplicar sob disputa — PostgreSQL, {r['tramites']} trâmites, {r['threads']} threads, {os.cpu_count()} CPUs")
    print(f"  criação (criar_tramite, 1 thread): {r['tramites'] / r['criacao']:.0f} trâmites/s")
    print(f"  corrida: {r['transicoes']} transições (1→…→6), {r['tentativas']} tentativas, "
          f"{r['conflitos']} perdidas no compare-and-set, {r['ja_avancou']} recusadas por já ter avançado")
    print("  um vencedor por transição, 6 linhas de histórico por trâmite, nenhuma repetida: OK")
    taxa, piso = r["transicoes"] / r["corrida"], r["transicoes"] / r["piso"]
    print(f"  aplicar com {r['threads']} threads:  {taxa:7.0f} transições/s  ({r['corrida']:.2f} s; "
          f"{r['tentativas'] / r['corrida']:.0f} tentativas/s)  → {piso / taxa:.1f}× o piso")
    sem_disputa = r["transicoes"] / r["sozinho"]
    print(f"  aplicar com 1 thread (sem disputa): {sem_disputa:7.0f} transições/s  ({r['sozinho']:.2f} s)  "
          f"→ {piso / sem_disputa:.1f}× o piso")
    print(f"  piso (UPDATE simples, 1 thread):  {piso:7.0f} UPDATEs/s     ({r['piso']:.2f} s)")


if __name__ == "__main__":
    main()
