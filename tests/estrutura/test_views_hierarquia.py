"""Hierarquia screen (§7.3) and its unit actions, with the data-scoped permissions."""

import pytest
from django.urls import reverse

from estrutura.models import Unidade
from tests.conftest import entrar
from tests.factories.estrutura import OrgaoFactory, RepositorioSiorgFactory, UnidadeFactory
from tests.factories.portal import PessoaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgao(comite):
    return comite.unidade


@pytest.fixture
def unidades_do_orgao(orgao):
    sec = UnidadeFactory(parent=orgao, nome="Secretaria de Administração", sigla="SEAD")
    coord = UnidadeFactory(parent=sec, nome="Coordenação de Protocolo", sigla="COPRO")
    antiga = UnidadeFactory(parent=orgao, nome="Assessoria Extinta", sigla="ASEX", ativo=False)
    return {"sec": sec, "coord": coord, "antiga": antiga}


def url_unidade(nome, orgao, unidade):
    return reverse(f"estrutura:{nome}", args=[orgao.pk, unidade.pk])


ACOES_DE_UNIDADE = ["unidade_detalhe", "unidade_adicionar_filha", "unidade_editar", "unidade_alterar_pai",
                    "unidade_inativar", "unidade_reativar", "importar_csv"]


def test_gestor_sees_tree_with_name_sigla_and_id(client_gestor, orgao, unidades_do_orgao):
    resposta = client_gestor.get(reverse("estrutura:hierarquia", args=[orgao.pk]))
    assert resposta.status_code == 200
    html = resposta.content.decode()
    sec = unidades_do_orgao["sec"]
    assert f"Secretaria de Administração - SEAD ({sec.pk})" in html
    assert "Coordenação de Protocolo - COPRO" in html
    assert "Assessoria Extinta" not in html  # inactive hidden by default
    assert 'value="adicionar_filha"' in html


def test_show_inactive_lists_inactive_units(client_gestor, orgao, unidades_do_orgao):
    resposta = client_gestor.get(reverse("estrutura:hierarquia", args=[orgao.pk]), {"inativos": "on"})
    html = resposta.content.decode()
    assert "Assessoria Extinta" in html and 'value="reativar"' in html


def test_search_needs_three_characters_and_highlights_hits(client_gestor, orgao, unidades_do_orgao):
    url = reverse("estrutura:hierarquia", args=[orgao.pk])
    assert "Informe ao menos 3 caracteres" in client_gestor.get(url, {"q": "co"}).content.decode()
    html = client_gestor.get(url, {"q": "protocolo"}).content.decode()
    assert '<mark class="estrutura-destaque">Coordenação de Protocolo - COPRO' in html
    assert "1 unidade(s) encontrada(s)" in html


def test_gestor_of_other_comite_gets_404_on_hierarchy(client_outro_gestor, orgao):
    assert client_outro_gestor.get(reverse("estrutura:hierarquia", args=[orgao.pk])).status_code == 404


def test_anonymous_is_sent_to_login(client, orgao):
    resposta = client.get(reverse("estrutura:hierarquia", args=[orgao.pk]))
    assert resposta.status_code == 302 and "/contas/login/" in resposta["Location"]


def test_person_without_profile_gets_403(client, orgao):
    entrar(client, PessoaFactory())
    assert client.get(reverse("estrutura:hierarquia", args=[orgao.pk])).status_code == 403


@pytest.mark.parametrize("acao", ACOES_DE_UNIDADE)
def test_gestor_of_other_comite_gets_404_on_every_unit_action(client_outro_gestor, orgao, unidades_do_orgao, acao):
    resposta = client_outro_gestor.get(url_unidade(acao, orgao, unidades_do_orgao["sec"]))
    assert resposta.status_code == 404
    resposta = client_outro_gestor.post(url_unidade(acao, orgao, unidades_do_orgao["sec"]), {"nome": "X"})
    assert resposta.status_code == 404


def test_gestor_cannot_inactivate_the_orgao_root(client_gestor, orgao, unidades_do_orgao):
    resposta = client_gestor.post(url_unidade("unidade_inativar", orgao, orgao), follow=True)
    assert "só pode ser inativada por um Administrador" in resposta.content.decode()
    assert Unidade.objects.get(pk=orgao.pk).ativo and Unidade.objects.get(pk=unidades_do_orgao["sec"].pk).ativo


@pytest.mark.parametrize("acao", ACOES_DE_UNIDADE)
def test_gestor_opens_every_unit_action(client_gestor, orgao, unidades_do_orgao, acao):
    assert client_gestor.get(url_unidade(acao, orgao, unidades_do_orgao["sec"])).status_code == 200


