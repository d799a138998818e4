"""The header's "Alertas (N)": counts registered by comites and tramites through ``ganchos.ALERTAS``, each
scoped through ``portal.permissions`` and linking to its list."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from comites.deriva.models import PendenciaDeEstrutura
from comites.models import SolicitacaoDeAcesso
from estrutura.models import Unidade
from portal import alertas, ganchos
from portal.models import PerfilAtribuido
from tests.conftest import ativar_mfa, entrar
from tests.factories.certificados import emitir_com_validade
from tests.factories.comites import GestorFactory, SolicitacaoFactory
from tests.factories.estrutura import OrgaoFactory, UnidadeFactory
from tests.factories.portal import PerfilAtribuidoFactory, PessoaFactory
from tests.factories.tramites import enviar, levar_a
from tramites import alertas as alertas_de_tramites
from tramites import state_machine as sm
from tramites.models import Tramite

pytestmark = pytest.mark.django_db


def _por_chave(pessoa) -> dict:
    return {a.chave: a for a in alertas.alertas_de(pessoa)}


def _parado(tramite, dias):
    Tramite.objects.filter(pk=tramite.pk).update(status_desde=timezone.now() - datetime.timedelta(days=dias))


@pytest.fixture
def gestor_a(orgao_a):
    return GestorFactory(comite=orgao_a.comite).pessoa


@pytest.fixture
def gestor_c(orgao_c):
    return GestorFactory(comite=orgao_c.comite).pessoa


@pytest.fixture
def supervisor_r1(repositorio_r1):
    pessoa = PessoaFactory(nome="Sílvia Supervisora")
    PerfilAtribuidoFactory(pessoa=pessoa, perfil=PerfilAtribuido.Perfil.SUPERVISOR, repositorios=[repositorio_r1])
    return ativar_mfa(pessoa)


@pytest.fixture
def mundo(orgao_a, orgao_b, orgao_c, repositorio_r1):
    """A→B stuck in 2 for 10 days, A→B in 2 since today, C→B stuck 10 days in 4; a concluded one old;
    one access request in R1 and one elsewhere; a drift of A; a certificate of A's SPE expiring in 20 days
    and one of C's in 90 days."""
    parado_ab = levar_a(enviar(orgao_a, orgao_b), sm.Status.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)
    _parado(parado_ab, 10)
    levar_a(enviar(orgao_a, orgao_b, documentos=[]), sm.Status.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)
    parado_cb = levar_a(enviar(orgao_c, orgao_b), sm.Status.COMPONENTES_RECEBIDOS_DESTINATARIO, orgao_c, orgao_b)
    _parado(parado_cb, 10)
    concluido = levar_a(enviar(orgao_a, orgao_c), sm.Status.RECIBO_RECEBIDO_REMETENTE, orgao_a, orgao_c)
    _parado(concluido, 30)
    SolicitacaoFactory(unidade=OrgaoFactory(repositorio=repositorio_r1))
    SolicitacaoFactory()
    SolicitacaoFactory(unidade=OrgaoFactory(repositorio=repositorio_r1), status=SolicitacaoDeAcesso.Status.APROVADA)
    extinta = UnidadeFactory(parent=orgao_a.orgao, nome="Seção extinta", sigla="EXT", ativo=False)
    Unidade.objects.filter(pk=extinta.pk).update(sistema=orgao_a.sistema, permite_envio=True)
    PendenciaDeEstrutura.objects.create(comite=orgao_a.comite, unidade=extinta, sistema=orgao_a.sistema,
                                        modo="enviar_e_receber")
    agora = timezone.now()
    emitir_com_validade(orgao_a.sistema, agora - datetime.timedelta(days=700), agora + datetime.timedelta(days=20))
    emitir_com_validade(orgao_c.sistema, agora - datetime.timedelta(days=10), agora + datetime.timedelta(days=90))
    return parado_ab, parado_cb


