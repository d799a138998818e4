import django.db.models.deletion
from django.db import migrations, models


def criar_parametros(apps, schema_editor):
    """The digest's e-mail template gets its Parâmetros rows, like every other."""
    from portal.parametros_padrao import DEFINICOES

    Parametro = apps.get_model("portal", "Parametro")
    for d in DEFINICOES:
        Parametro.objects.get_or_create(chave=d.chave, defaults=dict(
            categoria=d.categoria, nome=d.nome, descricao=d.descricao, tipo=d.tipo, valor=d.padrao,
            unidade=d.unidade, minimo=d.minimo, maximo=d.maximo,
        ))


class Migration(migrations.Migration):

    dependencies = [
        ("comites", "0008_certificado_enderecos"),
        ("tramites", "0007_indices_do_painel"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicodestatus",
            name="certificado",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="+", to="comites.certificado", verbose_name="certificado digital"),
        ),
        migrations.CreateModel(
            name="ResumoDeParados",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("dia", models.DateField(verbose_name="dia")),
                ("quantidade", models.PositiveIntegerField(verbose_name="trâmites listados")),
                ("enviado_em", models.DateTimeField(auto_now_add=True, verbose_name="enviado em")),
                ("comite", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                             to="comites.comite", verbose_name="órgão")),
            ],
            options={
                "verbose_name": "resumo diário de trâmites parados",
                "verbose_name_plural": "resumos diários de trâmites parados",
                "constraints": [models.UniqueConstraint(fields=("comite", "dia"), name="um_resumo_de_parados_por_dia")],
            },
        ),
        migrations.RunPython(criar_parametros, migrations.RunPython.noop),
    ]
