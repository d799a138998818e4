"""Hand editing of hierarchies and repository administration (services)."""

import pytest
from django.core.exceptions import ValidationError

from estrutura.models import Unidade
from estrutura.services import repositorios, unidades
from portal.models import RegistroDeAuditoria
from tests.factories.estrutura import OrgaoFactory, RepositorioFactory, RepositorioSiorgFactory, UnidadeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def arvore():
    """orgao › a › a1 › a11 ; orgao › b"""
    orgao = OrgaoFactory(nome="Tribunal Regional", sigla="TR")
    a = UnidadeFactory(parent=orgao, nome="Secretaria A", sigla="SA")
    a1 = UnidadeFactory(parent=a, nome="Coordenação A1", sigla="CA1")
    a11 = UnidadeFactory(parent=a1, nome="Divisão A11", sigla="DA11")
    b = UnidadeFactory(parent=orgao, nome="Secretaria B", sigla="SB")
    return {"orgao": orgao, "a": a, "a1": a1, "a11": a11, "b": b}


def recarregar(d):
    return {k: Unidade.objects.get(pk=v.pk) for k, v in d.items()}


def test_add_child_builds_path_and_is_audited(arvore):
    filha = unidades.criar_unidade(pai=arvore["b"], nome="  Divisão B1 ", sigla="DB1", descricao="Protocolo")
    assert filha.nome == "Divisão B1" and filha.repositorio == arvore["orgao"].repositorio
    assert filha.caminho == arvore["b"].caminho + f"{filha.pk:010d}."
    assert filha.profundidade == 2 and filha.origem == Unidade.Origem.MANUAL
    assert RegistroDeAuditoria.objects.filter(acao="estrutura.unidade.criada", alvo_id=str(filha.pk)).exists()


def test_no_child_under_inactive_unit(arvore):
    unidades.inativar(arvore["b"])
    with pytest.raises(ValidationError, match="inativa"):
        unidades.criar_unidade(pai=arvore["b"], nome="X", sigla="X")


def test_edit_records_only_changed_fields(arvore):
    unidades.editar_unidade(arvore["a"], nome="Secretaria de Administração", sigla="SA")
    registro = RegistroDeAuditoria.objects.get(acao="estrutura.unidade.editada")
    assert registro.antes == {"nome": "Secretaria A"} and registro.depois == {"nome": "Secretaria de Administração"}
    assert Unidade.objects.get(pk=arvore["a"].pk).nome_busca == "secretaria de administracao"


def test_change_parent_moves_subtree_keeping_ids(arvore):
    unidades.alterar_pai(arvore["a1"], arvore["b"])
    u = recarregar(arvore)
    assert u["a1"].parent == u["b"]
    assert u["a11"].caminho == u["b"].caminho + f"{u['a1'].pk:010d}.{u['a11'].pk:010d}."
    assert u["a11"].profundidade == 3
    assert set(Unidade.objects.subarvore(u["b"])) == {u["b"], u["a1"], u["a11"]}
    assert set(Unidade.objects.subarvore(u["a"])) == {u["a"]}


@pytest.mark.parametrize("destino", ["a", "a1", "a11"])
def test_change_parent_refuses_cycles(arvore, destino):
    with pytest.raises(ValidationError, match="ciclo"):
        unidades.alterar_pai(arvore["a"], arvore[destino])
    assert Unidade.objects.get(pk=arvore["a"].pk).parent == arvore["orgao"]


def test_change_parent_refuses_other_repository(arvore):
    fora = OrgaoFactory()
    with pytest.raises(ValidationError, match="mesmo repositório"):
        unidades.alterar_pai(arvore["a"], fora)


def test_inactivate_takes_the_subtree_and_reactivate_can_leave_it(arvore):
    assert unidades.inativar(arvore["a"]) == 3
    u = recarregar(arvore)
    assert not (u["a"].ativo or u["a1"].ativo or u["a11"].ativo) and u["b"].ativo
    with pytest.raises(ValidationError, match="superior está inativa"):
        unidades.reativar(u["a1"])
    assert unidades.reativar(u["a"]) == 1
    assert not Unidade.objects.get(pk=arvore["a1"].pk).ativo
    assert unidades.reativar(u["a"], incluir_subunidades=True) == 2
    assert Unidade.objects.filter(ativo=False).count() == 0