def test_comites_and_tramites_register_their_sources_at_start_up():
    from comites.alertas import alertas as de_comites

    assert de_comites in ganchos.obter(ganchos.ALERTAS)
    assert alertas_de_tramites.alertas in ganchos.obter(ganchos.ALERTAS)


def test_the_administrator_sees_every_count(mundo, admin):
    a = _por_chave(admin)
    assert a["tramites_parados"].quantidade == 2  # A→B and C→B; not the recent one nor the concluded one
    assert a["solicitacoes"].quantidade == 2
    assert a["deriva"].quantidade == 1
    assert a["certificados"].quantidade == 1


def test_a_gestor_sees_only_its_órgão_and_nothing_it_cannot_act_on(mundo, gestor_a, gestor_c, orgao_b):
    a = _por_chave(gestor_a)
    assert a["tramites_parados"].quantidade == 1  # its A→B, not C→B
    assert a["deriva"].quantidade == 1 and a["certificados"].quantidade == 1
    assert "solicitacoes" not in a  # gestores do not evaluate access requests
    c = _por_chave(gestor_c)
    assert c["tramites_parados"].quantidade == 1  # C→B
    assert c["deriva"].quantidade == 0 and c["certificados"].quantidade == 0  # C's certificate has 90 days
    b = _por_chave(GestorFactory(comite=orgao_b.comite).pessoa)
    assert b["tramites_parados"].quantidade == 2  # destination of both


def test_a_supervisor_sees_the_requests_and_trâmites_of_its_repositório(mundo, supervisor_r1, orgao_c):
    a = _por_chave(supervisor_r1)
    assert a["solicitacoes"].quantidade == 1
    assert a["tramites_parados"].quantidade == 2  # B (destination of both) is in R1
    de_c = PessoaFactory(nome="Supervisor de C")
    PerfilAtribuidoFactory(pessoa=de_c, perfil=PerfilAtribuido.Perfil.SUPERVISOR,
                           repositorios=[orgao_c.orgao.repositorio])
    c = _por_chave(ativar_mfa(de_c))
    assert c["tramites_parados"].quantidade == 1  # only C→B
    assert c["solicitacoes"].quantidade == 0


def test_a_person_without_profile_and_anonymous_users_get_no_alerts(mundo, client):
    assert alertas.alertas_de(PessoaFactory()) == []
    html = client.get("/").content.decode()
    assert "Alertas (" not in html


def test_each_count_links_to_its_list(mundo, admin, gestor_a, orgao_a, settings):
    a = _por_chave(admin)
    assert a["solicitacoes"].url == reverse("comites:solicitacao_lista") + "?apenas_pendentes=on"
    # Every drift and certificate belongs to A: straight to its page.
    assert a["deriva"].url == reverse("comites:comite_detalhe", args=[orgao_a.comite.pk]) + "#unidades-inativadas"
    assert a["certificados"].url == reverse("certificados:lista", args=[orgao_a.sistema.pk])
    assert a["tramites_parados"].url == alertas_de_tramites.url_dos_parados(3)


def test_counts_of_several_comitês_or_systems_link_to_the_lists(mundo, admin, orgao_b, orgao_c):
    agora = timezone.now()
    emitir_com_validade(orgao_b.sistema, agora - datetime.timedelta(days=700), agora + datetime.timedelta(days=5))
    extinta = UnidadeFactory(parent=orgao_c.orgao, nome="Outra extinta", ativo=False)
    PendenciaDeEstrutura.objects.create(comite=orgao_c.comite, unidade=extinta, modo="enviar_e_receber")
    a = _por_chave(admin)
    assert a["certificados"].quantidade == 2 and a["certificados"].url == reverse("comites:spe_lista")
    assert a["deriva"].quantidade == 2 and a["deriva"].url == reverse("comites:comite_lista")


def test_the_stuck_link_opens_the_painel_with_the_same_filter_and_no_period():
    try:
        painel = reverse("tramites:painel")
    except Exception:
        assert alertas_de_tramites.url_dos_parados(7) == ""  # no Painel in this URLconf: the count alone
    else:
        assert alertas_de_tramites.url_dos_parados(7) == painel + "?parados=7&data_inicial=&data_final="


