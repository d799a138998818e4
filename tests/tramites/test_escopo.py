"""Who sees a trâmite (the scoping door): both sides' systems and gestores, supervisors and externos of either
side's órgão, the Administrador; nobody else (404)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from comites import homologacao
from portal import permissions
from portal.models import PerfilAtribuido
from portal.permissions import Acao, AcaoDeSistema, SistemaAutenticado
from tests.factories.comites import GestorFactory
from tests.factories.portal import GestorTecnologicoFactory, PerfilAtribuidoFactory, PessoaFactory
from tests.factories.tramites import enviar, levar_a, orgao
from tramites import state_machine as sm
from tramites.models import ComponenteDigital, Documento, HistoricoDeStatus, RegistroEletronico, Tramite

OPERAR = AcaoDeSistema.TRAMITE_OPERAR


def _sistema(o):
    return SistemaAutenticado(nome=o.sistema.nome, comite_ids=frozenset({o.comite.pk}), pk=o.sistema.pk)


def _perfil(perfil, **extra):
    pessoa = PessoaFactory()
    PerfilAtribuidoFactory(pessoa=pessoa, perfil=perfil, **extra)
    return pessoa


@pytest.fixture
def tramites(orgao_a, orgao_b, orgao_c):
    return {
        "a_para_b": enviar(orgao_a, orgao_b),
        "b_para_a": enviar(orgao_b, orgao_a),
        "c_para_b": enviar(orgao_c, orgao_b),
    }


def test_sistema_do_orgao_b_recebe_404_nos_tramites_entre_a_e_c(orgao_a, orgao_b, orgao_c):
    entre_a_e_c = enviar(orgao_a, orgao_c)
    with pytest.raises(Http404):
        permissions.obter_ou_404(Tramite.objects.all(), _sistema(orgao_b), OPERAR, idt=entre_a_e_c.idt)
    assert not permissions.pode(_sistema(orgao_b), OPERAR, entre_a_e_c)
    for lado in (orgao_a, orgao_c):
        assert permissions.obter_ou_404(Tramite.objects.all(), _sistema(lado), OPERAR, idt=entre_a_e_c.idt)
        assert permissions.pode(_sistema(lado), OPERAR, entre_a_e_c)


def test_cada_sistema_lista_os_tramites_dos_seus_orgaos_em_qualquer_lado(tramites, orgao_a, orgao_b, orgao_c):
    def idts(o):
        return set(permissions.restringir(Tramite.objects.all(), _sistema(o), OPERAR).values_list("idt", flat=True))

    t = {nome: tr.idt for nome, tr in tramites.items()}
    assert idts(orgao_a) == {t["a_para_b"], t["b_para_a"]}
    assert idts(orgao_b) == set(t.values())
    assert idts(orgao_c) == {t["c_para_b"]}


def test_o_que_pende_do_tramite_segue_o_mesmo_escopo(tramites, orgao_a, orgao_c):
    a_para_b = tramites["a_para_b"]
    for modelo in (Documento, ComponenteDigital, HistoricoDeStatus):
        visiveis = permissions.restringir(modelo.objects.all(), _sistema(orgao_c), OPERAR)
        assert not visiveis.filter(tramite=a_para_b).exists()
        assert permissions.restringir(modelo.objects.all(), _sistema(orgao_a), OPERAR).filter(tramite=a_para_b).exists()
    assert not permissions.restringir(RegistroEletronico.objects.all(), _sistema(orgao_c), OPERAR).filter(
        nre=a_para_b.nre).exists()


def test_gestores_veem_no_painel_os_tramites_do_seu_orgao(tramites, orgao_a, orgao_c):
    gestor_a = GestorFactory(comite=orgao_a.comite).pessoa
    gestor_c = GestorFactory(comite=orgao_c.comite).pessoa
    vistos_a = set(permissions.restringir(Tramite.objects.all(), gestor_a, Acao.PAINEL_VER))
    assert vistos_a == {tramites["a_para_b"], tramites["b_para_a"]}
    with pytest.raises(Http404):
        permissions.obter_ou_404(Tramite.objects.all(), gestor_c, Acao.PAINEL_VER, idt=tramites["a_para_b"].idt)


def test_cancelar_no_portal_so_o_gestor_do_remetente(tramites, orgao_a, orgao_b):
    gestor_b = GestorFactory(comite=orgao_b.comite).pessoa
    cancelaveis = set(permissions.restringir(Tramite.objects.all(), gestor_b, Acao.TRAMITE_CANCELAR))
    assert cancelaveis == {tramites["b_para_a"]}
    assert not permissions.pode(gestor_b, Acao.TRAMITE_CANCELAR, tramites["a_para_b"])
    assert permissions.pode(gestor_b, Acao.PAINEL_VER, tramites["a_para_b"])


def test_supervisor_e_externo_pelo_repositorio_e_gestor_tecnologico_de_cada_lado(repositorio_r1, tramites,
                                                                                 orgao_c):
    supervisor_r1 = _perfil(PerfilAtribuido.Perfil.SUPERVISOR, repositorios=[repositorio_r1])
    assert set(permissions.restringir(Tramite.objects.all(), supervisor_r1, Acao.PAINEL_VER)) == set(tramites.values())
    supervisor_c = _perfil(PerfilAtribuido.Perfil.SUPERVISOR, repositorios=[orgao_c.orgao.repositorio])
    assert set(permissions.restringir(Tramite.objects.all(), supervisor_c, Acao.PAINEL_VER)) == {tramites["c_para_b"]}
    dataprev = GestorTecnologicoFactory(nome="Dataprev", interno=False)
    hospedado = orgao("ORGD", repositorio_r1, gestor_tecnologico=dataprev)
    externo = _perfil(PerfilAtribuido.Perfil.ADMIN_EXTERNO, gestor_tecnologico=dataprev, repositorios=[repositorio_r1])
    assert not permissions.restringir(Tramite.objects.all(), externo, Acao.PAINEL_VER).exists()
    de_d = enviar(hospedado, orgao_c)
    assert set(permissions.restringir(Tramite.objects.all(), externo, Acao.PAINEL_VER)) == {de_d}


def test_administrador_ve_tudo_e_sistemas_nao_usam_acoes_de_pessoas(tramites, orgao_a):
    admin = _perfil(PerfilAtribuido.Perfil.ADMINISTRADOR)
    assert set(permissions.restringir(Tramite.objects.all(), admin, Acao.PAINEL_VER)) == set(tramites.values())
    assert not permissions.restringir(Tramite.objects.all(), _sistema(orgao_a), Acao.PAINEL_VER).exists()
    with pytest.raises(PermissionDenied):
        permissions.obter_ou_404(Tramite.objects.all(), admin, OPERAR, idt=tramites["a_para_b"].idt)


def test_checklist_de_homologacao_le_os_tramites_concluidos_e_recusados(orgao_a, orgao_b):
    levar_a(enviar(orgao_a, orgao_b), sm.Status.RECIBO_RECEBIDO_REMETENTE, orgao_a, orgao_b)
    levar_a(enviar(orgao_b, orgao_a), sm.Status.RECIBO_RECEBIDO_REMETENTE, orgao_b, orgao_a)
    levar_a(enviar(orgao_b, orgao_a), sm.Status.CIENCIA_RECUSA, orgao_b, orgao_a)
    levar_a(enviar(orgao_b, orgao_a), sm.Status.CANCELADO, orgao_b, orgao_a)
    checklist_a = homologacao.verificar(orgao_a.comite, orgao_a.comite.ambiente)
    assert checklist_a.cumprido
    checklist_b = homologacao.verificar(orgao_b.comite, orgao_b.comite.ambiente)
    assert [item.requisito.codigo for item in checklist_b.pendentes] == ["recusa"]  # B refused nothing
    assert not homologacao.verificar(orgao_a.comite, "producao").itens[0].cumprido
