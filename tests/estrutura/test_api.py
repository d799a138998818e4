"""Structure API: shapes and filters of tramita-api.md §3 #2–#5 and §5."""

import pytest

from estrutura.models import Unidade
from portal.models import Parametro
from tests.factories.estrutura import OrgaoFactory, RepositorioFactory, RepositorioSiorgFactory, UnidadeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(cliente_sistema):
    """Every request of this module comes from an SPE through the TLS proxy (the API needs a certificate)."""
    return cliente_sistema
BASE = "/interoperabilidade/rest/v3/repositorios-de-estruturas"


@pytest.fixture
def arvore():
    repo = RepositorioFactory(nome="Poder Judiciário")
    tribunal = OrgaoFactory(repositorio=repo, nome="Tribunal Regional Federal da 1ª Região", sigla="TRF1")
    secretaria = UnidadeFactory(parent=tribunal, nome="Secretaria de Gestão de Pessoas", sigla="SECGP",
                                codigo_no_orgao="1001")
    protocolo = UnidadeFactory(parent=secretaria, nome="Seção de Protocolo", sigla="SEPROT",
                               permite_recebimento=True, permite_envio=True)
    arquivo = UnidadeFactory(parent=secretaria, nome="Seção de Arquivo", sigla="SEARQ", permite_envio=True)
    antiga = UnidadeFactory(parent=tribunal, nome="Seção de Protocolo Antiga", sigla="SEPROTA", ativo=False,
                            permite_recebimento=True)
    protocolo.unidade_receptora = protocolo
    protocolo.save()
    return {"repo": repo, "tribunal": tribunal, "secretaria": secretaria, "protocolo": protocolo,
            "arquivo": arquivo, "antiga": antiga}


def estruturas(client, repo, **params):
    resposta = client.get(f"{BASE}/{repo.pk}/estruturas-organizacionais", params)
    assert resposta.status_code == 200, resposta.content
    return resposta.json()


def test_repositories_list_with_ativos_and_ativo(client):
    siorg = RepositorioSiorgFactory()  # every install has it (data migration)
    ativo = RepositorioFactory(nome="Estado – Minas Gerais")
    inativo = RepositorioFactory(nome="X_TJMG", ativo=False)
    todos = client.get(BASE).json()
    assert {"id": ativo.pk, "nome": "Estado – Minas Gerais", "ativo": True} in todos
    assert {r["id"] for r in client.get(BASE, {"ativos": "true"}).json()} == {siorg.pk, ativo.pk}
    assert {r["id"] for r in client.get(BASE, {"ativo": "1"}).json()} == {siorg.pk, ativo.pk}
    assert {r["id"] for r in client.get(BASE, {"ativos": "false"}).json()} == {inativo.pk}


def test_invalid_boolean_gives_error_body(client):
    resposta = client.get(BASE, {"ativos": "talvez"})
    assert resposta.status_code == 400
    assert resposta.json() == {"codigoErro": "0001", "mensagem": "Parâmetro ativos inválido: informe true ou false."}


def test_estrutura_object_shape_and_hierarchy_nearest_parent_first(client, arvore):
    p = arvore["protocolo"]
    resposta = client.get(f"{BASE}/{arvore['repo'].pk}/estruturas-organizacionais/{p.pk}")
    assert resposta.status_code == 200
    assert resposta.json() == {
        "numeroDeIdentificacaoDaEstrutura": str(p.pk),
        "nome": "Seção de Protocolo",
        "sigla": "SEPROT",
        "ativo": True,
        "aptoParaReceberTramites": True,
        "unidadeReceptora": True,
        "codigoUnidadeReceptora": str(p.pk),
        "codigoNoOrgaoEntidade": "",
        "tipoDeTramitacao": 0,
        "hierarquia": [
            {"numeroDeIdentificacaoDaEstrutura": str(arvore["secretaria"].pk),
             "nome": "Secretaria de Gestão de Pessoas", "sigla": "SECGP"},
            {"numeroDeIdentificacaoDaEstrutura": str(arvore["tribunal"].pk),
             "nome": "Tribunal Regional Federal da 1ª Região", "sigla": "TRF1"},
        ],
    }


def test_apto_is_false_without_receiving_mapping_or_when_inactive(client, arvore):
    dados = estruturas(client, arvore["repo"], nome="seção")
    aptos = {e["sigla"]: e["aptoParaReceberTramites"] for e in dados["estruturas"]}
    assert aptos == {"SEARQ": False, "SEPROT": True, "SEPROTA": False}
    secretaria = client.get(f"{BASE}/{arvore['repo'].pk}/estruturas-organizacionais/{arvore['secretaria'].pk}").json()
    assert secretaria["codigoNoOrgaoEntidade"] == "1001" and secretaria["unidadeReceptora"] is False
    assert secretaria["codigoUnidadeReceptora"] is None


def test_unit_of_another_repository_gives_0055(client, arvore):
    outro = RepositorioFactory()
    resposta = client.get(f"{BASE}/{outro.pk}/estruturas-organizacionais/{arvore['protocolo'].pk}")
    assert resposta.status_code == 404
    assert resposta.json()["codigoErro"] == "0055"
    resposta = client.get(f"{BASE}/{arvore['repo'].pk}/estruturas-organizacionais/999999999")
    assert resposta.json()["codigoErro"] == "0055"


