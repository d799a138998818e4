"""The unit name search (API) with another process loading the CPU, beside its floor in the same run.

Imports N generated SIORG units (default 100 000) into a throwaway PostgreSQL database
(``desempenho_busca``), then, in one process, times ``GET …/estruturas-organizacionais?nome=…`` over 20 name
fragments (p50/p95/max, in-process around Django's whole request handling) and the API ``healthcheck``
(the floor), first alone and then while a separate process spins on one CPU. The public cache is off
for the search figures (``CACHE_PUBLICO_SEGUNDOS=0``: every request runs the query); a last line shows
the same searches with the cache on, as anonymous systems get them. Target: search p95 ≤ 50 ms under load.

    .venv/bin/python bench/estrutura_busca_concorrencia_bench.py
    .venv/bin/python bench/estrutura_busca_concorrencia_bench.py --unidades 20000 --consultas 100
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
PG_PADRAO = "postgres://postgres@127.0.0.1:5432/desempenho_busca"
PISO = "/interoperabilidade/rest/v3/healthcheck"


def _girar(segundos: float) -> None:
    fim = time.monotonic() + segundos
    x = 0
    while time.monotonic() < fim:
        x += 1


def _medir(cliente, url, fragmentos, consultas):
    tempos = []
    for i in range(consultas):
        parametros = {"nome": fragmentos[i % len(fragmentos)], "apenasAtivas": "true"} if fragmentos else {}
        inicio = time.perf_counter()
        resposta = cliente.get(url, parametros)
        tempos.append((time.perf_counter() - inicio) * 1000)
        if resposta.status_code != 200:
            raise SystemExit(f"HTTP {resposta.status_code}")
    tempos.sort()
    return {"p50": round(tempos[len(tempos) // 2], 1), "p95": round(tempos[int(len(tempos) * 0.95)], 1),
            "max": round(tempos[-1], 1)}


def filho_consultar(consultas: str) -> dict:
    sys.path.insert(0, str(RAIZ))
    sys.path.insert(0, str(RAIZ / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from _comum import cliente_de_sistema
    from django.core.cache import cache
    from django.test import override_settings
    from estrutura_bench import FRAGMENTOS

    from estrutura.models import RepositorioDeEstruturas

    consultas = int(consultas)
    cliente = cliente_de_sistema()  # the API serves the systems (client certificate via the TLS proxy)
    repositorio = RepositorioDeEstruturas.objects.get(is_siorg=True)
    url = f"/interoperabilidade/rest/v3/repositorios-de-estruturas/{repositorio.pk}/estruturas-organizacionais"
    resultado = {}
    with override_settings(CACHE_PUBLICO_SEGUNDOS=0):
        _medir(cliente, url, FRAGMENTOS, len(FRAGMENTOS))  # warm-up
        resultado["piso sozinho"] = _medir(cliente, PISO, (), consultas)
        resultado["busca sozinha"] = _medir(cliente, url, FRAGMENTOS, consultas)
        carga = multiprocessing.Process(target=_girar, args=(600,), daemon=True)
        carga.start()
        try:
            time.sleep(0.5)
            resultado["piso com carga"] = _medir(cliente, PISO, (), consultas)
            resultado["busca com carga"] = _medir(cliente, url, FRAGMENTOS, consultas)
        finally:
            carga.terminate()
            carga.join()
    cache.clear()
    resultado["busca com o cache público (sozinha)"] = _medir(cliente, url, FRAGMENTOS, consultas)
    return resultado


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--unidades", type=int, default=100_000)
    parser.add_argument("--consultas", type=int, default=200)
    parser.add_argument("--filho", nargs="+", help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args()
    if args.filho:
        print(json.dumps(filho_consultar(args.filho[1]), ensure_ascii=False))
        return

    sys.path.insert(0, str(RAIZ / "bench"))
    import estrutura_bench
    from estrutura_gerar_siorg import escrever

    url = os.environ.get("DATABASE_URL") or PG_PADRAO
    with tempfile.TemporaryDirectory(prefix="bench-busca-") as pasta:
        arquivo = os.path.join(pasta, "siorg.json")
        escrever(args.unidades, arquivo)
        ambiente = dict({k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}, DATABASE_URL=url,
                        DJANGO_ENV="development", DEBUG="false", PYTHONPATH=str(RAIZ), PORTAL_VAR_DIR=pasta,
                        CACHE_URL="locmemcache://")
        estrutura_bench._pg(url, "DROP DATABASE IF EXISTS")
        estrutura_bench._pg(url, "CREATE DATABASE")
        try:
            subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env=ambiente, cwd=RAIZ,
                           check=True)
            estrutura_bench._rodar(ambiente, "importar", arquivo)
            saida = subprocess.run([sys.executable, __file__, "--filho", "consultar", str(args.consultas)],
                                   env=ambiente, cwd=RAIZ, capture_output=True, text=True)
            if saida.returncode != 0:
                sys.stderr.write(saida.stdout + saida.stderr)
                raise SystemExit("etapa consultar falhou")
            medidas = json.loads(saida.stdout.strip().splitlines()[-1])
        finally:
            estrutura_bench._pg(url, "DROP DATABASE IF EXISTS")

    print(f"busca por nome sob concorrência — PostgreSQL, {args.unidades} unidades, {args.consultas} consultas "
          f"por linha, {os.cpu_count()} CPUs, carga: 1 processo girando em uma CPU")
    for rotulo, m in medidas.items():
        extra = ""
        if rotulo.startswith("busca") and "cache" not in rotulo:
            piso = medidas["piso com carga" if "carga" in rotulo else "piso sozinho"]
            extra = f"  ({m['p95'] / max(piso['p95'], 0.01):.0f}× o p95 do piso; meta p95 ≤ 50 ms)"
        print(f"   {rotulo:38s} p50 {m['p50']:6.1f} ms  p95 {m['p95']:6.1f} ms  máx {m['max']:6.1f} ms{extra}")


if __name__ == "__main__":
    main()