def test_unit_outside_the_orgao_is_404(client_gestor, orgao, outro_comite):
    fora = UnidadeFactory(parent=outro_comite.unidade)
    assert client_gestor.get(url_unidade("unidade_editar", orgao, fora)).status_code == 404


def test_action_buttons_redirect_to_the_selected_unit(client_gestor, orgao, unidades_do_orgao):
    url = reverse("estrutura:hierarquia_acao", args=[orgao.pk])
    resposta = client_gestor.get(url, {"acao": "editar", "unidade": unidades_do_orgao["coord"].pk})
    assert resposta.status_code == 302
    assert resposta["Location"].startswith(url_unidade("unidade_editar", orgao, unidades_do_orgao["coord"]))
    sem_escolha = client_gestor.get(url, {"acao": "editar"}, follow=True)
    assert "Selecione uma unidade" in sem_escolha.content.decode()


def test_add_child_unit(client_gestor, orgao, unidades_do_orgao):
    resposta = client_gestor.post(url_unidade("unidade_adicionar_filha", orgao, unidades_do_orgao["coord"]), {
        "nome": "Divisão de Expedição", "sigla": "DIEXP", "codigo_no_orgao": "123", "descricao": "Expedição",
    })
    assert resposta.status_code == 302
    nova = Unidade.objects.get(sigla="DIEXP")
    assert nova.parent == unidades_do_orgao["coord"] and nova.codigo_no_orgao == "123"
    assert resposta["Location"] == reverse("estrutura:hierarquia", args=[orgao.pk]) + f"?selecionada={nova.pk}"


def test_no_radio_button_sits_inside_a_summary(client_gestor, orgao, unidades_do_orgao):
    import re

    html = client_gestor.get(reverse("estrutura:hierarquia", args=[orgao.pk])).content.decode()
    resumos = re.findall(r"<summary>(.*?)</summary>", html, flags=re.S)
    arvore = [r for r in resumos if "Subunidades de" in r]
    assert len(arvore) == 2  # the órgão and the Secretaria have children shown
    assert all("<input" not in r and "<label" not in r for r in resumos)
    sec = unidades_do_orgao["sec"]
    ramo = html.split(f'value="{sec.pk}"')[0].rsplit("<li", 1)[1]
    assert 'class="estrutura-ramo"' in ramo  # the radio is in the <li>, before its <details>


def test_unit_just_added_is_shown_with_open_ancestors_and_highlighted(client_gestor, orgao, unidades_do_orgao):
    coord = unidades_do_orgao["coord"]
    UnidadeFactory(parent=orgao, nome="Outra Secretaria", sigla="OSEC")
    resposta = client_gestor.post(url_unidade("unidade_adicionar_filha", orgao, coord) + "?voltar=/principal/",
                                  {"nome": "Divisão Nova", "sigla": "DINOV", "descricao": "Nova"})
    nova = Unidade.objects.get(sigla="DINOV")
    assert resposta["Location"] == reverse("estrutura:hierarquia", args=[orgao.pk]) + f"?selecionada={nova.pk}"
    html = client_gestor.get(resposta["Location"]).content.decode()
    assert 'class="estrutura-no estrutura-selecionada" aria-current="true">' \
           f'<input type="radio" name="unidade" value="{nova.pk}" checked>' in html
    assert html.count('aria-current="true"') == 1
    for ancestral in (unidades_do_orgao["sec"], coord):  # every ancestor's <details> is open
        trecho = html.split(f'value="{ancestral.pk}"')[1]
        assert trecho.split("<summary>")[0].endswith("<details open>")


def test_plain_tree_highlights_nothing(client_gestor, orgao, unidades_do_orgao):
    html = client_gestor.get(reverse("estrutura:hierarquia", args=[orgao.pk])).content.decode()
    assert 'aria-current="true"' not in html and "estrutura-selecionada" not in html


def test_selected_unit_deeper_than_a_big_tree_shows_is_brought_with_its_path(client_gestor, orgao,
                                                                             unidades_do_orgao, monkeypatch):
    from estrutura.views import comum as views  # the tree helper reads its limits there

    monkeypatch.setattr(views, "LIMITE_DA_ARVORE", 2)
    monkeypatch.setattr(views, "NIVEIS_QUANDO_GRANDE", 0)
    funda = UnidadeFactory(parent=unidades_do_orgao["coord"], nome="Seção Funda", sigla="SFUN")
    url = reverse("estrutura:hierarquia", args=[orgao.pk])
    assert "Seção Funda" not in client_gestor.get(url).content.decode()
    html = client_gestor.get(url, {"selecionada": funda.pk}).content.decode()
    assert f'value="{funda.pk}" checked> Seção Funda - SFUN' in html and 'aria-current="true"' in html


