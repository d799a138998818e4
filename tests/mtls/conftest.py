"""The real-nginx check: a throwaway database, gunicorn and Debian's nginx on loopback ports.

Run by ``bin/mtls-check`` (``pytest -m mtls tests/mtls``); the normal suite deselects the ``mtls`` marker.
Never skips: without nginx, or when a process does not start, the tests fail.

Ports (``MTLS_PORTA_BASE``, default 8110): +1 gunicorn, +2 nginx API host (``ssl_verify_client on``, the
shipped config), +3 the same API host with ``optional_no_ca``, trusting no CA of client certificates and
without CRL (every certificate forwarded: every check left to the application),
+4 the portal host (no client certificate), +5 the port-80 redirect, +6 uvicorn serving the long poll
(``bin/run-long-poll``, nginx's ``tramita_long_poll`` upstream).
Only 127.0.0.1 is a trusted proxy (nginx connects from it, ``proxy_bind``); requests "from elsewhere" go to
gunicorn from 127.0.0.2.

Behind them, as in production: a real Celery worker (the hash check 1→2, the auto-cancel task) on a Redis
broker, and Redis pub/sub carrying the transitions of gunicorn and the worker to the long poll —
``MTLS_REDIS_URL`` (default ``redis://127.0.0.1:6379/12``), a database of its own: the worker discards the
messages waiting there when it starts. Without Redis the fixture fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parents[2]
CONFIGURACAO = RAIZ / "deploy" / "nginx" / "tramita.conf"


@dataclass
class Ambiente:
    pasta: Path
    manifesto: dict
    gunicorn: int
    api: int
    api_sem_ca: int
    portal: int
    long_poll: int
    env: dict
    raiz: Path = RAIZ

    def certificado(self, nome: str) -> dict:
        return self.manifesto["certificados"][nome]


def _nginx() -> str:
    caminho = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if caminho is None:
        pytest.fail("nginx não está instalado: bin/mtls-check instala o pacote Debian (nginx-light ou nginx).")
    return caminho


def _esperar_porta(porta: int, processo: subprocess.Popen, nome: str, log: Path) -> None:
    for _ in range(200):
        if processo.poll() is not None:
            pytest.fail(f"{nome} terminou ao iniciar (código {processo.returncode}):\n{log.read_text()[-3000:]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", porta)) == 0:
                return
        time.sleep(0.1)
    pytest.fail(f"{nome} não abriu a porta {porta}:\n{log.read_text()[-3000:]}")


def _bloco(texto: str, marca: str) -> str:
    """The ``server { … }`` block that contains ``marca`` (brace matching)."""
    posicao = texto.index(marca)
    inicio = texto.rindex("server {", 0, posicao)
    profundidade = 0
    for i in range(inicio, len(texto)):
        if texto[i] == "{":
            profundidade += 1
        elif texto[i] == "}":
            profundidade -= 1
            if profundidade == 0:
                return texto[inicio:i + 1]
    raise AssertionError("unbalanced braces in the nginx config")


def _substituir(texto: str, antigo: str, novo: str, vezes: int) -> str:
    assert texto.count(antigo) == vezes, f"the shipped config changed: {antigo!r} found {texto.count(antigo)}x"
    return texto.replace(antigo, novo)


def configuracao_de_teste(pasta: Path, base: int) -> str:
    """The shipped config with loopback ports and this folder's files, plus the optional_no_ca variant."""
    texto = CONFIGURACAO.read_text()
    texto = _substituir(texto, "/etc/nginx/tramita/", f"{pasta}/", 7)  # 6 directives + 1 comment
    texto = _substituir(texto, "server 127.0.0.1:8000;", f"server 127.0.0.1:{base + 1};", 1)
    texto = _substituir(texto, "server 127.0.0.1:8001;", f"server 127.0.0.1:{base + 6};", 1)
    api = _bloco(texto, "server_name api.tramita.exemplo.gov.br")  # the API host (also the pendências host)
    portal = _bloco(texto, "server_name tramita.exemplo.gov.br;")
    redirecao = _bloco(texto, "listen 80;")
    # optional_no_ca still refuses expired or revoked certificates of a CA it knows: give it a CA that issued
    # no client certificate and no CRL, so every certificate reaches the application unjudged.
    sem_ca = _substituir(api, "ssl_verify_client on;", "ssl_verify_client optional_no_ca;", 1)
    sem_ca = _substituir(sem_ca, f"ssl_client_certificate {pasta}/ac-tramita.pem;",
                         f"ssl_client_certificate {pasta}/servidor.pem;", 1)
    sem_ca = _substituir(sem_ca, f"ssl_crl {pasta}/ac-tramita-crl.pem;", "", 1)
    sem_ca = _substituir(sem_ca, "listen 443 ssl;", f"listen 127.0.0.1:{base + 3} ssl;", 1)
    texto = texto.replace(api, _substituir(api, "listen 443 ssl;", f"listen 127.0.0.1:{base + 2} ssl;", 1))
    texto = texto.replace(portal, _substituir(portal, "listen 443 ssl;", f"listen 127.0.0.1:{base + 4} ssl;", 1))
    texto = texto.replace(redirecao, _substituir(redirecao, "listen 80;", f"listen 127.0.0.1:{base + 5};", 1))
    texto = re.sub(r"(proxy_pass http://tramita_(?:portal|long_poll)[^;]*;)", r"\1\n        proxy_bind 127.0.0.1;",
                   texto)
    return texto + "\n# test-only: the API host with every check left to the application\n" + sem_ca + "\n"


