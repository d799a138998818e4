from django.db import migrations


def criar_parametros(apps, schema_editor):
    """The Painel's parameters (the stuck-trâmite threshold) get their rows, like every other."""
    from portal.parametros_padrao import DEFINICOES

    Parametro = apps.get_model("portal", "Parametro")
    for d in DEFINICOES:
        Parametro.objects.get_or_create(chave=d.chave, defaults=dict(
            categoria=d.categoria, nome=d.nome, descricao=d.descricao, tipo=d.tipo, valor=d.padrao,
            unidade=d.unidade, minimo=d.minimo, maximo=d.maximo,
        ))


class Migration(migrations.Migration):

    dependencies = [
        ("tramites", "0005_cancelamento_lido_em"),
    ]

    operations = [
        migrations.RunPython(criar_parametros, migrations.RunPython.noop),
    ]
