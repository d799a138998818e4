"""The diagnosis on the detail page: time in status, the state machine's texts and whom to call."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from estrutura.models import Unidade
from tests.factories.tramites import enviar, levar_a
from tramites import state_machine as sm
from tramites.models import Tramite
from tramites.services.diagnostico import diagnosticar, duracao

S = sm.Status


def _html(cliente, t):
    return cliente.get(reverse("tramites:tramite", args=[t.idt])).content.decode()


@pytest.mark.parametrize(("status", "quem"), [
    (S.INICIADO, "a"), (S.COMPONENTES_ENVIADOS_REMETENTE, "b"), (S.METADADOS_RECEBIDO_DESTINATARIO, "b"),
    (S.COMPONENTES_RECEBIDOS_DESTINATARIO, "b"), (S.RECIBO_ENVIADO_DESTINATARIO, "a"), (S.RECUSADO, "a"),
])
def test_contacts_are_those_of_the_órgão_that_must_act(orgao_a, orgao_b, gestor_a, gestor_b, admin, como, status,
                                                       quem):
    t = levar_a(enviar(orgao_a, orgao_b), status, orgao_a, orgao_b)
    html = _html(como(admin), t)
    assert "Diagnóstico" in html and status.onde_esta in html
    if status.o_que_fazer:
        assert status.o_que_fazer in html
    age, nao_age = (gestor_a, gestor_b) if quem == "a" else (gestor_b, gestor_a)
    assert age.nome in html and age.email_unidade in html and age.telefone in html
    assert nao_age.nome not in html
    assert ("órgão de origem" if quem == "a" else "órgão de destino") in html


@pytest.mark.parametrize("status", [S.RECIBO_RECEBIDO_REMETENTE, S.CANCELADO, S.CIENCIA_RECUSA,
                                    S.CANCELADO_AUTOMATICAMENTE])
def test_terminal_trâmites_have_no_diagnosis(orgao_a, orgao_b, gestor_a, como, status):
    t = levar_a(enviar(orgao_a, orgao_b), status, orgao_a, orgao_b)
    assert diagnosticar(t) is None
    assert "Diagnóstico" not in _html(como(gestor_a), t)


def test_time_in_status_and_the_stuck_mark_follow_the_parameter(orgao_a, orgao_b, gestor_a, como):
    t = levar_a(enviar(orgao_a, orgao_b), S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)
    Tramite.objects.filter(pk=t.pk).update(status_desde=timezone.now() - datetime.timedelta(days=5, hours=2))
    html = _html(como(gestor_a), t)
    assert "5 dias e 2 horas" in html and "parado</span> há mais de 3 dias" in html
    t.refresh_from_db()
    agora = t.status_desde + datetime.timedelta(days=2)
    assert diagnosticar(t, agora).parado is False


def test_refused_trâmite_with_origin_unit_inactivated_by_siorg_is_called_out(orgao_a, orgao_b, gestor_a, como):
    t = levar_a(enviar(orgao_a, orgao_b), S.RECUSADO, orgao_a, orgao_b)
    Unidade.objects.filter(pk=orgao_a.protocolo.pk).update(ativo=False, origem=Unidade.Origem.SIORG)
    html = _html(como(gestor_a), t)
    assert "está inativa (inativada por atualização do SIORG)" in html and "Protocolo de ORGA" in html


def test_inactive_origin_unit_is_not_called_out_outside_status_8(orgao_a, orgao_b, gestor_a, como):
    t = levar_a(enviar(orgao_a, orgao_b), S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)
    Unidade.objects.filter(pk=orgao_a.protocolo.pk).update(ativo=False)
    assert "está inativa" not in _html(como(gestor_a), t)


def test_duration_texts():
    assert duracao(datetime.timedelta(seconds=20)) == "menos de 1 minuto"
    assert duracao(datetime.timedelta(minutes=1)) == "1 minuto"
    assert duracao(datetime.timedelta(hours=1, minutes=5)) == "1 hora e 5 minutos"
    assert duracao(datetime.timedelta(days=1)) == "1 dia"
