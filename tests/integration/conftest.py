"""A real Celery worker process against the same (PostgreSQL) test database and Redis broker.

Run by bin/integration-tests with DATABASE_URL=postgres://…, CELERY_BROKER_URL=redis://… and
CELERY_TASK_ALWAYS_EAGER=false. Tests use ``transaction=True`` so the worker sees committed rows.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.factories.estrutura import RepositorioFactory
from tests.factories.tramites import orgao
from tests.integration.redis_privado import redis_privado  # noqa: F401 (fixture)
from tests.integration.trabalhadores import Trabalhador, exigir_integracao

RAIZ = Path(__file__).resolve().parents[2]


def _url_do_banco_de_teste() -> str:
    dados = connection.settings_dict
    usuario = dados.get("USER") or "postgres"
    senha = f":{dados['PASSWORD']}" if dados.get("PASSWORD") else ""
    return f"postgres://{usuario}{senha}@{dados.get('HOST') or '127.0.0.1'}:{dados.get('PORT') or 5432}/{dados['NAME']}"


@pytest.fixture(scope="session")
def worker_celery(django_db_setup, django_db_blocker):
    if connection.vendor != "postgresql" or settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.fail("Integration tests need DATABASE_URL=postgres://… and CELERY_TASK_ALWAYS_EAGER=false "
                    "(run bin/integration-tests).")
    from portal.celery import app

    with django_db_blocker.unblock():
        ambiente = dict(os.environ, DATABASE_URL=_url_do_banco_de_teste(), DJANGO_ENV="test",
                        CELERY_TASK_ALWAYS_EAGER="false")
    app.control.purge()
    nome = f"ci-{os.getpid()}@localhost"
    processo = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo", "--loglevel=WARNING",
         "-n", nome, "--without-gossip", "--without-mingle"],
        cwd=RAIZ, env=ambiente,
    )
    try:
        limite = time.monotonic() + 60
        while time.monotonic() < limite:
            if processo.poll() is not None:
                pytest.fail(f"The Celery worker exited with code {processo.returncode}")
            if app.control.ping(destination=[nome], timeout=1.0):
                break
        else:
            pytest.fail("The Celery worker did not answer a ping within 60 s")
        yield nome
    finally:
        processo.terminate()
        try:
            processo.wait(timeout=20)
        except subprocess.TimeoutExpired:
            processo.kill()


def esperar(condicao, segundos=30, intervalo=0.2):
    """Polls ``condicao()`` until truthy; returns its value or fails."""
    limite = time.monotonic() + segundos
    while time.monotonic() < limite:
        valor = condicao()
        if valor:
            return valor
        time.sleep(intervalo)
    pytest.fail(f"condition not met within {segundos} s")


# -- fixtures of the fault tests (test_falhas_*) ---------------------------------------------------


@pytest.fixture
def orgao_a(db):
    return orgao("ORGA", RepositorioFactory(nome="Repositório R1"))


@pytest.fixture
def orgao_b(orgao_a):
    return orgao("ORGB", orgao_a.orgao.repositorio)


@pytest.fixture
def pasta_de_componentes(settings, tmp_path):
    """The components storage, shared by this process and the workers it starts."""
    pasta = tmp_path / "componentes"
    settings.STORAGES = {**settings.STORAGES, "componentes": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(pasta)}}}
    return pasta


@pytest.fixture
def trabalhadores():
    """Starts ``n`` workers on ``fila`` together (``trabalhadores(fila, n, **opcoes)`` → the first) and kills
    them all at the end (their queue is this test's own: nothing of another test is lost)."""
    exigir_integracao()
    iniciados: list[Trabalhador] = []

    def iniciar(fila, n=1, **opcoes) -> Trabalhador:
        novos = [Trabalhador(fila, **opcoes).lancar() for _ in range(n)]
        iniciados.extend(novos)
        for trabalhador in novos:
            trabalhador.aguardar()
        return novos[0]

    yield iniciar
    for trabalhador in iniciados:
        trabalhador.matar()
