"""The demo loader builds the three repositories and can run twice."""

import pytest

from estrutura import demo
from estrutura.models import ExecucaoDeImportacao, RepositorioDeEstruturas, Unidade

pytestmark = pytest.mark.django_db


def test_demo_loads_siorg_sample_and_manual_repositories_idempotently():
    primeiro = demo.carregar()
    total = Unidade.objects.count()
    segundo = demo.carregar()
    assert primeiro == segundo and Unidade.objects.count() == total
    siorg = RepositorioDeEstruturas.objects.get(is_siorg=True)
    mp = Unidade.objects.get(repositorio=siorg, siorg_codigo="2981")  # the official documentation's example
    assert mp.parent.siorg_codigo == "26" and mp.sigla == "MP"
    inss = Unidade.objects.get(repositorio=siorg, siorg_codigo="1934")
    assert [a.sigla for a in Unidade.objects.ancestrais(inss)] == ["MPS", "PR"]
    assert ExecucaoDeImportacao.objects.filter(situacao="sucesso").count() == 4
    trf1 = Unidade.objects.get(pk=primeiro["unidades"]["TRF1"])
    assert trf1.repositorio.nome == "Poder Judiciário" and trf1.eh_orgao
    govmg = Unidade.objects.get(pk=primeiro["unidades"]["GOVMG"])
    assert govmg.repositorio.nome == "Estado – Minas Gerais"
    assert Unidade.objects.subarvore(govmg).count() == 6
