"""The certificate check of every API request (issue 9 item 5: ≤ 1 ms p95), beside a floor of the same run.

In a throwaway database (PostgreSQL ``desempenho_certificado`` by default, created and dropped) with the
shared cache on Redis (as in production; ``--cache``), an SPE gets a certificate from the portal's CA and a
request is built as nginx forwards it (URL-encoded PEM in ``X-SSL-Client-Cert``, from a trusted proxy).
Timed, in one process:

- floor: ``x509.load_pem_x509_certificate`` of the same PEM, URL-decoded (``cryptography`` alone);
- cold: ``autenticar(request)`` with this process's cache emptied before each call — header read and trust,
  URL-decode, parse, CA signature (ECDSA P-384), validity, revocation/registration/SPE/órgãos queries, the
  shared version read;
- warm: ``autenticar(request)`` as every request after the first one within the cache bound: header read,
  SHA-256 of it, the shared version read (one Redis GET), expiry check, the throttled use record.

    .venv/bin/python bench/certificado_bench.py
    .venv/bin/python bench/certificado_bench.py --banco sqlite --cache locmem --quentes 20000
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

from _comum import django as _django
from _comum import pg as _pg
from _comum import rodar

PG_PADRAO = "postgres://postgres@127.0.0.1:5432/desempenho_certificado"
REDIS_PADRAO = "redis://127.0.0.1:6379/11"


def _percentis(amostras: list[float]) -> dict:
    ordenadas = sorted(amostras)
    return {
        "p50_ms": round(statistics.median(ordenadas) * 1000, 4),
        "p95_ms": round(ordenadas[int(len(ordenadas) * 0.95) - 1] * 1000, 4),
        "max_ms": round(ordenadas[-1] * 1000, 4),
    }


def _medir(funcao, vezes: int, antes=None) -> list[float]:
    amostras = []
    for _ in range(vezes):
        if antes:
            antes()
        inicio = time.perf_counter()
        funcao()
        amostras.append(time.perf_counter() - inicio)
    return amostras


def filho(frios: str, quentes: str) -> dict:
    _django()
    from urllib.parse import quote, unquote

    from cryptography import x509
    from django.core.management import call_command
    from django.test import RequestFactory, override_settings

    from comites.certificados import cache_de_verificacao, services
    from comites.certificados.autenticacao import autenticar
    from portal.context import atuando_como
    from tests.factories.comites import ComiteFactory, SistemaFactory

    call_command("migrate", "--noinput", verbosity=0)
    with atuando_como(origem="comando"):
        services.inicializar_ac()
        sistema = SistemaFactory(orgao_responsavel=ComiteFactory(), nome="BENCH - SEI")
        certificado, _ = services.gerar_certificado(sistema, None)
    cabecalho = quote(certificado.certificado_pem, safe="")
    requisicao = RequestFactory().get("/interoperabilidade/rest/v3/hipoteses", REMOTE_ADDR="10.0.0.1",
                                      HTTP_X_SSL_CLIENT_CERT=cabecalho, HTTP_X_FORWARDED_FOR="192.0.2.10")
    with override_settings(TRUSTED_PROXIES=["10.0.0.1"]):
        assert autenticar(requisicao)[0].pk == sistema.pk
        _medir(lambda: x509.load_pem_x509_certificate(unquote(cabecalho).encode()), 200)  # warm-up
        piso = _medir(lambda: x509.load_pem_x509_certificate(unquote(cabecalho).encode()), int(quentes))
        frio = _medir(lambda: autenticar(requisicao), int(frios), antes=cache_de_verificacao.esquecer_tudo)
        autenticar(requisicao)
        quente = _medir(lambda: autenticar(requisicao), int(quentes))
    return {"piso": _percentis(piso), "frio": _percentis(frio), "quente": _percentis(quente)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--banco", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--url", default=PG_PADRAO)
    parser.add_argument("--cache", default=REDIS_PADRAO, help="CACHE_URL (redis://…) or 'locmem'")
    parser.add_argument("--frios", default="300")
    parser.add_argument("--quentes", default="5000")
    parser.add_argument("--filho", action="store_true", help=argparse.SUPPRESS)
    argumentos, resto = parser.parse_known_args()
    if argumentos.filho:
        import json

        print(json.dumps(filho(*resto)))
        return 0

    pasta = tempfile.mkdtemp(prefix="bench_certificado_")
    ambiente = {**os.environ, "DJANGO_ENV": "development", "DEBUG": "false", "PORTAL_VAR_DIR": pasta,
                "CELERY_TASK_ALWAYS_EAGER": "true"}
    if argumentos.cache == "locmem":
        ambiente["CACHE_URL"] = "locmemcache://"
    else:
        ambiente["CACHE_URL"] = argumentos.cache
    if argumentos.banco == "postgres":
        ambiente["DATABASE_URL"] = argumentos.url
        _pg(argumentos.url, "DROP DATABASE IF EXISTS")
        _pg(argumentos.url, "CREATE DATABASE")
    else:
        ambiente["DATABASE_URL"] = f"sqlite:///{pasta}/bench.sqlite3"
    try:
        r = rodar(__file__, ambiente, argumentos.frios, argumentos.quentes)
    finally:
        if argumentos.banco == "postgres":
            _pg(argumentos.url, "DROP DATABASE IF EXISTS")
    piso = r["piso"]["p95_ms"]
    print(f"certificate check per API request ({argumentos.banco}, cache {argumentos.cache}):")
    print(f"  {'':44} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9} {'p95/floor':>10}")
    for chave, rotulo in (("piso", "floor: cryptography parses the same PEM"),
                          ("frio", f"cold: full check ({argumentos.frios} runs)"),
                          ("quente", f"warm: cached check ({argumentos.quentes} runs)")):
        m = r[chave]
        print(f"  {rotulo:44} {m['p50_ms']:9.4f} {m['p95_ms']:9.4f} {m['max_ms']:9.4f} "
              f"{m['p95_ms'] / piso:9.1f}×")
    alvo = r["quente"]["p95_ms"] <= 1.0
    print(f"  target: warm p95 ≤ 1 ms — {'met' if alvo else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