def test_the_threshold_is_the_parameter_dias_tramite_parado(mundo, admin):
    from portal.models import Parametro
    from portal.services import parametros

    parametros.alterar(Parametro.objects.get(chave="dias_tramite_parado"), "15", admin)
    a = _por_chave(admin)
    assert a["tramites_parados"].quantidade == 0
    assert a["tramites_parados"].rotulo == "Trâmites parados há mais de 15 dias"


def test_a_replaced_or_revoked_certificate_is_no_alert(mundo, admin, orgao_a):
    agora = timezone.now()
    emitir_com_validade(orgao_a.sistema, agora - datetime.timedelta(days=1), agora + datetime.timedelta(days=700))
    assert _por_chave(admin)["certificados"].quantidade == 0


def test_counts_are_bounded_and_shown_with_a_plus(mundo, admin, monkeypatch):
    monkeypatch.setattr(alertas, "LIMITE_DA_CONTAGEM", 1)
    parados = _por_chave(admin)["tramites_parados"]
    assert (parados.quantidade, parados.mais, parados.quantidade_rotulo) == (1, True, "1+")
    assert alertas.AlertasDoCabecalho(admin).total_rotulo.endswith("+")
    assert alertas.contar(Tramite.objects.filter(pk=-1)) == (0, False)


def test_the_list_is_cached_per_person_briefly(mundo, admin, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as primeira:
        antes = alertas.alertas_de(admin)
    assert len(primeira) >= 4
    with django_assert_num_queries(0):
        assert alertas.alertas_de(admin) == antes


def test_the_header_shows_the_alerts_with_links_without_javascript(mundo, client, gestor_a, orgao_a):
    entrar(client, gestor_a)
    html = client.get(reverse("comites:comite_detalhe", args=[orgao_a.comite.pk])).content.decode()
    assert '<details class="portal-conta-menu portal-alertas" id="alertas">' in html
    assert "Alertas (3)" in html  # 1 stuck + 1 drift + 1 certificate
    assert (f'<a href="{reverse("certificados:lista", args=[orgao_a.sistema.pk])}">'
            "Certificados que expiram em até 60 dias: <strong>1</strong></a>") in html


def test_a_failing_source_is_left_out_not_a_broken_page(mundo, admin):
    def quebrada(pessoa):
        raise RuntimeError("fonte com defeito")

    ganchos.registrar(ganchos.ALERTAS, quebrada)
    try:
        assert "tramites_parados" in _por_chave(admin)
    finally:
        ganchos.remover(ganchos.ALERTAS, quebrada)


def test_an_audited_change_shows_at_once_in_the_cached_alerts(mundo, admin, gestor_a):
    from comites.deriva import services as deriva

    assert _por_chave(gestor_a)["deriva"].quantidade == 1  # now cached
    pendencia = PendenciaDeEstrutura.objects.get(resolvida_em__isnull=True)
    deriva.desvincular(pendencia, gestor_a)
    assert _por_chave(gestor_a)["deriva"].quantidade == 0
    assert _por_chave(admin)["deriva"].quantidade == 0


def test_zero_counts_are_not_listed_in_the_header(mundo, client, gestor_c, orgao_c):
    entrar(client, gestor_c)
    html = client.get(reverse("comites:comite_detalhe", args=[orgao_c.comite.pk])).content.decode()
    assert "Alertas (1)" in html and "Trâmites parados há mais de 3 dias: <strong>1</strong>" in html
    assert "Unidades inativadas ainda mapeadas:" not in html and "Certificados que expiram" not in html


def test_nothing_to_look_at_says_so(client, gestor_a, orgao_a):
    entrar(client, gestor_a)
    html = client.get(reverse("comites:comite_detalhe", args=[orgao_a.comite.pk])).content.decode()
    assert "Alertas (0)" in html and "Nenhum alerta." in html
