"""POST tramites/{IDT}/recusa (#24, 3/4→8) and GET tramites/{IDT}/ciencia (#25, sender, 8→9, idempotent)."""

import pytest

from portal.models import RegistroDeAuditoria
from tests.factories.tramites import enviar, levar_a
from tramites import state_machine as sm
from tramites.models import HistoricoDeStatus

from .conftest import API

S = sm.Status
pytestmark = pytest.mark.django_db


def _recusar(cliente, tramite, motivo="04", justificativa="Espécie não mapeada."):
    return cliente.post(f"{API}tramites/{tramite.idt}/recusa", {"motivo": motivo, "justificativa": justificativa},
                        content_type="application/json")


def _ciencia(cliente, tramite, barra=""):
    return cliente.get(f"{API}tramites/{tramite.idt}/ciencia{barra}")


@pytest.mark.parametrize("status", [S.METADADOS_RECEBIDO_DESTINATARIO, S.COMPONENTES_RECEBIDOS_DESTINATARIO])
def test_the_receiver_refuses_in_3_and_4(cliente_b, orgao_a, orgao_b, status):
    tramite = levar_a(enviar(orgao_a, orgao_b), status, orgao_a, orgao_b)
    resposta = _recusar(cliente_b, tramite, motivo="99", justificativa="Outro motivo.\nSegunda linha.")
    assert resposta.status_code == 200 and resposta.json()["situacaoAtual"] == S.RECUSADO
    tramite.refresh_from_db()
    assert (tramite.status, tramite.recusa_motivo) == (S.RECUSADO, "99")
    assert tramite.recusa_justificativa == "Outro motivo.\nSegunda linha."


@pytest.mark.parametrize("status", [S.COMPONENTES_ENVIADOS_REMETENTE, S.RECIBO_ENVIADO_DESTINATARIO, S.RECUSADO])
def test_refusing_in_another_status_is_0065_and_nothing_changes(cliente_b, orgao_a, orgao_b, status):
    tramite = levar_a(enviar(orgao_a, orgao_b), status, orgao_a, orgao_b)
    historico = tramite.historico.count()
    resposta = _recusar(cliente_b, tramite)
    codigo = "0004" if status is S.RECUSADO else "0065"  # after a refusal the receiver no longer sees it
    assert resposta.json()["codigoErro"] == codigo
    tramite.refresh_from_db()
    assert tramite.status == status and tramite.historico.count() == historico


@pytest.mark.parametrize("motivo, justificativa", [
    ("05", "Motivo inexistente."), ("", "Sem motivo."), ("04", ""), ("04", "x" * 1001), ("04", "nulo\x00"),
])
def test_a_bad_motivo_or_justificativa_is_0001_and_nothing_changes(cliente_b, orgao_a, orgao_b, motivo, justificativa):
    tramite = levar_a(enviar(orgao_a, orgao_b), S.METADADOS_RECEBIDO_DESTINATARIO, orgao_a, orgao_b)
    resposta = _recusar(cliente_b, tramite, motivo, justificativa)
    assert resposta.status_code == 400 and resposta.json()["codigoErro"] == "0001"
    tramite.refresh_from_db()
    assert tramite.status == S.METADADOS_RECEBIDO_DESTINATARIO


def test_a_justificativa_of_1000_characters_is_kept_whole(cliente_b, orgao_a, orgao_b):
    tramite = levar_a(enviar(orgao_a, orgao_b), S.METADADOS_RECEBIDO_DESTINATARIO, orgao_a, orgao_b)
    assert _recusar(cliente_b, tramite, justificativa="j" * 1000).status_code == 200
    tramite.refresh_from_db()
    assert tramite.recusa_justificativa == "j" * 1000


def test_the_sender_cannot_refuse_403_and_another_orgao_gets_404(cliente_a, cliente_c, orgao_a, orgao_b):
    tramite = levar_a(enviar(orgao_a, orgao_b), S.METADADOS_RECEBIDO_DESTINATARIO, orgao_a, orgao_b)
    assert _recusar(cliente_a, tramite).json()["codigoErro"] == "0003"
    assert _recusar(cliente_c, tramite).status_code == 404
    tramite.refresh_from_db()
    assert tramite.status == S.METADADOS_RECEBIDO_DESTINATARIO


def test_the_sender_acknowledges_8_to_9_and_a_repeat_records_nothing(cliente_a, orgao_a, orgao_b):
    tramite = levar_a(enviar(orgao_a, orgao_b), S.RECUSADO, orgao_a, orgao_b)
    primeira = _ciencia(cliente_a, tramite)
    assert primeira.status_code == 200 and primeira.json()["situacaoAtual"] == S.CIENCIA_RECUSA
    historico, auditoria = HistoricoDeStatus.objects.count(), RegistroDeAuditoria.objects.count()
    segunda = _ciencia(cliente_a, tramite, "/")
    assert segunda.status_code == 200 and segunda.json() == primeira.json()
    assert HistoricoDeStatus.objects.count() == historico and RegistroDeAuditoria.objects.count() == auditoria


def test_ciencia_before_a_refusal_is_0065(cliente_a, orgao_a, orgao_b):
    tramite = levar_a(enviar(orgao_a, orgao_b), S.METADADOS_RECEBIDO_DESTINATARIO, orgao_a, orgao_b)
    resposta = _ciencia(cliente_a, tramite)
    assert resposta.status_code == 409 and resposta.json()["codigoErro"] == "0065"
    tramite.refresh_from_db()
    assert tramite.status == S.METADADOS_RECEBIDO_DESTINATARIO


def test_the_receiver_cannot_acknowledge_and_another_orgao_gets_404(cliente_b, cliente_c, orgao_a, orgao_b):
    tramite = levar_a(enviar(orgao_a, orgao_b), S.RECUSADO, orgao_a, orgao_b)
    assert _ciencia(cliente_b, tramite).status_code == 404  # after the refusal it is the sender's alone
    assert _ciencia(cliente_c, tramite).status_code == 404
    tramite.refresh_from_db()
    assert tramite.status == S.RECUSADO


def test_who_and_when_are_checked_before_the_body(cliente_a, cliente_b, orgao_a, orgao_b):
    tramite = levar_a(enviar(orgao_a, orgao_b), S.METADADOS_RECEBIDO_DESTINATARIO, orgao_a, orgao_b)
    url = f"{API}tramites/{tramite.idt}/recusa"
    assert cliente_a.post(url, {}, content_type="application/json").json()["codigoErro"] == "0003"
    pronto = levar_a(enviar(orgao_a, orgao_b), S.RECIBO_ENVIADO_DESTINATARIO, orgao_a, orgao_b)
    resposta = cliente_b.post(f"{API}tramites/{pronto.idt}/recusa", {}, content_type="application/json")
    assert resposta.status_code == 409 and resposta.json()["codigoErro"] == "0065"
    assert cliente_b.post(url, {}, content_type="application/json").json()["codigoErro"] == "0001"
