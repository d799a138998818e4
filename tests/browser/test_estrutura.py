"""A gestor imports a CSV into the órgão's hierarchy in a real browser: upload, preview tree, confirm."""

import pytest

from estrutura.models import Unidade

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = ("CODIGO,CODIGO DO PAI,NOME,SIGLA,SIGLA COMPLETA\n"
       "1,,Secretaria de Saúde,SESAUDE,SESAUDE\n"
       "2,1,Departamento de Saúde,DSAUDE,DSAUDE/SESAUDE\n"
       "3,2,Coordenação-Geral de Saúde,CGSAUDE,CGSAUDE/DSAUDE/SESAUDE\n")


def test_gestor_imports_csv_with_preview_and_sees_the_new_tree(pagina, url, login, gestor, comite, tmp_path):
    orgao = comite.unidade
    arquivo = tmp_path / "estrutura.csv"
    arquivo.write_text(CSV, encoding="utf-8")

    login(gestor)
    pagina.wait_for_url(url("/principal/"))
    pagina.goto(url(f"/estrutura/orgaos/{orgao.pk}/hierarquia/"))
    assert f"{orgao.nome} - {orgao.sigla} ({orgao.pk})" in pagina.content()

    pagina.check(f"input[name=unidade][value='{orgao.pk}']")
    pagina.click("button[value=importar]")
    pagina.set_input_files("input[name=arquivo]", str(arquivo))
    pagina.click("form[enctype] button[type=submit]")

    pagina.wait_for_selector("text=3 Estruturas Organizacionais foram encontradas! Deseja importá-las?")
    assert "Coordenação-Geral de Saúde - CGSAUDE" in pagina.content()
    assert Unidade.objects.count() == 1  # nothing created by the preview

    pagina.click("button[value=confirmar]")
    pagina.wait_for_selector("text=3 unidade(s) criada(s)")
    pagina.click("text=Voltar à hierarquia")
    pagina.wait_for_selector("text=Secretaria de Saúde - SESAUDE")
    cg = Unidade.objects.get(sigla="CGSAUDE")
    assert f"Coordenação-Geral de Saúde - CGSAUDE ({cg.pk})" in pagina.content()
    assert [a.sigla for a in Unidade.objects.ancestrais(cg)] == ["DSAUDE", "SESAUDE", orgao.sigla]


def test_bad_csv_shows_line_and_column_in_the_browser(pagina, url, login, gestor, comite, tmp_path):
    orgao = comite.unidade
    arquivo = tmp_path / "ruim.csv"
    arquivo.write_text(CSV + "3,,Repetida,REP,REP\n", encoding="utf-8")
    login(gestor)
    pagina.wait_for_url(url("/principal/"))
    pagina.goto(url(f"/estrutura/orgaos/{orgao.pk}/unidades/{orgao.pk}/importar-csv/"))
    pagina.set_input_files("input[name=arquivo]", str(arquivo))
    pagina.click("form[enctype] button[type=submit]")
    pagina.wait_for_selector("text=Linha 5, coluna CODIGO")
    assert Unidade.objects.count() == 1