def test_add_child_shows_field_errors_in_portuguese(client_gestor, orgao, unidades_do_orgao):
    resposta = client_gestor.post(url_unidade("unidade_adicionar_filha", orgao, unidades_do_orgao["sec"]), {
        "nome": "", "sigla": "SIGLA-MUITO-LONGA-DEMAIS", "codigo_no_orgao": "12a", "descricao": "",
    })
    assert resposta.status_code == 200
    html = resposta.content.decode()
    assert "Corrija os campos indicados" in html and "Use apenas números" in html
    assert Unidade.objects.count() == 4


def test_edit_unit(client_gestor, orgao, unidades_do_orgao):
    sec = unidades_do_orgao["sec"]
    client_gestor.post(url_unidade("unidade_editar", orgao, sec),
                       {"nome": "Secretaria de Gestão", "sigla": "SEGES", "descricao": "Gestão"})
    sec.refresh_from_db()
    assert (sec.nome, sec.sigla) == ("Secretaria de Gestão", "SEGES")


def test_change_parent_offers_no_descendant_and_refuses_cycles(client_gestor, orgao, unidades_do_orgao):
    sec, coord = unidades_do_orgao["sec"], unidades_do_orgao["coord"]
    url = url_unidade("unidade_alterar_pai", orgao, sec)
    html = client_gestor.get(url).content.decode()
    assert f'value="{coord.pk}"' not in html and f'value="{orgao.pk}"' not in html  # own child; current parent
    resposta = client_gestor.post(url, {"novo_pai": coord.pk})
    assert resposta.status_code == 200 and "Corrija os campos" in resposta.content.decode()
    sec.refresh_from_db()
    assert sec.parent == orgao


def test_change_parent_moves_unit(client_gestor, orgao, unidades_do_orgao):
    outra = UnidadeFactory(parent=orgao, nome="Gabinete", sigla="GAB")
    coord = unidades_do_orgao["coord"]
    resposta = client_gestor.post(url_unidade("unidade_alterar_pai", orgao, coord), {"novo_pai": outra.pk})
    assert resposta.status_code == 302
    coord.refresh_from_db()
    assert coord.parent == outra and coord.caminho.startswith(outra.caminho)


def test_inactivate_and_reactivate(client_gestor, orgao, unidades_do_orgao):
    sec = unidades_do_orgao["sec"]
    assert "2 unidade(s) serão inativadas" in client_gestor.get(
        url_unidade("unidade_inativar", orgao, sec)).content.decode()
    client_gestor.post(url_unidade("unidade_inativar", orgao, sec))
    assert not Unidade.objects.get(pk=unidades_do_orgao["coord"].pk).ativo
    client_gestor.post(url_unidade("unidade_reativar", orgao, sec), {"incluir_subunidades": "on"})
    assert Unidade.objects.get(pk=unidades_do_orgao["coord"].pk).ativo


def test_siorg_orgao_is_read_only_with_a_note(client, gestor, comite):
    repo = RepositorioSiorgFactory()
    ministerio = OrgaoFactory(repositorio=repo, origem=Unidade.Origem.SIORG, siorg_codigo="244")
    comite.unidade = ministerio
    comite.save()
    entrar(client, gestor)
    html = client.get(reverse("estrutura:hierarquia", args=[ministerio.pk])).content.decode()
    assert "somente leitura" in html and "SIORG" in html
    assert 'value="editar"' not in html and 'value="adicionar_filha"' not in html
    resposta = client.post(url_unidade("unidade_editar", ministerio, ministerio), {"nome": "Outro", "sigla": "X",
                                                                                   "descricao": "x"}, follow=True)
    assert "não pode ser alterada no portal" in resposta.content.decode()
    ministerio.refresh_from_db()
    assert ministerio.nome != "Outro"


def test_admin_sees_any_orgao(client_admin, orgao, unidades_do_orgao):
    assert client_admin.get(reverse("estrutura:hierarquia", args=[orgao.pk])).status_code == 200


def test_unit_detail_shows_path_and_receiving_state(client_gestor, orgao, unidades_do_orgao):
    html = client_gestor.get(url_unidade("unidade_detalhe", orgao, unidades_do_orgao["coord"])).content.decode()
    assert "SEAD / " in html and "Apta a receber trâmites" in html
