"""The public NUP lookup (``/consulta/nup/``) under load, beside the trivial ``healthcheck`` floor of the same run.

Data: the Painel's generator (``bench/painel_gerar.py``: 1 000 000 trâmites, ≈ 5 000 000 history rows, 200
órgãos, 100 000 units) in the PostgreSQL database ``--banco``, generated when it holds no trâmite yet and
reused otherwise (``--gerar`` forces a new one). Starts ``gunicorn -w 3`` with the production settings
on 127.0.0.1:``--porta`` behind a pretend TLS proxy (``X-Forwarded-Proto: https``; ``TRUSTED_PROXIES``
is the loopback, as nginx would be) and loads it from a second process with ``wrk`` (2 threads, 16
connections, ``--segundos`` each, ``--latency``; ``apt-get install wrk``):

1. floor: ``GET /interoperabilidade/rest/v3/healthcheck`` (before and after the lookups, averaged);
2. one NUP asked again and again (the page comes from the public cache after the first request);
3. a different NUP on almost every request, drawn from 20 000 NUPs of the data (cache misses: one indexed
   query per request);
4. the same with a NUP typed wrong (the DV message; no query);

then, in a fresh process with the same settings, the median time of one request of each case through
Django's whole handler (middleware, cache, rate limit, view, template), beside the floor's: the ratio
there does not depend on what else loads the machine's two cores while wrk runs.

Every lookup comes from a different client address (random ``X-Forwarded-For``, believed from the
trusted proxy), so the per-IP rate limit is counted on every request (cache hits included) without
blocking the run, as with many visitors behind nginx. Prints requests/s, p50 and p99 per case, and the
ratio to the floor. Target (issue 12): ≥ 500 requests/s with p99 ≤ 100 ms.

    .venv/bin/python bench/consulta_nup_bench.py
    .venv/bin/python bench/consulta_nup_bench.py --segundos 10 \
        --banco postgres://postgres@127.0.0.1:5432/publico_nup_dados
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _comum import PROXY, RAIZ, gunicorn, rodar  # noqa: E402
from _comum import django as _django  # noqa: E402

PG_PADRAO = "postgres://postgres@127.0.0.1:5432/publico_nup_dados"
PISO = "/interoperabilidade/rest/v3/healthcheck"
URL = "/consulta/nup/"
AMOSTRA = 20_000

# wrk script: a random client address per request and, when a list is given, a random NUP from it.
LUA = r"""
local nups = {}
local arquivo = os.getenv("BENCH_NUPS")
if arquivo ~= nil and arquivo ~= "" then
  for linha in io.lines(arquivo) do nups[#nups + 1] = linha end
end
local fixa = os.getenv("BENCH_CONSULTA") or "PISO"
math.randomseed(os.time() + math.floor(os.clock() * 1000000))
request = function()
  local ip = "10." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254)
  local caminho = fixa
  if #nups > 0 then caminho = "URL?nup=" .. nups[math.random(1, #nups)] end
  return wrk.format("GET", caminho, {["X-Forwarded-For"] = ip, ["X-Forwarded-Proto"] = "https"})
