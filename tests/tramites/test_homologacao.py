"""The homologação/produção checklist from real trâmites (tramites.homologacao feeding comites.homologacao):
trâmites walked through the services make the production request and the "implantado" mark possible."""

import pytest
from django.test import override_settings
from django.urls import reverse

from comites import homologacao, services
from comites.models import Ambiente, Comite
from portal.models import RegistroDeAuditoria
from tests.comites.test_solicitacao_services import dados_da_solicitacao
from tests.conftest import entrar
from tests.factories.comites import GestorTecnologicoFactory, SistemaDeGovernoFactory
from tests.factories.tramites import enviar, levar_a
from tramites import homologacao as fonte
from tramites import state_machine as sm

S = sm.Status


def _homologar(orgao_a, orgao_b):
    """A sends to B (6), B sends to A (6), B sends to A and A refuses (9): A meets the checklist, B does not
    (B never refused). Returns the three trâmites."""
    enviado = levar_a(enviar(orgao_a, orgao_b), S.RECIBO_RECEBIDO_REMETENTE, orgao_a, orgao_b)
    recebido = levar_a(enviar(orgao_b, orgao_a), S.RECIBO_RECEBIDO_REMETENTE, orgao_b, orgao_a)
    recusado = levar_a(enviar(orgao_b, orgao_a), S.CIENCIA_RECUSA, orgao_b, orgao_a)
    return enviado, recebido, recusado


@pytest.fixture
def catalogos(db):
    return GestorTecnologicoFactory(), SistemaDeGovernoFactory()


@pytest.mark.django_db
def test_the_checklist_is_computed_from_the_trâmites_with_the_qualifying_idts(orgao_a, orgao_b):
    enviado, recebido, recusado = _homologar(orgao_a, orgao_b)
    checklist = homologacao.verificar(orgao_a.comite, Ambiente.HOMOLOGACAO)
    assert checklist.cumprido
    assert [item.idts for item in checklist.itens] == [[enviado.idt], [recebido.idt], [recusado.idt]]
    do_b = homologacao.verificar(orgao_b.comite, Ambiente.HOMOLOGACAO)
    assert [item.cumprido for item in do_b.itens] == [True, True, False]
    assert do_b.itens[0].idts == [recebido.idt] and do_b.itens[1].idts == [enviado.idt]


@pytest.mark.django_db
def test_open_cancelled_and_refused_but_unacknowledged_trâmites_do_not_count(orgao_a, orgao_b):
    levar_a(enviar(orgao_a, orgao_b), S.RECIBO_ENVIADO_DESTINATARIO, orgao_a, orgao_b)
    levar_a(enviar(orgao_b, orgao_a), S.CANCELADO, orgao_b, orgao_a)
    levar_a(enviar(orgao_b, orgao_a), S.RECUSADO, orgao_b, orgao_a)
    checklist = homologacao.verificar(orgao_a.comite, Ambiente.HOMOLOGACAO)
    assert checklist.quantidade_cumprida == 0


@pytest.mark.django_db
def test_the_production_request_is_refused_then_accepted_as_the_trâmites_reach_6_and_9(orgao_a, orgao_b, catalogos):
    with pytest.raises(services.ProducaoNaoHabilitada):
        services.criar_solicitacao(dados_da_solicitacao(catalogos, orgao_a.orgao, ambiente=Ambiente.PRODUCAO),
                                   avisar=False)
    _, _, recusado = _homologar(orgao_a, orgao_b)
    solicitacao = services.criar_solicitacao(
        dados_da_solicitacao(catalogos, orgao_a.orgao, ambiente=Ambiente.PRODUCAO), avisar=False)
    assert solicitacao.ambiente == Ambiente.PRODUCAO
    assert services.checklist_para_producao(unidade=orgao_a.orgao).itens[2].idts == [recusado.idt]
    with pytest.raises(services.ProducaoNaoHabilitada) as erro:  # B never refused a trâmite
        services.criar_solicitacao(dados_da_solicitacao(catalogos, orgao_b.orgao, ambiente=Ambiente.PRODUCAO),
                                   avisar=False)
    assert [item.requisito.codigo for item in erro.value.checklist.pendentes] == ["recusa"]


@pytest.mark.django_db
def test_the_implantado_mark_reads_the_production_trâmites(settings, orgao_a, orgao_b, admin):
    settings.AMBIENTE = Ambiente.PRODUCAO
    Comite.objects.filter(pk__in=[orgao_a.comite.pk, orgao_b.comite.pk]).update(ambiente=Ambiente.PRODUCAO)
    orgao_a.comite.refresh_from_db()
    enviado, recebido, recusado = _homologar(orgao_a, orgao_b)
    assert enviado.ambiente == Ambiente.PRODUCAO
    services.marcar_implantado(orgao_a.comite, admin)  # no justificativa needed: the checklist is met
    orgao_a.comite.refresh_from_db()
    assert orgao_a.comite.implantacao == Comite.Implantacao.IMPLANTADO
    registro = RegistroDeAuditoria.objects.get(acao="comite.implantado")
    assert f"envio: {enviado.idt}; recebimento: {recebido.idt}; recusa: {recusado.idt}" in registro.detalhes
    # Homologação trâmites do not count for production.
    assert not homologacao.verificar(orgao_a.comite, Ambiente.HOMOLOGACAO).cumprido


@pytest.mark.django_db
def test_each_kind_of_qualifying_trâmite_is_read_bounded_with_the_most_recent_first(orgao_a, orgao_b, monkeypatch,
                                                                                      django_assert_num_queries):
    monkeypatch.setattr(fonte, "POR_DESFECHO", 2)
    enviados = [levar_a(enviar(orgao_a, orgao_b), S.RECIBO_RECEBIDO_REMETENTE, orgao_a, orgao_b) for _ in range(3)]
    with django_assert_num_queries(4):  # two sides × two outcomes, whatever the number of trâmites
        registros = list(fonte.tramites_do_comite(orgao_a.comite))
    assert [r["idt"] for r in registros] == [enviados[2].idt, enviados[1].idt]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.tramites.urls_com_detalhe")
def test_the_comitê_page_links_each_qualifying_idt_to_its_trâmite_page(client, orgao_a, orgao_b, admin):
    enviado, recebido, recusado = _homologar(orgao_a, orgao_b)
    entrar(client, admin)
    html = client.get(reverse("comites:comite_detalhe", args=[orgao_a.comite.pk])).content.decode()
    assert "Todos os requisitos cumpridos" in html
    for tramite in (enviado, recebido, recusado):
        assert f'<a href="{reverse("tramites:tramite", args=[tramite.idt])}">{tramite.idt}</a>' in html
