"""Benchmark of the estrutura app at SIORG scale (issue #3): prints three figures.

1. Import of a generated SIORG-shaped JSON with N units (default 100 000) into an empty repository:
   wall time and peak memory (max RSS of the importing process, Django included).
2. Re-import of the same file with nothing changed: wall time and the number of SQL statements that
   wrote to the units table (must be 0).
3. The unit search API (``GET …/estruturas-organizacionais?nome=…&apenasAtivas=true``) at that size:
   p50/p95/max over a mix of name fragments, measured around Django's full request handling
   (middleware included), in-process — no network.

Each step runs in a fresh process against a throwaway database:

    .venv/bin/python bench/estrutura_bench.py                      # SQLite (temporary file)
    .venv/bin/python bench/estrutura_bench.py --banco postgres     # creates/drops bench_estrutura
    .venv/bin/python bench/estrutura_bench.py --unidades 20000 --consultas 100

PostgreSQL: ``DATABASE_URL`` (default postgres://postgres@127.0.0.1:5432/bench_estrutura); the database
is created before and dropped after.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _comum import RAIZ, rodar
from _comum import django as _django
from _comum import pg as _pg


def _rodar(ambiente: dict, *argumentos: str) -> dict:
    return rodar(__file__, ambiente, *argumentos)
PG_PADRAO = "postgres://postgres@127.0.0.1:5432/bench_estrutura"
FRAGMENTOS = (
    "planejamento", "saude", "coordenacao-geral de", "secretaria de", "ministerio", "protocolo", "contratos",
    "divisao de inovacao", "tecnologia", "gestao de pessoas", "auditoria", "arquivo", "ouvidoria", "instituto",
    "servico de logistica", "regulacao", "assuntos juridicos", "comunicacao", "coordenacao", "orcamento",
)


# --- child steps (run with DJANGO_SETTINGS_MODULE and DATABASE_URL set) ---------------------------------


def _pico_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def filho_importar(arquivo: str) -> dict:
    _django()
    from django.db import connection

    from estrutura.models import RepositorioDeEstruturas
    from estrutura.services import siorg
    from portal.context import atuando_como

    escritas = {"comandos": 0}

    def contar(execute, sql, params, many, context):
        inicio = sql.lstrip()[:60].upper()
        if inicio.startswith(("INSERT", "UPDATE", "DELETE")) and '"ESTRUTURA_UNIDADE"' in inicio:
            escritas["comandos"] += 1
        return execute(sql, params, many, context)

    RepositorioDeEstruturas.objects.get_or_create(nome="Poder Executivo Federal", defaults={"is_siorg": True})
    inicio = time.perf_counter()
    with connection.execute_wrapper(contar), atuando_como(origem="comando"), open(arquivo, "rb") as fonte:
        execucao = siorg.importar([(Path(arquivo).name, fonte)], origem="comando")
    segundos = time.perf_counter() - inicio
    return {
        "segundos": round(segundos, 2),
        "pico_mb": round(_pico_mb(), 1),
        "situacao": execucao.situacao,
        "mensagem": execucao.mensagem,
        "incluidas": execucao.incluidas,
        # SQL statements that wrote to the units table. PostgreSQL's bulk insert is a COPY, which the
        # wrapper does not see: it is counted as one statement when the run inserted anything.
        "escritas_em_unidades": escritas["comandos"] + int(bool(execucao.incluidas) and connection.vendor != "sqlite"),
    }


def filho_consultar(consultas: int) -> dict:
    _django()
    from _comum import cliente_de_sistema

    from estrutura.models import RepositorioDeEstruturas

    cliente = cliente_de_sistema()  # the API serves the systems (client certificate via the TLS proxy)
    repositorio = RepositorioDeEstruturas.objects.get(is_siorg=True)
    url = f"/interoperabilidade/rest/v3/repositorios-de-estruturas/{repositorio.pk}/estruturas-organizacionais"
    for fragmento in FRAGMENTOS[:3]:  # warm-up: imports, caches, prepared plans
        cliente.get(url, {"nome": fragmento})
    tempos, totais = [], {}
    for i in range(consultas):
        fragmento = FRAGMENTOS[i % len(FRAGMENTOS)]
        inicio = time.perf_counter()
        resposta = cliente.get(url, {"nome": fragmento, "apenasAtivas": "true"})
        tempos.append((time.perf_counter() - inicio) * 1000)
        if resposta.status_code != 200:
            raise SystemExit(f"HTTP {resposta.status_code}: {resposta.content[:300]!r}")
        totais[fragmento] = resposta.json()["totalDeRegistros"]
    tempos.sort()

    def pct(p):
        return round(tempos[min(len(tempos) - 1, int(len(tempos) * p))], 1)

    return {"consultas": consultas, "p50_ms": pct(0.50), "p95_ms": pct(0.95), "max_ms": round(tempos[-1], 1),
            "resultados_por_fragmento": totais}


# --- orchestration -------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--banco", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--unidades", type=int, default=100_000)
    parser.add_argument("--consultas", type=int, default=200)
    parser.add_argument("--filho", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.filho:
        etapa, *resto = args.filho
        resultado = filho_importar(resto[0]) if etapa == "importar" else filho_consultar(int(resto[0]))
        print(json.dumps(resultado, ensure_ascii=False))
        return

    sys.path.insert(0, str(RAIZ / "bench"))
    from estrutura_gerar_siorg import escrever

    with tempfile.TemporaryDirectory(prefix="bench-estrutura-") as pasta:
        arquivo = os.path.join(pasta, f"siorg-{args.unidades}.json")
        escrever(args.unidades, arquivo)
        tamanho = os.path.getsize(arquivo) / 1024 / 1024
        if args.banco == "sqlite":
            url = f"sqlite:///{pasta}/bench.sqlite3"
        else:
            url = os.environ.get("DATABASE_URL") or PG_PADRAO
            _pg(url, "DROP DATABASE IF EXISTS")
            _pg(url, "CREATE DATABASE")
        ambiente = dict(os.environ, DATABASE_URL=url, DJANGO_ENV="development", DEBUG="false",
                        PYTHONPATH=str(RAIZ), PORTAL_VAR_DIR=pasta)
        try:
            subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env=ambiente, cwd=RAIZ,
                           check=True)
            primeira = _rodar(ambiente, "importar", arquivo)
            segunda = _rodar(ambiente, "importar", arquivo)
            busca = _rodar(ambiente, "consultar", str(args.consultas))
        finally:
            if args.banco == "postgres":
                _pg(url, "DROP DATABASE IF EXISTS")

    print(f"estrutura — {args.banco}, {args.unidades} unidades (JSON de {tamanho:.0f} MB), {os.cpu_count()} CPUs")
    print(f"1. importação inicial: {primeira['segundos']} s, pico de memória {primeira['pico_mb']} MB "
          f"({primeira['mensagem']})")
    print(f"2. reimportação sem mudanças: {segunda['segundos']} s, "
          f"{segunda['escritas_em_unidades']} escrita(s) na tabela de unidades ({segunda['mensagem']})")
    print(f"3. busca por fragmento de nome (API): p50 {busca['p50_ms']} ms, p95 {busca['p95_ms']} ms, "
          f"máx {busca['max_ms']} ms em {busca['consultas']} consultas")
    print("   resultados por fragmento: " + ", ".join(f"{k}={v}" for k, v in busca["resultados_por_fragmento"].items()))


if __name__ == "__main__":
    main()