def _principal(pasta: Path) -> Path:
    usuario = "user root;\n" if os.geteuid() == 0 else ""
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (pasta / "tmp" / sub).mkdir(parents=True, exist_ok=True)
    arquivo = pasta / "nginx.conf"
    arquivo.write_text(f"""{usuario}daemon off;
worker_processes 1;
pid {pasta}/nginx.pid;
error_log {pasta}/nginx-error.log info;
events {{ worker_connections 64; }}
http {{
    access_log {pasta}/nginx-access.log;
    client_body_temp_path {pasta}/tmp/body;
    proxy_temp_path {pasta}/tmp/proxy;
    fastcgi_temp_path {pasta}/tmp/fastcgi;
    uwsgi_temp_path {pasta}/tmp/uwsgi;
    scgi_temp_path {pasta}/tmp/scgi;
    include {pasta}/tramita.conf;
}}
""")
    return arquivo


def _esperar_linha(log: Path, marca: str, processo: subprocess.Popen, nome: str) -> None:
    for _ in range(300):
        if processo.poll() is not None:
            pytest.fail(f"{nome} terminou ao iniciar (código {processo.returncode}):\n{log.read_text()[-3000:]}")
        if marca in log.read_text(errors="replace"):
            return
        time.sleep(0.1)
    pytest.fail(f"{nome} não ficou pronto:\n{log.read_text()[-3000:]}")


