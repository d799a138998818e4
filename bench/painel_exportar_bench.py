"""Export of the Painel's current filter: 100 000 rows as CSV (target ≤ 10 s, constant memory), beside a floor.

Fills a throwaway PostgreSQL database (``exportar_bench``) with ``bench/painel_gerar.py``'s generator
(N trâmites, default 110 000, and their history), then, each step in a fresh process (its own peak RSS):

- the floor: PostgreSQL's ``COPY (SELECT …) TO STDOUT`` of the same rows and columns (IDT, envio,
  recebimento from the history, NRE, protocolo, SPE de origem/destino, situação), read by psycopg —
  what moving those rows out of the database costs with no Python per row;
- ``/painel/?exportar=csv`` for the ``--linhas`` most recent trâmites (the request an Administrador makes,
  in-process around Django's whole request handling, the streamed body consumed), and the same for a
  quarter of them: the growth of peak RSS must not grow with the rows (constant memory);
- XLSX of the same rows, and PDF of ``exportacao_limite_sincrono`` rows (20 000, the most a request
  writes before the export becomes a background job).

    .venv/bin/python bench/painel_exportar_bench.py
    .venv/bin/python bench/painel_exportar_bench.py --tramites 300000 --linhas 100000
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _comum import banco_descartavel, rodar  # noqa: E402
from _comum import django as _django  # noqa: E402

PG_PADRAO = "postgres://postgres@127.0.0.1:5432/exportar_bench"

# The floor: the export's rows and columns straight out of PostgreSQL (same order, same joins).
PISO = """
COPY (
    SELECT t.idt, t.criado_em,
           (SELECT h.momento FROM tramites_historicodestatus h WHERE h.tramite_id = t.idt AND h.para = 5
            ORDER BY h.momento LIMIT 1),
           t.nre, t.protocolo, sr.nome, sd.nome, t.status
    FROM tramites_tramite t
    LEFT JOIN comites_sistema sr ON sr.id = t.sistema_remetente_id
    LEFT JOIN comites_sistema sd ON sd.id = t.sistema_destinatario_id
    WHERE t.criado_em >= %(desde)s
    ORDER BY t.criado_em DESC, t.idt DESC
) TO STDOUT WITH (FORMAT csv, DELIMITER ';')
"""


def _rodar(ambiente: dict, *argumentos: str) -> dict:
    return rodar(__file__, ambiente, *argumentos)


def filho_preparar(tramites: str) -> dict:
    _django()
    from painel_gerar import preencher

    resumo = preencher(int(tramites), orgaos=60, unidades=60)
    return {"segundos": resumo["segundos"], "tramites": resumo["tramites"], "historico": resumo["historico"]}


def _desde(linhas: int):
    """Local midnight of the day the ``linhas``-th most recent trâmite was sent: the Painel filters whole
    days, so the export (and the floor, which uses the same bound) has that many rows or a few more."""
    from datetime import datetime, time

    from django.utils import timezone

    from tramites.models import Tramite

    instante = Tramite.objects.order_by("-criado_em", "-idt").values_list("criado_em", flat=True)[linhas - 1]
    return timezone.make_aware(datetime.combine(timezone.localtime(instante).date(), time.min))


def filho_piso(linhas: str) -> dict:
    _django()
    from django.db import connection

    desde = _desde(int(linhas))
    antes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    inicio = time.perf_counter()
    tamanho = contadas = 0
    with connection.cursor() as cursor:
        with cursor.cursor.copy(PISO, {"desde": desde}) as copia:
            for pedaco in copia:
                tamanho += len(pedaco)
                contadas += bytes(pedaco).count(b"\n")
    segundos = time.perf_counter() - inicio
    return {"segundos": round(segundos, 2), "linhas": contadas, "mb": round(tamanho / 1e6, 1),
            "crescimento_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - antes, 1)}


def _cliente():
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.test import Client

    from portal.models import PerfilAtribuido, Pessoa
    from tests.conftest import entrar

    pessoa, _ = Pessoa.objects.get_or_create(email="admin@bench.gov.br",
                                             defaults={"nome": "Admin Bench", "cpf": "52998224725"})
    PerfilAtribuido.objects.get_or_create(pessoa=pessoa, perfil=PerfilAtribuido.Perfil.ADMINISTRADOR)
    if not pessoa.authenticator_set.exists():
        TOTP.activate(pessoa, generate_totp_secret())
    return entrar(Client(), pessoa)


def filho_exportar(formato: str, linhas: str) -> dict:
    """``/painel/?exportar=formato`` of the ``linhas`` most recent trâmites: wall time, rows, RSS growth."""
    _django()
    from django.core.cache import cache
    from django.urls import reverse
    from django.utils import timezone

    from portal.models import Parametro

    linhas = int(linhas)
    # Measure the answer itself: above this Parâmetro the export would become a Celery job.
    Parametro.objects.filter(chave="exportacao_limite_sincrono").update(valor=str(max(20_000, 10 * linhas)))
    cache.clear()
    desde = timezone.localtime(_desde(linhas))
    cliente = _cliente()
    filtro = {"data_inicial": desde.strftime("%d/%m/%Y"), "data_final": timezone.localdate().strftime("%d/%m/%Y")}
    cliente.get(reverse("tramites:painel"), filtro)  # warm-up: imports, templates, the page once
    antes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    inicio, cpu = time.perf_counter(), time.process_time()
    resposta = cliente.get(reverse("tramites:painel"), {**filtro, "exportar": formato})
    if resposta.status_code != 200:
        raise SystemExit(f"exportar {formato}: HTTP {resposta.status_code}")
    tamanho = quebras = 0
    for pedaco in resposta.streaming_content if resposta.streaming else [resposta.content]:
        tamanho += len(pedaco)
        quebras += pedaco.count(b"\n")
    segundos, cpu = time.perf_counter() - inicio, time.process_time() - cpu
    depois = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"segundos": round(segundos, 2), "cpu": round(cpu, 2),
            "linhas_csv": quebras - 1 if formato == "csv" else None,
            "mb": round(tamanho / 1e6, 1), "rss_antes_mb": round(antes), "crescimento_mb": round(depois - antes, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tramites", type=int, default=110_000)
    parser.add_argument("--linhas", type=int, default=100_000, help="linhas exportadas em CSV e XLSX")
    parser.add_argument("--linhas-pdf", type=int, default=20_000)
    parser.add_argument("--filho", nargs="+", help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args()
    if args.filho:
        etapa, *valores = args.filho
        funcao = {"preparar": filho_preparar, "piso": filho_piso, "exportar": filho_exportar}[etapa]
        print(json.dumps(funcao(*valores), ensure_ascii=False))
        return
    if args.linhas > args.tramites:
        raise SystemExit("--linhas não pode passar de --tramites")

    url = os.environ.get("DATABASE_URL") or PG_PADRAO
    with banco_descartavel(url, "bench-exportar-") as (_pasta, ambiente):
        preparo = _rodar(ambiente, "preparar", str(args.tramites))
        piso = _rodar(ambiente, "piso", str(args.linhas))
        csv_todo = _rodar(ambiente, "exportar", "csv", str(args.linhas))
        csv_quarto = _rodar(ambiente, "exportar", "csv", str(args.linhas // 4))
        xlsx = _rodar(ambiente, "exportar", "xlsx", str(args.linhas))
        pdf = _rodar(ambiente, "exportar", "pdf", str(min(args.linhas_pdf, args.tramites)))

    print(f"painel — exportação, PostgreSQL, {preparo['tramites']} trâmites e {preparo['historico']} linhas de "
          f"histórico (gerados em {preparo['segundos']} s), {os.cpu_count()} CPUs, carga média "
          f"{os.getloadavg()[0]:.1f} ao terminar")
    print(f"piso (COPY … TO STDOUT das mesmas {piso['linhas']} linhas e colunas, {piso['mb']} MB): "
          f"{piso['segundos']} s, pico de memória +{piso['crescimento_mb']} MB")
    for rotulo, medida, linhas in (("CSV", csv_todo, args.linhas), ("CSV", csv_quarto, args.linhas // 4),
                                   ("XLSX", xlsx, args.linhas), ("PDF", pdf, min(args.linhas_pdf, args.tramites))):
        meta = " (meta ≤ 10 s)" if rotulo == "CSV" and linhas == args.linhas else ""
        contadas = f", {medida['linhas_csv']} linhas no arquivo" if medida["linhas_csv"] is not None else ""
        print(f"   /painel/?exportar={rotulo.lower():4s} {linhas:>7} linhas{contadas}, {medida['mb']} MB: "
              f"{medida['segundos']} s{meta} ({medida['segundos'] / max(piso['segundos'], 0.01):.0f}× o piso; "
              f"CPU do processo {medida['cpu']} s), "
              f"pico de memória +{medida['crescimento_mb']} MB sobre {medida['rss_antes_mb']} MB")


if __name__ == "__main__":
    main()
