"""comites.sistemas.services: the SPE catalogue and the links to órgãos (atomic, audited, clear refusals)."""

import pytest

from comites.models import Sistema, VinculoSistemaComite
from comites.services import ErroDeNegocio
from comites.sistemas import services
from portal.models import RegistroDeAuditoria
from tests.factories.comites import ComiteFactory, SistemaFactory
from tests.factories.portal import SistemaDeGovernoFactory

pytestmark = pytest.mark.django_db


def _dados(comite, **extra):
    return {"nome": "MGI - SEI", "descricao": "Ministério da Gestão e da Inovação",
            "sistema_de_governo": SistemaDeGovernoFactory(), "orgao_responsavel": comite, "publico_alvo": True,
            **extra}


def test_registering_an_spe_saves_it_and_audits_it_in_the_responsible_comite(comite, admin):
    sistema = services.cadastrar(_dados(comite, nome="  MGI  -  SEI "), admin)

    assert sistema.nome == "MGI - SEI" and sistema.ativo and sistema.publico_alvo
    registro = RegistroDeAuditoria.objects.get(acao="sistema.cadastrado", alvo_id=str(sistema.pk))
    assert registro.comite_id == comite.pk and registro.depois["nome"] == "MGI - SEI"


@pytest.mark.parametrize("nome", ["SEI", "MGI-SEI", "MGI - ", " - SEI", ""])
def test_a_name_outside_the_naming_rule_is_refused_and_nothing_is_saved(comite, admin, nome):
    with pytest.raises(ErroDeNegocio, match="Sigla do Órgão - Sigla do Sistema"):
        services.cadastrar(_dados(comite, nome=nome), admin)
    assert not Sistema.objects.exists()
    assert not RegistroDeAuditoria.objects.filter(acao="sistema.cadastrado").exists()


def test_a_name_already_taken_in_any_case_is_refused(comite, admin):
    SistemaFactory(nome="MGI - SEI")

    with pytest.raises(ErroDeNegocio, match="Já existe"):
        services.cadastrar(_dados(comite, nome="mgi - sei"), admin)
    assert Sistema.objects.count() == 1


def test_editing_audits_only_the_changed_fields_and_an_unchanged_save_writes_nothing(comite, admin):
    sistema = services.cadastrar(_dados(comite), admin)
    dados = _dados(comite, sistema_de_governo=sistema.sistema_de_governo)

    services.editar(sistema, {**dados, "descricao": "Nova descrição"}, admin)
    services.editar(sistema, {**dados, "descricao": "Nova descrição"}, admin)

    registros = RegistroDeAuditoria.objects.filter(acao="sistema.editado")
    assert registros.count() == 1
    assert registros.get().antes == {"descricao": "Ministério da Gestão e da Inovação"}
    assert registros.get().depois == {"descricao": "Nova descrição"}


def test_editing_may_keep_its_own_name_but_not_take_another_spes(comite, admin):
    SistemaFactory(nome="MGI - SUAP")
    sistema = services.cadastrar(_dados(comite), admin)
    dados = _dados(comite, sistema_de_governo=sistema.sistema_de_governo)

    services.editar(sistema, {**dados, "nome": "MGI - SEI", "publico_alvo": False}, admin)
    with pytest.raises(ErroDeNegocio, match="Já existe"):
        services.editar(sistema, {**dados, "nome": "MGI - SUAP"}, admin)
    sistema.refresh_from_db()
    assert sistema.nome == "MGI - SEI" and not sistema.publico_alvo


def test_inactivating_and_reactivating_set_the_dates_and_refuse_repeating(admin):
    sistema = SistemaFactory()

    services.inativar(sistema, admin)
    sistema.refresh_from_db()
    assert not sistema.ativo and sistema.inativado_em is not None
    with pytest.raises(ErroDeNegocio, match="já está inativo"):
        services.inativar(sistema, admin)

    services.reativar(sistema, admin)
    sistema.refresh_from_db()
    assert sistema.ativo and sistema.inativado_em is None
    with pytest.raises(ErroDeNegocio, match="já está ativo"):
        services.reativar(sistema, admin)
    acoes = list(RegistroDeAuditoria.objects.filter(alvo_id=str(sistema.pk)).values_list("acao", flat=True))
    assert sorted(acoes) == ["sistema.inativado", "sistema.reativado"]


def test_linking_an_spe_to_an_orgao_is_audited_in_that_orgaos_comite(comite, admin):
    sistema = SistemaFactory()

    services.vincular(comite, sistema, admin)

    assert VinculoSistemaComite.objects.filter(comite=comite, sistema=sistema).exists()
    assert RegistroDeAuditoria.objects.get(acao="sistema.vinculado").comite_id == comite.pk


def test_linking_twice_or_an_inactive_spe_is_refused(comite, admin):
    sistema = SistemaFactory()
    services.vincular(comite, sistema, admin)
    with pytest.raises(ErroDeNegocio, match="já está vinculado"):
        services.vincular(comite, sistema, admin)

    inativo = SistemaFactory(ativo=False)
    with pytest.raises(ErroDeNegocio, match="inativo não pode ser vinculado"):
        services.vincular(comite, inativo, admin)
    assert VinculoSistemaComite.objects.count() == 1


def test_an_orgao_may_have_several_spes_and_an_spe_several_orgaos(comite, admin):
    sei, suap = SistemaFactory(), SistemaFactory()
    outro = ComiteFactory()

    services.vincular(comite, sei, admin)
    services.vincular(comite, suap, admin)
    services.vincular(outro, sei, admin)

    assert set(comite.sistemas.all()) == {sei, suap} and set(sei.comites.all()) == {comite, outro}


def test_unlinking_removes_the_link_audited_and_refuses_when_there_is_none(comite, admin):
    sistema = SistemaFactory()
    services.vincular(comite, sistema, admin)

    services.desvincular(comite, sistema, admin)

    assert not VinculoSistemaComite.objects.exists()
    registro = RegistroDeAuditoria.objects.get(acao="sistema.desvinculado")
    assert registro.comite_id == comite.pk and registro.antes["sistema"] == sistema.nome
    with pytest.raises(ErroDeNegocio, match="não está vinculado"):
        services.desvincular(comite, sistema, admin)
