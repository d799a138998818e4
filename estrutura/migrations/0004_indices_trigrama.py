"""PostgreSQL only: trigram indexes so ``nome_busca LIKE '%fragmento%'`` does not scan 100k+ units.

pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it. If the role cannot,
the searches still work, only slower, so the failure is logged instead of stopping the migration.
"""

import logging

from django.db import migrations, transaction

log = logging.getLogger(__name__)

INDICES = {
    "estrutura_unid_nome_trgm": "nome_busca",
    "estrutura_unid_sigla_trgm": "sigla_busca",
}


def criar(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception as erro:  # noqa: BLE001 - the portal works without the index
        log.warning("pg_trgm indisponível; buscas por nome sem índice: %s", erro)
        return
    for nome, coluna in INDICES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {nome} ON estrutura_unidade USING gin ({coluna} gin_trgm_ops)"
        )


def remover(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for nome in INDICES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {nome}")


class Migration(migrations.Migration):
    dependencies = [("estrutura", "0003_importacoes_e_busca")]

    operations = [migrations.RunPython(criar, remover)]
