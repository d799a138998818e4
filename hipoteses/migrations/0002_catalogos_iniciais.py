"""Seeds the reference catalogues: 23 hipóteses legais, 187 espécies documentais, Sistemas de Governo and
Gestores Tecnológicos. Safe to re-run: entries are looked up by their stable id or name, never duplicated,
and existing entries (possibly edited by an administrator) are left as they are."""

from django.db import migrations
from django.db.models import Max

from hipoteses.migrations._catalogos_iniciais import (
    ESPECIES,
    GESTORES_TECNOLOGICOS,
    HIPOTESES,
    SISTEMAS_DE_GOVERNO,
)


def semear(apps, schema_editor):
    HipoteseLegal = apps.get_model("hipoteses", "HipoteseLegal")
    EspecieDocumental = apps.get_model("hipoteses", "EspecieDocumental")
    Numerador = apps.get_model("hipoteses", "Numerador")
    SistemaDeGoverno = apps.get_model("portal", "SistemaDeGoverno")
    GestorTecnologico = apps.get_model("portal", "GestorTecnologico")

    for identificacao, (nome, base_legal) in enumerate(HIPOTESES, start=1):
        if not HipoteseLegal.objects.filter(nome=nome).exists():
            HipoteseLegal.objects.get_or_create(
                identificacao=identificacao, defaults={"nome": nome, "base_legal": base_legal}
            )

    for codigo, nome, observacao in ESPECIES:
        if not EspecieDocumental.objects.filter(nome=nome).exists():
            EspecieDocumental.objects.get_or_create(codigo=codigo, defaults={"nome": nome, "observacao": observacao})

    for codigo, nome, sigla, descricao in SISTEMAS_DE_GOVERNO:
        if SistemaDeGoverno.objects.filter(nome=nome).exists():
            continue
        if SistemaDeGoverno.objects.filter(codigo=codigo).exists():
            codigo = (SistemaDeGoverno.objects.aggregate(m=Max("codigo"))["m"] or 0) + 1
        SistemaDeGoverno.objects.create(codigo=codigo, nome=nome, sigla=sigla, descricao=descricao)

    for nome, descricao, interno in GESTORES_TECNOLOGICOS:
        GestorTecnologico.objects.get_or_create(nome=nome, defaults={"descricao": descricao, "interno": interno})

    # The next ids handed out by the services start after the seeds.
    for chave, model, campo in (
        ("hipotese_legal", HipoteseLegal, "identificacao"),
        ("sistema_de_governo", SistemaDeGoverno, "codigo"),
    ):
        maior = model.objects.aggregate(m=Max(campo))["m"] or 0
        numerador, _ = Numerador.objects.get_or_create(chave=chave)
        if numerador.ultimo < maior:
            numerador.ultimo = maior
            numerador.save(update_fields=["ultimo"])


class Migration(migrations.Migration):
    dependencies = [
        ("hipoteses", "0001_initial"),
        ("portal", "0002_parametros_iniciais"),
    ]

    operations = [migrations.RunPython(semear, migrations.RunPython.noop)]
