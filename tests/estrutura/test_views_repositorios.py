"""Repositórios de Estrutura (Administrador), Migrar, and the public Consultar Unidades page."""

import pytest
from django.urls import reverse

from estrutura.models import RepositorioDeEstruturas, Unidade
from portal import navigation
from tests.conftest import entrar
from tests.factories.estrutura import OrgaoFactory, RepositorioFactory, RepositorioSiorgFactory, UnidadeFactory

pytestmark = pytest.mark.django_db


def test_admin_lists_and_filters_repositories(client_admin):
    RepositorioFactory(nome="Poder Judiciário", descricao="Tribunais")
    RepositorioFactory(nome="Estado – Minas Gerais", descricao="Estado")
    RepositorioSiorgFactory()
    html = client_admin.get(reverse("estrutura:repositorios")).content.decode()
    assert "Poder Judiciário" in html and "Estado – Minas Gerais" in html and "SIORG" in html
    filtrado = client_admin.get(reverse("estrutura:repositorios"), {"nome": "judic"}).content.decode()
    assert "Poder Judiciário" in filtrado and "Estado – Minas Gerais" not in filtrado


def test_admin_creates_edits_inactivates_and_reactivates(client_admin):
    client_admin.post(reverse("estrutura:repositorio_novo"), {"nome": "Tribunais de Contas", "descricao": "TCU, TCE"})
    repo = RepositorioDeEstruturas.objects.get(nome="Tribunais de Contas")
    client_admin.post(reverse("estrutura:repositorio_editar", args=[repo.pk]),
                      {"nome": "Tribunais de Contas", "descricao": "TCU, TCDF, TCE, TCM"})
    client_admin.post(reverse("estrutura:repositorio_inativar", args=[repo.pk]))
    repo.refresh_from_db()
    assert repo.descricao == "TCU, TCDF, TCE, TCM" and not repo.ativo
    client_admin.post(reverse("estrutura:repositorio_reativar", args=[repo.pk]))
    repo.refresh_from_db()
    assert repo.ativo


def test_only_unused_repository_can_be_deleted(client_admin):
    RepositorioSiorgFactory()  # every install has it (data migration)
    vazio = RepositorioFactory(nome="Criado por engano")
    usado = RepositorioFactory(nome="Com órgãos")
    OrgaoFactory(repositorio=usado)
    client_admin.post(reverse("estrutura:repositorio_excluir", args=[vazio.pk]))
    resposta = client_admin.post(reverse("estrutura:repositorio_excluir", args=[usado.pk]), follow=True)
    assert "inative-o em vez de excluir" in resposta.content.decode()
    assert list(RepositorioDeEstruturas.objects.values_list("nome", flat=True)) == ["Poder Executivo Federal",
                                                                                   "Com órgãos"]


def test_repository_form_errors(client_admin):
    RepositorioFactory(nome="Poder Judiciário")
    resposta = client_admin.post(reverse("estrutura:repositorio_novo"), {"nome": "poder judiciário", "descricao": ""})
    html = resposta.content.decode()
    assert resposta.status_code == 200 and "Já existe um repositório" in html and "obrigatório" in html


@pytest.mark.parametrize("nome", ["repositorios", "repositorio_novo"])
def test_gestor_gets_403_on_repository_admin(client_gestor, nome):
    assert client_gestor.get(reverse(f"estrutura:{nome}")).status_code == 403


def test_gestor_gets_403_on_repository_object_pages(client_gestor, repositorio):
    for nome in ("repositorio_editar", "repositorio_inativar", "repositorio_orgaos", "repositorio_migrar",
                 "repositorio_adicionar_orgao", "repositorio_excluir"):
        assert client_gestor.get(reverse(f"estrutura:{nome}", args=[repositorio.pk])).status_code == 403


def test_orgaos_page_shows_first_level_and_orgaos_with_inactive_toggle(client_admin):
    repo = RepositorioFactory(nome="Poder Judiciário")
    categoria = UnidadeFactory(repositorio=repo, nome="Tribunais Regionais Federais", sigla="TRF")
    trf1 = OrgaoFactory(parent=categoria, nome="Tribunal Regional Federal da 1ª Região", sigla="TRF1")
    UnidadeFactory(parent=trf1, nome="Seção de Protocolo", sigla="SEPRO")
    OrgaoFactory(parent=categoria, nome="Tribunal Extinto", sigla="TEX", ativo=False)
    url = reverse("estrutura:repositorio_orgaos", args=[repo.pk])
    html = client_admin.get(url).content.decode()
    assert f"Tribunal Regional Federal da 1ª Região - TRF1 ({trf1.pk})" in html
    assert "Seção de Protocolo" not in html and "Tribunal Extinto" not in html
    assert "Tribunal Extinto" in client_admin.get(url, {"inativos": "on"}).content.decode()


def test_admin_adds_first_level_orgao(client_admin):
    repo = RepositorioFactory()
    resposta = client_admin.post(reverse("estrutura:repositorio_adicionar_orgao", args=[repo.pk]), {
        "nome": "Superior Tribunal de Justiça", "sigla": "STJ", "codigo_no_orgao": "10", "descricao": "STJ",
        "eh_orgao": "on",
    })
    assert resposta.status_code == 302
    stj = Unidade.objects.get(sigla="STJ")
    assert stj.parent is None and stj.repositorio == repo and stj.eh_orgao