end
""".replace("PISO", PISO).replace("URL", URL)


def _psql(url: str, sql: str) -> str:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conexao:
        linhas = conexao.execute(sql).fetchall()
    return "\n".join("\t".join(str(c) for c in linha) for linha in linhas)


def _tem_dados(url: str) -> int:
    try:
        return int(_psql(url, "SELECT count(*) FROM tramites_tramite"))
    except Exception:  # no database or not migrated
        return 0


def _gerar(url: str, tramites: int) -> None:
    gerador = RAIZ / "bench" / "painel_gerar.py"
    if not gerador.exists():
        raise SystemExit("bench/painel_gerar.py (helper painel) não está nesta cópia: traga-o com "
                         "`git fetch /work/h-painel painel` ou gere os dados antes com ele.")
    subprocess.run([sys.executable, str(gerador), "--banco", url, "--tramites", str(tramites)], cwd=RAIZ, check=True)




def _ms(texto: str) -> float:
    numero, unidade = re.fullmatch(r"([\d.]+)(us|ms|s|m)", texto).groups()
    return float(numero) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unidade]


def _wrk(porta: int, segundos: int, script: str, consulta: str, nups: str = "") -> dict:
    ambiente = dict(os.environ, BENCH_CONSULTA=consulta, BENCH_NUPS=nups)
    saida = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{segundos}s", "--latency", "-s", script, f"http://127.0.0.1:{porta}/"],
        capture_output=True, text=True, check=True, env=ambiente,
    ).stdout
    if "Non-2xx" in saida:
        raise SystemExit(f"{consulta or 'NUPs sorteados'}: respostas que não são 2xx\n{saida}")
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", saida).group(1)),
            "p50": _ms(re.search(r"\s50%\s+(\S+)", saida).group(1)),
            "p99": _ms(re.search(r"\s99%\s+(\S+)", saida).group(1))}


def filho_perfil(lista: str) -> dict:
    """Median server time of one request per case, in-process (Django's test client, production settings)."""
    import statistics

    _django()
    from django.test import Client

    nups = Path(lista).read_text().split()
    cliente = Client(REMOTE_ADDR=PROXY)
    cabecalhos = {"X-Forwarded-Proto": "https"}
    casos = {
        "piso: healthcheck": lambda i: PISO,
        "mesmo NUP (cache público)": lambda i: f"{URL}?nup={nups[0]}",
        "NUP sorteado (sem cache)": lambda i: f"{URL}?nup={nups[1 + i]}",
        "NUP com DV errado (mensagem)": lambda i: f"{URL}?nup={nups[0][:-1]}{(int(nups[0][-1]) + 1) % 10}",
    }
    resultado = {}
    for n, (rotulo, url) in enumerate(casos.items()):
        tempos = []
        for i in range(-5, 200):  # 5 warm-up requests
            inicio = time.perf_counter()
            resposta = cliente.get(url(n * 300 + i + 5), headers=cabecalhos, HTTP_X_FORWARDED_FOR=f"10.9.{n}.{i % 250}")
            if i >= 0:
                tempos.append(time.perf_counter() - inicio)
            if resposta.status_code != 200:
                raise SystemExit(f"{rotulo}: HTTP {resposta.status_code}")
        resultado[rotulo] = round(statistics.median(tempos) * 1000, 2)
    return resultado


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--banco", default=os.environ.get("BENCH_BANCO", PG_PADRAO))
    parser.add_argument("--tramites", type=int, default=1_000_000, help="ao gerar os dados")
    parser.add_argument("--gerar", action="store_true", help="gera os dados de novo mesmo que existam")
    parser.add_argument("--segundos", type=int, default=10)
    parser.add_argument("--porta", type=int, default=int(os.environ.get("PORT", 8160)))
    parser.add_argument("--cache", default=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/13"))
    parser.add_argument("--filho", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.filho:
        import json

        print(json.dumps(filho_perfil(args.filho[1]), ensure_ascii=False))
        return
    if not shutil.which("wrk"):
        raise SystemExit("instale o wrk (apt-get install wrk)")
    if args.gerar or not _tem_dados(args.banco):
        _gerar(args.banco, args.tramites)
    total = _tem_dados(args.banco)
    historico = int(_psql(args.banco, "SELECT count(*) FROM tramites_historicodestatus"))
    nups = _psql(args.banco, f"SELECT protocolo FROM tramites_registroeletronico TABLESAMPLE SYSTEM (10) "
                             f"LIMIT {AMOSTRA}").split("\n")
    uma = nups[0]
    with tempfile.TemporaryDirectory(prefix="bench-nup-") as pasta:
        script = os.path.join(pasta, "consulta.lua")
        Path(script).write_text(LUA)
        lista = os.path.join(pasta, "nups.txt")
        Path(lista).write_text("\n".join(nups) + "\n")
        base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "CONN_MAX_AGE"}
        producao = dict(base, DATABASE_URL=args.banco, DJANGO_ENV="production", SECRET_KEY=secrets.token_urlsafe(48),
                        ALLOWED_HOSTS="127.0.0.1,testserver", PORTAL_VAR_DIR=pasta,
                        PYTHONPATH=f"{RAIZ}{os.pathsep}{RAIZ / 'bench'}",
                        DJANGO_SETTINGS_MODULE="_configuracao_producao", CACHE_URL=args.cache,
                        CELERY_BROKER_URL="memory://", LOG_LEVEL="WARNING", TRUSTED_PROXIES=PROXY,
                        AC_CHAVE_MESTRA=secrets.token_urlsafe(32))
        processo = gunicorn(producao, args.porta)
        try:
            for consulta in (PISO, f"{URL}?nup={uma}"):  # warm every worker
                _wrk(args.porta, 1, script, consulta)
            _wrk(args.porta, 1, script, "", lista)
            piso_antes = _wrk(args.porta, args.segundos, script, PISO)
            casos = {
                "mesmo NUP (cache público)": _wrk(args.porta, args.segundos, script, f"{URL}?nup={uma}"),
                f"NUP sorteado entre {len(nups)} (sem cache)": _wrk(args.porta, args.segundos, script, "", lista),
                "NUP com DV errado (mensagem)": _wrk(args.porta, args.segundos, script,
                                                      f"{URL}?nup={uma[:-1]}{(int(uma[-1]) + 1) % 10}"),
            }
            piso_depois = _wrk(args.porta, args.segundos, script, PISO)
        finally:
            processo.terminate()
            processo.wait(timeout=30)
        perfil = rodar(__file__, producao, "perfil", lista)
    piso = {k: (piso_antes[k] + piso_depois[k]) / 2 for k in piso_antes}
    print(f"consulta pública de NUP — PostgreSQL, {total} trâmites, {historico} linhas de histórico; "
          f"gunicorn -w 3, wrk -t2 -c16 -d{args.segundos}s --latency, {os.cpu_count()} CPUs, cache {args.cache}")
    print(f"   {'piso: healthcheck':44s} {piso['rps']:8.1f} req/s   p50 {piso['p50']:6.1f} ms   "
          f"p99 {piso['p99']:6.1f} ms"
          f"   (antes {piso_antes['rps']:.0f}, depois {piso_depois['rps']:.0f} req/s)")
    for rotulo, m in casos.items():
        alvo = "ok" if m["rps"] >= 500 and m["p99"] <= 100 else "abaixo do alvo"
        print(f"   {rotulo:44s} {m['rps']:8.1f} req/s   p50 {m['p50']:6.1f} ms   p99 {m['p99']:6.1f} ms"
              f"   {piso['rps'] / m['rps']:4.1f}× o piso   ({alvo}: ≥ 500 req/s, p99 ≤ 100 ms)")
    print("tempo de servidor por requisição, em processo (mediana de 200, mesmas configurações):")
    base = perfil["piso: healthcheck"]
    for rotulo, ms in perfil.items():
        print(f"   {rotulo:44s} {ms:6.2f} ms   {ms / base:4.1f}× o piso")


if __name__ == "__main__":
    main()
