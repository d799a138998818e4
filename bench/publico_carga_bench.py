"""Public pages under load, each beside the trivial API ``healthcheck`` (the floor) measured in the same run.

Builds a throwaway PostgreSQL database (``desempenho_publico``) with N SIORG units (default 100 000) and
1 000 órgãos with comitês (half implantados) and gestores, starts ``gunicorn -w 3`` with the production
settings on 127.0.0.1:8108 (behind a pretend TLS proxy: ``X-Forwarded-Proto: https``), and loads every page
with ``wrk`` (2 threads, 16 connections, ``--segundos`` each; ``apt-get install wrk``). The floor is measured
before and after the pages and averaged. Prints requests/s per page and the ratio floor/page (target ≤ 5×),
then the same with the public cache off (``CACHE_PUBLICO_SEGUNDOS=0``: every request computes its
page), then also with ``CONN_MAX_AGE=0`` (a new database connection per request) to show what persistent
connections buy, then an in-process breakdown (cache off) of one request per page (SQL statements and time in SQL vs.
the rest: middleware, view, template).

    .venv/bin/python bench/publico_carga_bench.py
    .venv/bin/python bench/publico_carga_bench.py --unidades 20000 --segundos 5
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time

from _comum import CABECALHO_CERTIFICADO, PROXY, RAIZ, gunicorn, rodar
from _comum import django as _django
from _comum import pg as _pg


def _rodar(ambiente: dict, *argumentos: str) -> dict:
    return rodar(__file__, ambiente, *argumentos)
PG_PADRAO = "postgres://postgres@127.0.0.1:5432/desempenho_publico"
PORTA = 8108
ORGAOS = 1000
PISO = "/interoperabilidade/rest/v3/healthcheck"


def _paginas(repositorio_id: int) -> list[tuple[str, str]]:
    api = f"/interoperabilidade/rest/v3/repositorios-de-estruturas/{repositorio_id}/estruturas-organizacionais"
    return [
        ("/consultar-unidades/?nome=planejamento", "/consultar-unidades/?nome=planejamento"),
        ("API busca de unidades (nome=planejamento)", f"{api}?nome=planejamento&apenasAtivas=true"),
        ("/gestores/", "/gestores/"),
        ("/orgaos/", "/orgaos/"),
        ("/ (página inicial)", "/"),
    ]


def filho_preparar(arquivo: str) -> dict:
    """100k units through the real importer, then 1 000 órgãos with comitês and one gestor each."""
    _django()
    import datetime

    from django.contrib.auth.hashers import make_password

    from comites.models import Ambiente, Comite, Gestor
    from estrutura.models import RepositorioDeEstruturas, Unidade
    from estrutura.services import siorg
    from portal.context import atuando_como
    from portal.models import Pessoa

    repositorio, _ = RepositorioDeEstruturas.objects.get_or_create(nome="Poder Executivo Federal",
                                                                   defaults={"is_siorg": True})
    with atuando_como(origem="comando"), open(arquivo, "rb") as fonte:
        siorg.importar([("siorg.json", fonte)], origem="comando")
    orgaos = list(Unidade.objects.filter(repositorio=repositorio).order_by("profundidade", "id")[:ORGAOS])
    senha = make_password(None)
    pessoas = Pessoa.objects.bulk_create(
        Pessoa(email=f"gestor{i}@orgao{i}.gov.br", nome=f"Gestor Número {i}", cpf=f"{10**10 + i:011d}",
               email_unidade=f"protocolo@orgao{i}.gov.br", telefone="(61) 3333-4444", password=senha)
        for i in range(len(orgaos))
    )
    comites = []
    for i, orgao in enumerate(orgaos):
        comites.append(Comite(unidade=orgao, ambiente=Ambiente.HOMOLOGACAO))
        if i % 2 == 0:
            comites.append(Comite(unidade=orgao, ambiente=Ambiente.PRODUCAO,
                                  implantacao=Comite.Implantacao.IMPLANTADO,
                                  implantado_em=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 300)))
    comites = Comite.objects.bulk_create(comites)
    Gestor.objects.bulk_create(Gestor(comite=c, pessoa=pessoas[i]) for i, c in
                               enumerate(c for c in comites if c.ambiente == Ambiente.HOMOLOGACAO))
    siorg.atualizar_estatisticas()
    from _comum import certificado_de_sistema

    return {"repositorio": repositorio.pk, "comites": len(comites), "orgaos": len(orgaos),
            "certificado": certificado_de_sistema()}


def _cabecalhos(url: str, certificado: str) -> dict:
    """The API serves the systems: its URLs go as the TLS proxy forwards them, with the certificate; the
    pages without it (a certificate header keeps a request out of the public cache)."""
    if url.startswith("/interoperabilidade/") and url != PISO:
        return {"X-Forwarded-Proto": "https", CABECALHO_CERTIFICADO: certificado}
    return {"X-Forwarded-Proto": "https"}


def filho_perfil(repositorio_id: str) -> dict:
    """One page at a time, in-process: SQL statements and SQL time per request vs. the whole request."""
    _django()
    certificado = os.environ["BENCH_CERTIFICADO"]  # not an argument: it starts with dashes
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    settings.TRUSTED_PROXIES = [PROXY]
    cliente = Client(REMOTE_ADDR=PROXY)
    resultado = {}
    for rotulo, url in [("healthcheck (piso)", PISO), *_paginas(int(repositorio_id))]:
        cabecalhos = {k: v for k, v in _cabecalhos(url, certificado).items() if k != "X-Forwarded-Proto"}
        for _ in range(3):
            cliente.get(url, secure=True, headers=cabecalhos)
        totais, sqls, comandos = [], [], []
        for _ in range(20):
            gasto = {"s": 0.0, "n": 0}

            def medir(execute, sql, params, many, context, gasto=gasto):
                inicio = time.perf_counter()
                try:
                    return execute(sql, params, many, context)
                finally:
                    gasto["s"] += time.perf_counter() - inicio
                    gasto["n"] += 1

            inicio = time.perf_counter()
            with connection.execute_wrapper(medir):
                resposta = cliente.get(url, secure=True, headers=cabecalhos)
                if resposta.streaming:
                    b"".join(resposta.streaming_content)
            totais.append(time.perf_counter() - inicio)
            sqls.append(gasto["s"])
            comandos.append(gasto["n"])
            if resposta.status_code != 200:
                raise SystemExit(f"{url}: HTTP {resposta.status_code}")
        totais.sort()
        sqls.sort()
        resultado[rotulo] = {"total_ms": round(totais[10] * 1000, 1), "sql_ms": round(sqls[10] * 1000, 1),
                             "comandos": max(comandos)}
    return resultado




def _wrk(url: str, segundos: int, certificado: str = "") -> float:
    opcoes = [a for nome, valor in _cabecalhos(url, certificado).items() for a in ("-H", f"{nome}: {valor}")]
    saida = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{segundos}s", *opcoes, f"http://127.0.0.1:{PORTA}{url}"],
        capture_output=True, text=True, check=True,
    ).stdout
    if "Non-2xx" in saida:
        raise SystemExit(f"{url}: respostas que não são 2xx\n{saida}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", saida).group(1))


def _rodada(ambiente: dict, paginas, segundos: int, certificado: str) -> dict:
    processo = gunicorn(ambiente, PORTA, tentativas=100)
    try:
        for _, url in paginas:  # warm every worker: imports, template loading, prepared plans
            _wrk(url, 1, certificado)
        piso_antes = _wrk(PISO, segundos)
        medidas = {rotulo: _wrk(url, segundos, certificado) for rotulo, url in paginas}
        piso_depois = _wrk(PISO, segundos)
    finally:
        processo.terminate()
        processo.wait(timeout=30)
    return {"piso": (piso_antes + piso_depois) / 2, "piso_antes": piso_antes, "piso_depois": piso_depois,
            "paginas": medidas}


def _imprimir(titulo: str, rodada: dict) -> None:
    print(f"{titulo}: piso (healthcheck) {rodada['piso']:.0f} req/s "
          f"(antes {rodada['piso_antes']:.0f}, depois {rodada['piso_depois']:.0f})")
    for rotulo, rps in rodada["paginas"].items():
        print(f"   {rotulo:48s} {rps:8.1f} req/s   {rodada['piso'] / rps:5.1f}× o piso")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--unidades", type=int, default=100_000)
    parser.add_argument("--segundos", type=int, default=8)
    parser.add_argument("--filho", nargs="+", help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args()
    if args.filho:
        etapa, *valores = args.filho
        print(json.dumps(filho_preparar(*valores) if etapa == "preparar" else filho_perfil(*valores),
                         ensure_ascii=False))
        return
    if not shutil.which("wrk"):
        raise SystemExit("instale o wrk (apt-get install wrk)")

    sys.path.insert(0, str(RAIZ / "bench"))
    from estrutura_gerar_siorg import escrever

    url = os.environ.get("DATABASE_URL") or PG_PADRAO
    with tempfile.TemporaryDirectory(prefix="bench-publico-") as pasta:
        arquivo = os.path.join(pasta, "siorg.json")
        escrever(args.unidades, arquivo)
        _pg(url, "DROP DATABASE IF EXISTS")
        _pg(url, "CREATE DATABASE")
        base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "CONN_MAX_AGE"}
        desenvolvimento = dict(base, DATABASE_URL=url, DJANGO_ENV="development", DEBUG="false",
                               PYTHONPATH=str(RAIZ), PORTAL_VAR_DIR=pasta, CACHE_URL="locmemcache://")
        producao = dict(base, DATABASE_URL=url, DJANGO_ENV="production", SECRET_KEY=secrets.token_urlsafe(48),
                        ALLOWED_HOSTS="127.0.0.1,testserver", PORTAL_VAR_DIR=pasta,
                        PYTHONPATH=f"{RAIZ}{os.pathsep}{RAIZ / 'bench'}",
                        DJANGO_SETTINGS_MODULE="_configuracao_producao",
                        CACHE_URL=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/15"),
                        CELERY_BROKER_URL="memory://", LOG_LEVEL="WARNING", TRUSTED_PROXIES=PROXY,
                        AC_CHAVE_MESTRA=secrets.token_urlsafe(32))  # required in production; signs nothing here
        try:
            subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env=desenvolvimento,
                           cwd=RAIZ, check=True)
            preparo = _rodar(desenvolvimento, "preparar", arquivo)
            paginas = _paginas(preparo["repositorio"])
            certificado = preparo["certificado"]
            com_cache = _rodada(producao, paginas, args.segundos, certificado)
            sem_cache = dict(producao, CACHE_PUBLICO_SEGUNDOS="0")
            persistente = _rodada(sem_cache, paginas, args.segundos, certificado)
            sem_persistencia = _rodada(dict(sem_cache, CONN_MAX_AGE="0"), paginas, args.segundos, certificado)
            perfil = _rodar(dict(sem_cache, BENCH_CERTIFICADO=certificado), "perfil", str(preparo["repositorio"]))
        finally:
            _pg(url, "DROP DATABASE IF EXISTS")

    print(f"público sob carga — PostgreSQL, {args.unidades} unidades, {preparo['orgaos']} órgãos "
          f"({preparo['comites']} comitês), gunicorn -w 3, wrk -t2 -c16 -d{args.segundos}s, {os.cpu_count()} CPUs")
    _imprimir("configuração de produção (cache público, CONN_MAX_AGE=60)", com_cache)
    _imprimir("sem o cache público (CACHE_PUBLICO_SEGUNDOS=0), CONN_MAX_AGE=60", persistente)
    _imprimir("sem o cache público, uma conexão por requisição (CONN_MAX_AGE=0)", sem_persistencia)
    print("   ganho das conexões persistentes: " + ", ".join(
        f"{r.split(' ')[0]} {persistente['paginas'][r] / sem_persistencia['paginas'][r] - 1:+.0%}"
        for r in persistente["paginas"]))
    print("onde vai o tempo sem o cache público (em processo, mediana de 20 requisições):")
    for rotulo, p in perfil.items():
        print(f"   {rotulo:48s} {p['total_ms']:6.1f} ms, dos quais SQL {p['sql_ms']:5.1f} ms "
              f"em {p['comandos']} comando(s)")


if __name__ == "__main__":
    main()