def test_siorg_repository_cannot_get_new_orgaos_or_be_migrated(client_admin):
    repo = RepositorioSiorgFactory()
    resposta = client_admin.post(reverse("estrutura:repositorio_adicionar_orgao", args=[repo.pk]),
                                 {"nome": "Novo", "sigla": "N", "descricao": "x"})
    assert resposta.status_code == 200 and "SIORG" in resposta.content.decode()
    assert not Unidade.objects.exists()
    assert client_admin.get(reverse("estrutura:repositorio_migrar", args=[repo.pk])).status_code == 302
    html = client_admin.get(reverse("estrutura:repositorios")).content.decode()
    assert reverse("estrutura:repositorio_migrar", args=[repo.pk]) not in html


def test_migrate_subtree_to_another_repository_keeps_ids(client_admin):
    origem = RepositorioFactory(nome="Minas Gerais")
    destino = RepositorioFactory(nome="Estruturas em Transição")
    alvo = OrgaoFactory(repositorio=origem, nome="Secretaria Extinta", sigla="SEX")
    filha = UnidadeFactory(parent=alvo, nome="Diretoria", sigla="DIR")
    neta = UnidadeFactory(parent=filha, nome="Divisão", sigla="DIV")
    html = client_admin.get(reverse("estrutura:repositorio_migrar", args=[origem.pk]),
                            {"unidade": alvo.pk}).content.decode()
    assert f'value="{alvo.pk}" checked' in html
    resposta = client_admin.post(reverse("estrutura:repositorio_migrar", args=[origem.pk]),
                                 {"unidade": alvo.pk, "destino": destino.pk})
    assert resposta.status_code == 302
    for u, pai in ((alvo, None), (filha, alvo.pk), (neta, filha.pk)):
        atual = Unidade.objects.get(pk=u.pk)
        assert atual.repositorio == destino and atual.parent_id == pai


def test_migrate_form_errors(client_admin):
    origem = RepositorioFactory()
    destino = RepositorioFactory()
    alvo = OrgaoFactory(repositorio=origem)
    url = reverse("estrutura:repositorio_migrar", args=[origem.pk])
    html = client_admin.post(url, {"destino": destino.pk}).content.decode()
    assert "Selecione na árvore" in html
    html = client_admin.post(url, {"unidade": alvo.pk, "destino": destino.pk, "novo_pai": 999999}).content.decode()
    assert "Não há unidade com este ID" in html
    assert Unidade.objects.get(pk=alvo.pk).repositorio == origem


def test_repository_action_buttons(client_admin):
    repo = RepositorioFactory()
    orgao = OrgaoFactory(repositorio=repo)
    url = reverse("estrutura:repositorio_acao", args=[repo.pk])
    assert client_admin.get(url, {"acao": "hierarquia", "unidade": orgao.pk})["Location"] == reverse(
        "estrutura:hierarquia", args=[orgao.pk])
    editar = client_admin.get(url, {"acao": "editar", "unidade": orgao.pk})["Location"]
    assert editar.startswith(reverse("estrutura:unidade_editar", args=[orgao.pk, orgao.pk]))
    resposta = client_admin.post(editar, {"nome": "Tribunal Renomeado", "sigla": "TR", "descricao": "x"})
    assert resposta["Location"].startswith(reverse("estrutura:repositorio_orgaos", args=[repo.pk]))
    assert Unidade.objects.get(pk=orgao.pk).nome == "Tribunal Renomeado"


# --- public page -------------------------------------------------------------------------------------------


def test_public_search_shows_path_and_receiving_state_without_login(client):
    repo = RepositorioSiorgFactory()
    ministerio = OrgaoFactory(repositorio=repo, nome="Ministério da Educação", sigla="MEC")
    se = UnidadeFactory(parent=ministerio, nome="Secretaria-Executiva", sigla="SE")
    UnidadeFactory(parent=se, nome="Divisão de Protocolo Central", sigla="DIPRO", permite_recebimento=True)
    UnidadeFactory(parent=se, nome="Divisão de Arquivo", sigla="DIARQ")
    UnidadeFactory(parent=se, nome="Divisão de Protocolo Extinta", sigla="DIPEX", ativo=False)
    resposta = client.get(reverse("estrutura:consultar_unidades"), {"nome": "divisao"})
    assert resposta.status_code == 200
    html = resposta.content.decode()
    assert "Divisão de Protocolo Central" in html and "SE / MEC" in html
    assert "Divisão de Protocolo Extinta" not in html
    assert html.count('portal-badge verde">Sim') == 1
    aptas = client.get(reverse("estrutura:consultar_unidades"), {"repositorio": repo.pk, "aptas": "on"})
    assert "Divisão de Arquivo" not in aptas.content.decode()


def test_public_search_filters_by_repository(client):
    judiciario = RepositorioFactory(nome="Poder Judiciário")
    OrgaoFactory(repositorio=judiciario, nome="Tribunal de Justiça", sigla="TJMG")
    outro = RepositorioFactory(nome="Outro")
    OrgaoFactory(repositorio=outro, nome="Tribunal de Contas", sigla="TCE")
    html = client.get(reverse("estrutura:consultar_unidades"), {"repositorio": judiciario.pk}).content.decode()
    assert "TJMG" in html and "TCE" not in html


def test_menu_and_public_link(client, admin, gestor):
    rotulos = [e["rotulo"] for _, entradas in navigation.menu_para(admin) for e in entradas]
    assert "Repositórios de Estrutura" in rotulos
    rotulos_gestor = [e["rotulo"] for _, entradas in navigation.menu_para(gestor) for e in entradas]
    assert "Repositórios de Estrutura" not in rotulos_gestor
    assert any(link["url"] == reverse("estrutura:consultar_unidades") for link in navigation.links_publicos())
    entrar(client, gestor)
