"""PostgreSQL only: trigram indexes for the audit page's text filters (usuário, ação: ``icontains``).

Django writes ``icontains`` as ``UPPER(col::text) LIKE UPPER('%termo%')``; the indexes are on that very
expression, so a rare term is found without scanning a million records. pg_trgm is a trusted extension
(PostgreSQL 13+); if the role cannot create it the filters still work, only slower.
"""

import logging

from django.db import migrations, transaction

log = logging.getLogger(__name__)

INDICES = {
    "portal_audit_usuario_trgm": "usuario_repr",
    "portal_audit_acao_trgm": "acao",
}


def criar(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception as erro:  # noqa: BLE001 - the portal works without the index
        log.warning("pg_trgm indisponível; filtros de texto da auditoria sem índice: %s", erro)
        return
    for nome, coluna in INDICES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {nome} ON portal_registrodeauditoria "
            f"USING gin ((UPPER({coluna}::text)) gin_trgm_ops)"
        )


def remover(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for nome in INDICES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {nome}")


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_auditoria_repositorio")]

    operations = [migrations.RunPython(criar, remover)]
