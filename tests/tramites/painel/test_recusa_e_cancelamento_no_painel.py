"""After a refusal only the sender's side sees the trâmite's data in the list; the Cancelar button shows on the
rows the person may cancel (statuses 1–4, the sending órgão's gestor or the Administrador), decided for the
whole page in one query."""

from unittest import mock

import pytest

from portal.permissions import escopo_do_usuario
from tests.factories.portal import PerfilAtribuidoFactory, PessoaFactory
from tramites import state_machine as sm
from tramites.painel.cancelamento import cancelaveis
from tramites.tables.painel import OCULTO


@pytest.mark.parametrize("status", [sm.Status.RECUSADO, sm.Status.CIENCIA_RECUSA])
def test_recusado_o_destinatario_nao_ve_nre_nem_protocolo(tramite_em, gestor_a, gestor_b, cliente_de, status):
    recusado = tramite_em(status)
    pagina_b = cliente_de(gestor_b).get("/painel/").content.decode()
    assert recusado.protocolo not in pagina_b and recusado.nre not in pagina_b
    assert OCULTO in pagina_b
    assert f">{recusado.idt}<" in pagina_b or f">{recusado.idt}</a>" in pagina_b  # the route and status stay
    pagina_a = cliente_de(gestor_a).get("/painel/").content.decode()
    assert recusado.protocolo in pagina_a and OCULTO not in pagina_a


def test_recusado_o_administrador_ve_os_dados(tramite_em, client_admin):
    recusado = tramite_em(sm.Status.CIENCIA_RECUSA)
    assert recusado.protocolo in client_admin.get("/painel/").content.decode()


def test_nao_recusado_o_destinatario_ve_os_dados(tramite_em, gestor_b, cliente_de):
    concluido = tramite_em(sm.Status.RECIBO_RECEBIDO_REMETENTE)
    assert concluido.protocolo in cliente_de(gestor_b).get("/painel/").content.decode()


def test_exportacao_do_destinatario_tambem_oculta_os_dados_do_recusado(tramite_em, gestor_b, cliente_de):
    recusado = tramite_em(sm.Status.CIENCIA_RECUSA)
    resposta = cliente_de(gestor_b).get("/painel/", {"exportar": "csv"})
    conteudo = b"".join(resposta.streaming_content).decode("utf-8-sig")
    assert str(recusado.idt) in conteudo and recusado.protocolo not in conteudo and OCULTO in conteudo


@pytest.fixture
def um_de_cada(tramite_em):
    return {s: tramite_em(s) for s in sm.Status}


def _canceladores():
    return {s for s in sm.Status if sm.pode_cancelar(s)}


def test_remetente_e_administrador_podem_cancelar_os_de_1_a_4(um_de_cada, gestor_a, admin):
    esperados = {um_de_cada[s].idt for s in _canceladores()}
    assert esperados == {um_de_cada[s].idt for s in (1, 2, 3, 4)}
    assert cancelaveis(gestor_a, um_de_cada.values()) == esperados
    assert cancelaveis(admin, um_de_cada.values()) == esperados


def test_destinatario_e_supervisor_nao_cancelam(um_de_cada, gestor_b, repositorio_r1):
    supervisor = PessoaFactory()
    PerfilAtribuidoFactory(pessoa=supervisor, perfil="supervisor", repositorios=[repositorio_r1])
    assert cancelaveis(gestor_b, um_de_cada.values()) == frozenset()
    assert cancelaveis(supervisor, um_de_cada.values()) == frozenset()


def test_uma_consulta_para_a_pagina_inteira(um_de_cada, gestor_a, django_assert_num_queries):
    tramites = list(um_de_cada.values())
    escopo_do_usuario(gestor_a)  # the person's papéis: loaded once per request by the scoping door
    with django_assert_num_queries(1):
        cancelaveis(gestor_a, tramites)


def _endereco(nome, *args):
    return f"/teste/{nome.split(':')[1]}/{args[0]}/"


def test_botao_cancelar_so_nas_linhas_permitidas(um_de_cada, gestor_a, gestor_b, cliente_de):
    with mock.patch("tramites.tables.painel.url_de", side_effect=_endereco):
        pagina_a = cliente_de(gestor_a).get("/painel/").content.decode()
        pagina_b = cliente_de(gestor_b).get("/painel/").content.decode()
    for status, tramite in um_de_cada.items():
        assert (f'href="/teste/cancelar/{tramite.idt}/"' in pagina_a) == (status in _canceladores()), status
        assert f'href="/teste/cancelar/{tramite.idt}/"' not in pagina_b
        assert f'href="/teste/tramite/{tramite.idt}/"' in pagina_a


def test_administrador_ve_o_botao_nos_de_1_a_4(um_de_cada, admin, cliente_de):
    with mock.patch("tramites.tables.painel.url_de", side_effect=_endereco):
        pagina = cliente_de(admin).get("/painel/").content.decode()
    assert pagina.count('href="/teste/cancelar/') == len(_canceladores())