def _exigir_redis(url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as erro:
        pytest.fail(f"Redis indisponível em {url} ({erro}): o worker e o long poll precisam dele (MTLS_REDIS_URL).")


def _parar(processo: subprocess.Popen | None) -> None:
    if processo is None or processo.poll() is not None:
        return
    processo.send_signal(signal.SIGTERM)
    try:
        processo.wait(timeout=10)
    except subprocess.TimeoutExpired:
        processo.kill()
        processo.wait()


@pytest.fixture(scope="session")
def mtls(tmp_path_factory) -> Ambiente:
    nginx = _nginx()
    base = int(os.environ.get("MTLS_PORTA_BASE", "8110"))
    pasta = Path(os.environ.get("MTLS_PASTA") or tmp_path_factory.mktemp("mtls"))
    pasta.chmod(0o755)
    redis_url = os.environ.get("MTLS_REDIS_URL", "redis://127.0.0.1:6379/12")
    _exigir_redis(redis_url)
    env = {
        **os.environ, "DJANGO_ENV": "development", "DEBUG": "false", "PORTAL_VAR_DIR": str(pasta / "var"),
        "CELERY_TASK_ALWAYS_EAGER": "false", "CELERY_BROKER_URL": redis_url, "PENDENCIAS_REDIS_URL": redis_url,
        # The long poll answers "nothing new" after 20 s instead of 300: a lost wake-up costs a re-listing.
        "PENDENCIAS_LONG_POLL_SEGUNDOS": "20", "LONG_POLL_ADDR": f"127.0.0.1:{base + 6}",
        "TRUSTED_PROXIES": "127.0.0.1", "PYTHONPATH": str(RAIZ),
    }
    # Never the caller's DATABASE_URL: a throwaway database (MTLS_DATABASE_URL, created by bin/mtls-check)
    # or a SQLite file in the folder.
    env["DATABASE_URL"] = os.environ.get("MTLS_DATABASE_URL") or f"sqlite:///{pasta}/mtls.sqlite3"
    env.pop("CACHE_URL", None)  # the file cache under PORTAL_VAR_DIR: shared by the gunicorn workers
    python = sys.executable
    (pasta / "var").mkdir(exist_ok=True)
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=RAIZ, env=env, check=True)
    subprocess.run([python, "-m", "tests.mtls.preparar", str(pasta)], cwd=RAIZ, env=env, check=True)
    manifesto = json.loads((pasta / "manifesto.json").read_text())

    (pasta / "tramita.conf").write_text(configuracao_de_teste(pasta, base))
    principal = _principal(pasta)
    teste = subprocess.run([nginx, "-t", "-c", str(principal), "-p", str(pasta)], capture_output=True, text=True)
    if teste.returncode != 0:
        pytest.fail(f"nginx -t recusou a configuração:\n{teste.stderr}")

    gunicorn = nginx_proc = worker = long_poll = None
    log_gunicorn, log_worker, log_long_poll = pasta / "gunicorn.log", pasta / "worker.log", pasta / "long-poll.log"
    try:
        worker = subprocess.Popen(
            [str(Path(python).parent / "celery"), "-A", "portal", "worker", "--pool", "solo", "--purge",
             "--without-gossip", "--without-mingle", "-n", f"mtls-{base}@%h", "--loglevel", "INFO"],
            cwd=RAIZ, env=env, stdout=log_worker.open("w"), stderr=subprocess.STDOUT,
        )
        long_poll = subprocess.Popen([str(RAIZ / "bin" / "run-long-poll"), "--log-level", "warning"], cwd=RAIZ,
                                     env=env, stdout=log_long_poll.open("w"), stderr=subprocess.STDOUT)
        gunicorn = subprocess.Popen(
            [str(Path(python).parent / "gunicorn"), "portal.wsgi", "-w", "2", "-b", f"127.0.0.1:{base + 1}",
             "--log-level", "warning"],
            cwd=RAIZ, env=env, stdout=log_gunicorn.open("w"), stderr=subprocess.STDOUT,
        )
        _esperar_porta(base + 1, gunicorn, "gunicorn", log_gunicorn)
        _esperar_porta(base + 6, long_poll, "uvicorn (long poll)", log_long_poll)
        _esperar_linha(log_worker, " ready.", worker, "worker Celery")
        nginx_proc = subprocess.Popen([nginx, "-c", str(principal), "-p", str(pasta)],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _esperar_porta(base + 2, nginx_proc, "nginx", pasta / "nginx-error.log")
        _esperar_porta(base + 3, nginx_proc, "nginx", pasta / "nginx-error.log")
        yield Ambiente(pasta=pasta, manifesto=manifesto, gunicorn=base + 1, api=base + 2, api_sem_ca=base + 3,
                       portal=base + 4, long_poll=base + 6, env=env)
    finally:
        _parar(nginx_proc)
        _parar(gunicorn)
        _parar(long_poll)
        _parar(worker)