def test_siorg_units_are_read_only():
    repo = RepositorioSiorgFactory()
    ministerio = OrgaoFactory(repositorio=repo, origem=Unidade.Origem.SIORG, siorg_codigo="2981")
    with pytest.raises(ValidationError, match="SIORG"):
        unidades.criar_unidade(pai=ministerio, nome="Nova", sigla="N")
    with pytest.raises(ValidationError, match="SIORG"):
        unidades.editar_unidade(ministerio, nome="Outro")
    with pytest.raises(ValidationError, match="SIORG"):
        unidades.inativar(ministerio)
    with pytest.raises(ValidationError):
        repositorios.adicionar_orgao(repo, nome="Órgão", sigla="O")


# --- repositories -------------------------------------------------------------------------------------------


def test_repository_crud_and_unique_name():
    repo = repositorios.criar_repositorio(nome="Poder Judiciário", descricao="Tribunais")
    with pytest.raises(ValidationError, match="Já existe"):
        repositorios.criar_repositorio(nome="poder judiciário", descricao="x")
    repositorios.editar_repositorio(repo, nome="Poder Judiciário", descricao="Tribunais e conselhos")
    repositorios.definir_ativo(repo, False)
    repo.refresh_from_db()
    assert repo.descricao == "Tribunais e conselhos" and not repo.ativo
    acoes = set(RegistroDeAuditoria.objects.values_list("acao", flat=True))
    assert {"estrutura.repositorio.criado", "estrutura.repositorio.editado", "estrutura.repositorio.inativado"} <= acoes


def test_siorg_repository_cannot_be_inactivated():
    with pytest.raises(ValidationError):
        repositorios.definir_ativo(RepositorioSiorgFactory(), False)


def test_add_first_level_orgao():
    repo = RepositorioFactory()
    orgao = repositorios.adicionar_orgao(repo, nome="Tribunal de Justiça", sigla="TJ", codigo_no_orgao="123")
    assert orgao.parent is None and orgao.eh_orgao and orgao.profundidade == 0 and orgao.repositorio == repo


def test_migration_to_another_repository_keeps_every_id(arvore):
    destino_repo = RepositorioFactory(nome="Estruturas em Transição")
    categoria = OrgaoFactory(repositorio=destino_repo, nome="Órgãos extintos", sigla="EXT")
    ids = {k: v.pk for k, v in arvore.items()}
    movidas = repositorios.migrar(arvore["a"], destino_repo, novo_pai=categoria)
    assert movidas == 3
    u = recarregar(arvore)
    assert {k: v.pk for k, v in u.items()} == ids
    assert all(u[k].repositorio == destino_repo for k in ("a", "a1", "a11"))
    assert u["b"].repositorio == arvore["orgao"].repositorio
    assert u["a"].parent == categoria and u["a11"].caminho.startswith(categoria.caminho)
    assert u["a11"].profundidade == 3
    assert RegistroDeAuditoria.objects.filter(acao="estrutura.unidade.migrada").exists()


def test_migration_to_first_level_of_same_repository(arvore):
    repositorios.migrar(arvore["a1"], arvore["orgao"].repositorio)
    u = recarregar(arvore)
    assert u["a1"].parent is None and u["a1"].profundidade == 0 and u["a11"].profundidade == 1


def test_migration_refuses_cycles_and_foreign_destination(arvore):
    with pytest.raises(ValidationError, match="ciclo"):
        repositorios.migrar(arvore["a"], arvore["orgao"].repositorio, novo_pai=arvore["a11"])
    with pytest.raises(ValidationError, match="não pertence"):
        repositorios.migrar(arvore["a"], RepositorioFactory(), novo_pai=arvore["b"])


def test_migration_refused_for_siorg_repository(arvore):
    siorg = RepositorioSiorgFactory()
    with pytest.raises(ValidationError, match="SIORG"):
        repositorios.migrar(arvore["a"], siorg)
    ministerio = OrgaoFactory(repositorio=siorg, origem=Unidade.Origem.SIORG)
    with pytest.raises(ValidationError, match="SIORG"):
        repositorios.migrar(ministerio, arvore["orgao"].repositorio)
