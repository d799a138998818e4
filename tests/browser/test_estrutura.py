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


def test_unit_added_in_the_tree_is_visible_highlighted_and_no_control_sits_in_a_summary(
    pagina, url, login, gestor, comite
):
    from playwright.sync_api import expect

    from tests.factories.estrutura import UnidadeFactory

    orgao = comite.unidade
    sec = UnidadeFactory(parent=orgao, nome="Secretaria de Obras", sigla="SEOB")
    coord = UnidadeFactory(parent=sec, nome="Coordenação de Vias", sigla="COVI")
    login(gestor)
    pagina.wait_for_url(url("/principal/"))
    pagina.goto(url(f"/estrutura/orgaos/{orgao.pk}/hierarquia/"))
    assert pagina.locator("summary input, summary label, summary a, summary button").count() == 0
    pagina.locator(f"li.estrutura-ramo:has(> label input[value='{sec.pk}']) > details > summary").click()  # open
    pagina.locator(f"input[name=unidade][value='{coord.pk}']").check()
    pagina.click("button[value=adicionar_filha]")
    pagina.fill("#id_nome", "Divisão de Pontes")
    pagina.fill("#id_sigla", "DIPON")
    pagina.fill("#id_descricao", "Pontes e viadutos")
    pagina.locator("form button[type=submit]").last.click()
    pagina.wait_for_selector("text=Unidade Divisão de Pontes - DIPON")
    nova = Unidade.objects.get(sigla="DIPON")
    atual = pagina.locator("[aria-current=true]")
    expect(atual).to_have_count(1)
    expect(atual).to_be_visible()  # its ancestors' <details> are open
    expect(atual).to_contain_text(f"Divisão de Pontes - DIPON ({nova.pk})")
    expect(pagina.locator(f"input[name=unidade][value='{nova.pk}']")).to_be_checked()
    assert pagina.locator("summary input, summary label, summary a, summary button").count() == 0
