"""A fresh install has the SIORG repository, so ``manage.py importar_siorg FILE`` works right after
``migrate`` (the importer writes into the repository marked as SIORG).

Written here and not through a service because no person acts during ``migrate``; the repository's
creation date is its audit trail. Nothing is done when a SIORG repository already exists, or when a
repository already uses the name (an administrator's choice that a migration must not override).
"""

from django.db import migrations

NOME = "Poder Executivo Federal"
DESCRICAO = "Estrutura do Poder Executivo Federal, importada automaticamente do SIORG."


def criar_repositorio_siorg(apps, schema_editor):
    repositorios = apps.get_model("estrutura", "RepositorioDeEstruturas").objects.using(schema_editor.connection.alias)
    if repositorios.filter(is_siorg=True).exists() or repositorios.filter(nome=NOME).exists():
        return
    repositorios.create(nome=NOME, descricao=DESCRICAO, is_siorg=True)


class Migration(migrations.Migration):

    dependencies = [
        ("estrutura", "0005_indices_de_busca"),
    ]

    operations = [
        migrations.RunPython(criar_repositorio_siorg, migrations.RunPython.noop, elidable=False),
    ]
