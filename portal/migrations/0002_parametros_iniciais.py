from django.db import migrations


def criar(apps, schema_editor):
    from portal.parametros_padrao import DEFINICOES

    Parametro = apps.get_model("portal", "Parametro")
    for d in DEFINICOES:
        Parametro.objects.get_or_create(
            chave=d.chave,
            defaults=dict(
                categoria=d.categoria, nome=d.nome, descricao=d.descricao, tipo=d.tipo, valor=d.padrao,
                unidade=d.unidade, minimo=d.minimo, maximo=d.maximo,
            ),
        )


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]
    operations = [migrations.RunPython(criar, migrations.RunPython.noop)]
