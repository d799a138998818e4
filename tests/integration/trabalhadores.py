"""Celery worker processes a fault test starts, kills and restarts itself (``tests/integration/conftest.py``'s
session worker is shared and must stay up, so these consume a queue of their own).

``Trabalhador(fila, …).iniciar()`` starts ``celery worker -Q <fila>`` against the test database (and the
broker of ``CELERY_BROKER_URL`` unless ``broker`` is given) and waits for its ping; ``matar()`` sends SIGKILL
(no shutdown, no acknowledgement: what the OOM killer or a lost VM does); ``parar()`` a warm shutdown.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

RAIZ = Path(__file__).resolve().parents[2]
_sequencia = itertools.count(1)


def fila_propria() -> str:
    """A queue name no other test run uses (the broker's Redis database is shared by a whole CI run)."""
    return f"falhas-{os.getpid()}-{next(_sequencia)}"


def _app():
    from portal.celery import app

    return app


def url_do_banco_de_teste() -> str:
    from django.db import connection

    dados = connection.settings_dict
    usuario = dados.get("USER") or "postgres"
    senha = f":{dados['PASSWORD']}" if dados.get("PASSWORD") else ""
    return f"postgres://{usuario}{senha}@{dados.get('HOST') or '127.0.0.1'}:{dados.get('PORT') or 5432}/{dados['NAME']}"


class Trabalhador:
    def __init__(self, fila: str, *, nome: str | None = None, broker: str | None = None,
                 componentes: Path | None = None, visibilidade: int | None = None, pool: str = "solo",
                 extra: dict | None = None):
        self.fila = fila
        self.nome = nome or f"{fila}-{next(_sequencia)}@localhost"
        self.broker = broker or _app().conf.broker_write_url
        self.ambiente = dict(os.environ, DATABASE_URL=url_do_banco_de_teste(), DJANGO_ENV="test",
                             CELERY_TASK_ALWAYS_EAGER="false", CELERY_BROKER_URL=self.broker, **(extra or {}))
        if componentes is not None:
            self.ambiente["COMPONENTES_STORAGE_OPTIONS"] = json.dumps({"location": str(componentes)})
        if visibilidade is not None:
            self.ambiente["CELERY_VISIBILITY_TIMEOUT"] = str(visibilidade)
        self.pool = pool
        self.processo: subprocess.Popen | None = None

    def iniciar(self, espera: float = 60) -> Trabalhador:
        return self.lancar().aguardar(espera)

    def lancar(self) -> Trabalhador:
        """Starts the process without waiting for it (start several, then ``aguardar`` each)."""
        self.processo = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "portal", "worker", f"--pool={self.pool}", "--loglevel=WARNING",
             "-n", self.nome, "-Q", self.fila, "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=RAIZ, env=self.ambiente,
        )
        return self

    def aguardar(self, espera: float = 60) -> Trabalhador:
        app = self.app()
        limite = time.monotonic() + espera
        while time.monotonic() < limite:
            if self.processo.poll() is not None:
                pytest.fail(f"The Celery worker {self.nome} exited with code {self.processo.returncode}")
            if app.control.ping(destination=[self.nome], timeout=0.5):
                return self
        pytest.fail(f"The Celery worker {self.nome} did not answer a ping within {espera} s")

    def app(self):
        """This process's Celery app; it must publish to the worker's broker (see ``broker_privado``)."""
        from portal.celery import app

        assert app.conf.broker_write_url == self.broker, (app.conf.broker_write_url, self.broker)
        return app

    def enviar(self, tarefa, *args, **kwargs):
        """Enqueues ``tarefa(*args, **kwargs)`` on this worker's queue."""
        return tarefa.apply_async(args, kwargs, queue=self.fila)

    def matar(self) -> None:
        """SIGKILL: the worker dies at once, holding (unacknowledged) whatever task it was running."""
        if self.processo is not None and self.processo.poll() is None:
            os.kill(self.processo.pid, signal.SIGKILL)
            self.processo.wait(10)

    def parar(self) -> None:
        if self.processo is None or self.processo.poll() is not None:
            return
        self.processo.terminate()
        try:
            self.processo.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.processo.kill()
            self.processo.wait(10)


def exigir_integracao() -> None:
    from django.db import connection

    if connection.vendor != "postgresql" or settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.fail("Integration tests need DATABASE_URL=postgres://… and CELERY_TASK_ALWAYS_EAGER=false "
                    "(run bin/integration-tests).")
