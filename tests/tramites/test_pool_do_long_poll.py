"""The long-poll process (``portal/asgi.py``) takes its PostgreSQL connections from a pool: each poll closes
its connection before it waits, which without a pool cost a new backend every time it looked again.

Each case runs Python in a subprocess, because settings are read once per process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parents[2]
PG = os.environ.get("CICLO_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def _rodar(codigo: str, **ambiente) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k not in ("DB_POOL", "DATABASE_URL")}
    env.update(DJANGO_ENV="development", DEBUG="false", CACHE_URL="locmemcache://", CONN_MAX_AGE="60",
               PYTHONPATH=str(RAIZ), **ambiente)
    saida = subprocess.run([sys.executable, "-c", codigo], cwd=RAIZ, env=env, capture_output=True, text=True,
                           timeout=120)
    assert saida.returncode == 0, saida.stderr[-3000:]
    return json.loads(saida.stdout.strip().splitlines()[-1])


CONFIGURACAO = """
import json, os
{antes}
from django.conf import settings
banco = settings.DATABASES["default"]
print(json.dumps({{"pool": banco.get("OPTIONS", {{}}).get("pool"), "idade": banco["CONN_MAX_AGE"]}}))
"""


def test_processo_do_long_poll_usa_pool_e_os_demais_conexoes_persistentes():
    asgi = _rodar(CONFIGURACAO.format(antes="import portal.asgi"), DATABASE_URL=PG)
    assert asgi["pool"]["max_size"] >= 1 and asgi["idade"] == 0
    wsgi = _rodar(CONFIGURACAO.format(antes="import portal.wsgi"), DATABASE_URL=PG)
    assert wsgi["pool"] is None and wsgi["idade"] == 60


def test_sem_postgresql_nao_ha_pool(tmp_path):
    asgi = _rodar(CONFIGURACAO.format(antes="import portal.asgi"), DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}",
                  PORTAL_VAR_DIR=str(tmp_path))
    assert asgi["pool"] is None


@pytest.mark.integration
def test_conexao_fechada_antes_da_espera_volta_ao_pool_e_e_reaproveitada():
    codigo = """
import json
import portal.asgi
from django.db import connection
from tramites.api.pendencias import _soltar_conexao
pids = []
for _ in range(6):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pids.append(cursor.fetchone()[0])
    _soltar_conexao()
print(json.dumps({"pids": pids}))
"""
    pids = _rodar(codigo, DATABASE_URL=PG)["pids"]
    # closing hands the backend back to the pool (which may open a second one while it starts, then take them
    # in turn): not a new backend per query, as without the pool (6 of them)
    assert len(set(pids)) <= 2
