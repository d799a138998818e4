"""The Painel lists each person's trâmites only (both sides of its órgãos); filters never widen that, and the
choice lists never name another órgão."""

import pytest

from portal.models import PerfilAtribuido
from tests.conftest import ativar_mfa
from tests.factories.comites import GestorFactory
from tests.factories.portal import PerfilAtribuidoFactory, PessoaFactory
from tests.factories.tramites import enviar, orgao
from tramites import state_machine as sm


def _idts(resposta):
    return [linha.record.idt for linha in resposta.context["table"].page.object_list]


@pytest.fixture
def orgao_d(db):
    return orgao("ORGD")


def test_gestor_ve_os_tramites_que_seu_orgao_enviou_e_recebeu_e_nenhum_outro(
        orgao_a, orgao_b, orgao_c, orgao_d, gestor_a, cliente_de):
    enviado = enviar(orgao_a, orgao_b)
    recebido = enviar(orgao_c, orgao_a)
    alheio = enviar(orgao_c, orgao_d)
    resposta = cliente_de(gestor_a).get("/painel/")
    assert resposta.status_code == 200
    assert sorted(_idts(resposta)) == sorted([enviado.idt, recebido.idt])
    assert alheio.protocolo not in resposta.content.decode()


def test_filtro_de_orgao_de_outro_escopo_e_recusado_e_nao_mostra_linhas(orgao_a, orgao_c, orgao_d, gestor_a,
                                                                         cliente_de):
    enviar(orgao_c, orgao_d)
    resposta = cliente_de(gestor_a).get("/painel/", {"orgao_origem": orgao_c.comite.pk})
    assert resposta.status_code == 200
    assert "orgao_origem" in resposta.context["filter"].form.errors
    assert _idts(resposta) == []


def test_filtro_por_unidade_de_outro_orgao_nao_alarga_o_escopo(orgao_a, orgao_c, orgao_d, gestor_a, cliente_de):
    alheio = enviar(orgao_c, orgao_d)
    resposta = cliente_de(gestor_a).get("/painel/", {"unidade_origem": alheio.unidade_remetente_id})
    assert _idts(resposta) == []
    resposta = cliente_de(gestor_a).get("/painel/", {"idt": alheio.idt})
    assert _idts(resposta) == []
    assert resposta.context["contagem"].total == 0


def test_listas_de_escolha_do_gestor_so_nomeiam_o_proprio_orgao_e_seu_sistema(
        orgao_a, orgao_b, orgao_c, gestor_a, cliente_de):
    enviar(orgao_a, orgao_b)
    enviar(orgao_c, orgao_a)
    form = cliente_de(gestor_a).get("/painel/").context["filter"].form
    for campo in ("orgao_origem", "orgao_destino"):
        assert [valor for valor, _ in form.fields[campo].choices if valor] == [orgao_a.comite.pk]
    for campo in ("spe_origem", "spe_destino"):
        assert [valor for valor, _ in form.fields[campo].choices if valor] == [orgao_a.sistema.pk]


def test_administrador_ve_todos_os_tramites_e_escolhe_entre_todos_os_orgaos(
        orgao_a, orgao_b, orgao_c, orgao_d, client_admin):
    tramites = [enviar(orgao_a, orgao_b), enviar(orgao_c, orgao_d)]
    resposta = client_admin.get("/painel/")
    assert sorted(_idts(resposta)) == sorted(t.idt for t in tramites)
    escolhas = {valor for valor, _ in resposta.context["filter"].form.fields["orgao_origem"].choices if valor}
    assert {o.comite.pk for o in (orgao_a, orgao_b, orgao_c, orgao_d)} <= escolhas


def test_supervisor_ve_os_tramites_do_seu_repositorio(orgao_a, orgao_b, orgao_c, orgao_d, repositorio_r1,
                                                      cliente_de):
    supervisor = ativar_mfa(PessoaFactory())
    PerfilAtribuidoFactory(pessoa=supervisor, perfil=PerfilAtribuido.Perfil.SUPERVISOR,
                           repositorios=[repositorio_r1])
    no_repositorio = enviar(orgao_a, orgao_b)
    fora = enviar(orgao_c, orgao_d)
    resposta = cliente_de(supervisor).get("/painel/")
    assert _idts(resposta) == [no_repositorio.idt]
    assert fora.protocolo not in resposta.content.decode()


def test_gestor_de_dois_orgaos_ve_os_dois(orgao_a, orgao_c, orgao_d, gestor_a, cliente_de):
    GestorFactory(comite=orgao_c.comite, pessoa=gestor_a)
    do_c = enviar(orgao_c, orgao_d)
    assert _idts(cliente_de(gestor_a).get("/painel/", {"situacao": sm.Status.INICIADO.value})) == [do_c.idt]


def test_pessoa_sem_perfil_nao_abre_o_painel(pessoa, cliente_de):
    assert cliente_de(pessoa).get("/painel/").status_code == 403


def test_anonimo_vai_para_o_login(client):
    resposta = client.get("/painel/")
    assert resposta.status_code == 302 and "login" in resposta["Location"]


def test_menu_leva_ao_painel_quem_pode_ve_lo(gestor_a, pessoa):
    from portal.navigation import menu_para

    def rotulos(usuario):
        return [e["rotulo"] for _grupo, entradas in menu_para(usuario) for e in entradas]

    assert "Painel de Controle" in rotulos(gestor_a)
    assert "Painel de Controle" not in rotulos(pessoa)