def test_unknown_repository_and_non_numeric_ids(client):
    assert client.get(f"{BASE}/424242/estruturas-organizacionais").json()["codigoErro"] == "0004"
    resposta = client.get(f"{BASE}/abc/estruturas-organizacionais")
    assert resposta.status_code == 400 and resposta.json()["codigoErro"] == "0001"


def test_search_by_name_ignores_case_and_accents(client, arvore):
    dados = estruturas(client, arvore["repo"], nome="SECAO DE PROTOCOLO")
    assert dados["totalDeRegistros"] == 2
    assert [e["sigla"] for e in dados["estruturas"]] == ["SEPROT", "SEPROTA"]


def test_search_by_sigla_and_apenas_ativas(client, arvore):
    assert [e["sigla"] for e in estruturas(client, arvore["repo"], sigla="seprot")["estruturas"]] == [
        "SEPROT", "SEPROTA"]
    dados = estruturas(client, arvore["repo"], sigla="seprot", apenasAtivas="true")
    assert dados["totalDeRegistros"] == 1 and dados["estruturas"][0]["sigla"] == "SEPROT"


def test_permite_recebimento_and_envio_filters(client, arvore):
    recebem = estruturas(client, arvore["repo"], permiteRecebimento="true")
    assert {e["sigla"] for e in recebem["estruturas"]} == {"SEPROT", "SEPROTA"}
    enviam = estruturas(client, arvore["repo"], permiteEnvio="1", apenasAtivas="1")
    assert {e["sigla"] for e in enviam["estruturas"]} == {"SEPROT", "SEARQ"}


def test_root_of_query_limits_to_subtree(client, arvore):
    dados = estruturas(client, arvore["repo"],
                       numeroDeIdentificacaoDaEstruturaRaizDaConsulta=arvore["secretaria"].pk)
    assert {e["sigla"] for e in dados["estruturas"]} == {"SECGP", "SEPROT", "SEARQ"}
    resposta = client.get(f"{BASE}/{arvore['repo'].pk}/estruturas-organizacionais",
                          {"numeroDeIdentificacaoDaEstruturaRaizDaConsulta": OrgaoFactory().pk})
    assert resposta.json()["codigoErro"] == "0055"


def test_paging_with_registro_inicial_and_quantidade(client, arvore):
    todos = estruturas(client, arvore["repo"])
    assert todos["totalDeRegistros"] == 5
    nomes = [e["nome"] for e in todos["estruturas"]]
    pagina = estruturas(client, arvore["repo"], registroInicial=1, quantidadeDeRegistros=2)
    assert pagina["totalDeRegistros"] == 5
    assert [e["nome"] for e in pagina["estruturas"]] == nomes[1:3]
    fim = estruturas(client, arvore["repo"], registroInicial=10)
    assert fim == {"totalDeRegistros": 5, "estruturas": []}


def test_page_size_default_and_maximum_come_from_parametros(client, arvore):
    Parametro.objects.update_or_create(chave="api_pagina_padrao", defaults={"valor": "2", "tipo": "inteiro"})
    Parametro.objects.update_or_create(chave="api_pagina_maximo", defaults={"valor": "3", "tipo": "inteiro"})
    assert len(estruturas(client, arvore["repo"])["estruturas"]) == 2
    assert len(estruturas(client, arvore["repo"], quantidadeDeRegistros=50)["estruturas"]) == 3
    resposta = client.get(f"{BASE}/{arvore['repo'].pk}/estruturas-organizacionais", {"quantidadeDeRegistros": 0})
    assert resposta.status_code == 400 and resposta.json()["codigoErro"] == "0001"


def test_results_are_ordered_by_name_without_accents(client):
    repo = RepositorioFactory()
    for nome in ("Ouvidoria", "Órgão Central", "Arquivo"):
        OrgaoFactory(repositorio=repo, nome=nome)
    assert [e["nome"] for e in estruturas(client, repo)["estruturas"]] == ["Arquivo", "Órgão Central", "Ouvidoria"]


def test_filhas_lists_first_level_below_with_name_filter(client, arvore):
    url = f"{BASE}/{arvore['repo'].pk}/estruturas-organizacionais/{arvore['tribunal'].pk}/filhas"
    dados = client.get(url).json()
    assert {e["sigla"] for e in dados["estruturas"]} == {"SECGP", "SEPROTA"}
    assert {e["sigla"] for e in client.get(url, {"nome": "gestao"}).json()["estruturas"]} == {"SECGP"}
    outro = RepositorioFactory()
    assert client.get(f"{BASE}/{outro.pk}/estruturas-organizacionais/{arvore['tribunal'].pk}/filhas").json()[
        "codigoErro"] == "0055"


def test_api_is_open_without_login(client, arvore):
    assert client.get(f"{BASE}/{arvore['repo'].pk}/estruturas-organizacionais").status_code == 200


def test_hierarchy_of_a_page_is_one_query(client, arvore, django_assert_num_queries):
    for i in range(5):
        UnidadeFactory(parent=arvore["protocolo"], nome=f"Setor {i}")
    # repositório, count, page, ancestors (the page-size parameters are cached after the first read)
    estruturas(client, arvore["repo"])
    with django_assert_num_queries(4):
        dados = estruturas(client, arvore["repo"], nome="setor")
    assert all(len(e["hierarquia"]) == 3 for e in dados["estruturas"])
    assert dados["totalDeRegistros"] == 5 and Unidade.objects.filter(repositorio=arvore["repo"]).count() == 10
