"""What every benchmark script shares: Django set-up in a child process, running a step of the
script itself in a fresh child (so each measurement has its own memory peak), and creating/dropping
the throwaway PostgreSQL database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent


def django() -> None:
    sys.path.insert(0, str(RAIZ))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django as _django

    _django.setup()


def rodar(script: str, ambiente: dict, *argumentos: str) -> dict:
    """Runs ``script --filho ARGUMENTOS`` and returns the JSON its last output line holds."""
    saida = subprocess.run([sys.executable, script, "--filho", *argumentos], env=ambiente, cwd=RAIZ,
                           capture_output=True, text=True)
    if saida.returncode != 0:
        sys.stderr.write(saida.stdout + saida.stderr)
        raise SystemExit(f"etapa {argumentos[0]} falhou")
    return json.loads(saida.stdout.strip().splitlines()[-1])


def pg(url: str, comando: str) -> None:
    """``CREATE DATABASE`` / ``DROP DATABASE`` (``comando``) of the database ``url`` names."""
    import psycopg

    base, nome = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conexao:
        conexao.execute(f'{comando} "{nome}"')


@contextmanager
def banco_descartavel(url: str, prefixo: str):
    """A throwaway PostgreSQL database at ``url``, created and migrated, dropped at the end; yields
    ``(pasta, ambiente)``: a temporary folder (the portal's ``PORTAL_VAR_DIR``) and the environment for
    the child steps (development settings, no debug, local-memory cache)."""
    with tempfile.TemporaryDirectory(prefix=prefixo) as pasta:
        ambiente = dict({k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}, DATABASE_URL=url,
                        DJANGO_ENV="development", DEBUG="false", PYTHONPATH=str(RAIZ), PORTAL_VAR_DIR=pasta,
                        CACHE_URL="locmemcache://")
        pg(url, "DROP DATABASE IF EXISTS")
        pg(url, "CREATE DATABASE")
        try:
            subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env=ambiente, cwd=RAIZ,
                           check=True)
            yield pasta, ambiente
        finally:
            pg(url, "DROP DATABASE IF EXISTS")


# The systems' API authenticates by client certificate, forwarded by the TLS proxy (README, deploy/README.md).
PROXY = "127.0.0.1"
CABECALHO_CERTIFICADO = "X-SSL-Client-Cert"


def certificado_de_sistema() -> str:
    """The URL-encoded PEM (as nginx forwards it) of a new certificate of a bench SPE; Django set up."""
    from urllib.parse import quote

    from comites.certificados import services
    from portal.context import atuando_como
    from tests.factories.comites import ComiteFactory, SistemaFactory

    with atuando_como(origem="comando"):
        services.inicializar_ac()
        sistema = SistemaFactory(orgao_responsavel=ComiteFactory(), nome="BENCH - SEI")
        certificado, _ = services.gerar_certificado(sistema, None)
    return quote(certificado.certificado_pem, safe="")


def cliente_de_sistema():
    """A Django test client whose requests come from the trusted proxy with a bench SPE's certificate."""
    from django.conf import settings
    from django.test import Client

    settings.TRUSTED_PROXIES = [PROXY]
    return Client(REMOTE_ADDR=PROXY, HTTP_X_SSL_CLIENT_CERT=certificado_de_sistema())


SAUDE = "/interoperabilidade/rest/v3/healthcheck"


def gunicorn(ambiente: dict, porta: int, *, workers: int = 3, extras: tuple[str, ...] = (),
             tentativas: int = 150) -> subprocess.Popen:
    """Starts ``gunicorn portal.wsgi`` on loopback ``porta`` with ``ambiente`` and returns once the healthcheck
    answers 200 behind a pretend TLS proxy (``X-Forwarded-Proto: https``); gives up after ``tentativas``
    tries 0.2 s apart."""
    processo = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "portal.wsgi", "-w", str(workers), "-b",
         f"127.0.0.1:{porta}", *extras, "--log-level", "warning"],
        env=ambiente, cwd=RAIZ, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    for _ in range(tentativas):
        try:
            pedido = urllib.request.Request(f"http://127.0.0.1:{porta}{SAUDE}", headers={"X-Forwarded-Proto": "https"})
            with urllib.request.urlopen(pedido, timeout=2):  # noqa: S310 - loopback
                return processo
        except OSError:
            time.sleep(0.2)
    processo.terminate()
    raise SystemExit("gunicorn não respondeu")
