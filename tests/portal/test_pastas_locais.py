"""A fresh clone has no var/ folder: every default path under it must work on first use.

Runs in a subprocess, because settings are read once per process.
"""

import os
import subprocess
import sys
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[2]

USA_CADA_PASTA = """
import django
django.setup()
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import connection
from portal.celery import app

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE teste (x integer)")
cache.set("chave", "valor")
assert cache.get("chave") == "valor"
send_mail("assunto", "corpo", "de@exemplo.gov.br", ["para@exemplo.gov.br"])
default_storage.save("anexos/teste.txt", ContentFile(b"conteudo"))
with app.connection_for_write() as conexao:
    conexao.SimpleQueue("teste").put({"ola": 1})
print("ok")
"""


def test_every_default_path_under_a_missing_var_folder_works_on_first_use(tmp_path):
    var = tmp_path / "clone-novo" / "var"
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "CACHE_URL", "CELERY_BROKER_URL", "EMAIL_BACKEND", "PRIVATE_MEDIA_ROOT"}}
    env.update(DJANGO_ENV="development", PORTAL_VAR_DIR=str(var), DJANGO_SETTINGS_MODULE="portal.settings",
               CELERY_TASK_ALWAYS_EAGER="false", PYTHONPATH=str(RAIZ))
    pasta_de_trabalho = tmp_path / "cwd"
    pasta_de_trabalho.mkdir()

    resultado = subprocess.run([sys.executable, "-c", USA_CADA_PASTA], cwd=pasta_de_trabalho, env=env,
                               capture_output=True, text=True, timeout=120)

    assert resultado.returncode == 0, resultado.stdout + resultado.stderr
    assert (var / "db.sqlite3").is_file()
    assert any((var / "cache").iterdir())
    assert any((var / "emails").iterdir())
    assert (var / "private" / "anexos" / "teste.txt").read_bytes() == b"conteudo"
    assert any((var / "broker" / "out").iterdir())
    assert any((var / "broker" / "control").iterdir())
    assert list(pasta_de_trabalho.iterdir()) == []  # nothing written where the command happened to run
