"""GET tramites/{IDT} (#17): the metadata as sent, 2→3 on the receiver's first read, idempotent repeats."""

import pytest

from portal.models import RegistroDeAuditoria
from tests.factories.tramites import enviar, levar_a
from tramites import state_machine as sm
from tramites.models import HistoricoDeStatus

from .conftest import API

S = sm.Status
pytestmark = pytest.mark.django_db


def _url(tramite, barra=""):
    return f"{API}tramites/{tramite.idt}{barra}"


def test_receiver_s_first_read_in_status_2_moves_to_3_and_answers_the_metadata(cliente_b, orgao_a, orgao_b):
    tramite = levar_a(enviar(orgao_a, orgao_b, metadados={
        "cabecalho": {"propriedadesAdicionais": [{"chave": "MODULO_PEN_VERSAO", "valor": "4.0.3"}]},
        "processo": {"protocolo": "99999.000001/2026-00", "descricao": "Como enviado", "documentos": []},
    }), S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)
    resposta = cliente_b.get(_url(tramite), HTTP_ACCEPT="*/*")
    assert resposta.status_code == 200, resposta.content
    corpo = resposta.json()
    assert corpo["nre"] == tramite.nre and "NRE" not in corpo
    assert corpo["processo"]["descricao"] == "Como enviado"
    assert corpo["remetente"]["numeroDeIdentificacaoDaEstrutura"] == str(orgao_a.protocolo.pk)
    assert corpo["destinatario"]["identificacaoDoRepositorioDeEstruturas"] == orgao_b.protocolo.repositorio_id
    assert corpo["propriedadesAdicionais"] == [{"chave": "MODULO_PEN_VERSAO", "valor": "4.0.3"}]
    assert corpo["reproducaoDeTramite"] is False and corpo["ticketParaReenvioDeComponentesDigitais"] is None
    tramite.refresh_from_db()
    assert tramite.status == S.METADADOS_RECEBIDO_DESTINATARIO


def test_repeating_the_read_answers_the_same_and_records_nothing(cliente_b, orgao_a, orgao_b):
    tramite = levar_a(enviar(orgao_a, orgao_b), S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)
    primeira = cliente_b.get(_url(tramite)).json()
    historico, auditoria = HistoricoDeStatus.objects.count(), RegistroDeAuditoria.objects.count()
    segunda = cliente_b.get(_url(tramite, "/"))
    assert segunda.status_code == 200 and segunda.json() == primeira
    assert HistoricoDeStatus.objects.count() == historico and RegistroDeAuditoria.objects.count() == auditoria
    tramite.refresh_from_db()
    assert tramite.status == S.METADADOS_RECEBIDO_DESTINATARIO


def test_sender_rereads_without_moving_the_tramite(cliente_a, orgao_a, orgao_b):
    tramite = levar_a(enviar(orgao_a, orgao_b), S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)
    resposta = cliente_a.get(_url(tramite))
    assert resposta.status_code == 200 and resposta.json()["nre"] == tramite.nre
    tramite.refresh_from_db()
    assert tramite.status == S.COMPONENTES_ENVIADOS_REMETENTE


def test_a_documento_avulso_answers_documento_and_no_processo(cliente_b, orgao_a, orgao_b):
    tramite = levar_a(enviar(orgao_a, orgao_b, tipo="documento"), S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)
    corpo = cliente_b.get(_url(tramite)).json()
    assert "processo" not in corpo
    assert corpo["documento"]["componentesDigitais"][0]["hash"]["algoritmo"] == "SHA256"


def test_receiver_in_status_1_is_refused_with_0065_and_nothing_changes(cliente_b, orgao_a, orgao_b):
    tramite = enviar(orgao_a, orgao_b)
    resposta = cliente_b.get(_url(tramite))
    assert resposta.status_code == 409 and resposta.json()["codigoErro"] == "0065"
    tramite.refresh_from_db()
    assert tramite.status == S.INICIADO and tramite.historico.count() == 1


def test_a_system_of_another_orgao_gets_404(cliente_c, orgao_a, orgao_b):
    tramite = levar_a(enviar(orgao_a, orgao_b), S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)
    resposta = cliente_c.get(_url(tramite))
    assert resposta.status_code == 404 and resposta.json()["codigoErro"] == "0004"
    tramite.refresh_from_db()
    assert tramite.status == S.COMPONENTES_ENVIADOS_REMETENTE


def test_after_a_refusal_only_the_sender_sees_the_data(cliente_a, cliente_b, orgao_a, orgao_b):
    tramite = levar_a(enviar(orgao_a, orgao_b), S.RECUSADO, orgao_a, orgao_b)
    assert cliente_b.get(_url(tramite)).status_code == 404
    assert cliente_a.get(_url(tramite)).status_code == 200


def test_a_redundant_idt_must_name_the_same_tramite(cliente_b, orgao_a, orgao_b):
    tramite = levar_a(enviar(orgao_a, orgao_b), S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)
    assert cliente_b.get(_url(tramite), {"IDT": tramite.idt + 1}).json()["codigoErro"] == "0001"
    tramite.refresh_from_db()
    assert tramite.status == S.COMPONENTES_ENVIADOS_REMETENTE
    assert cliente_b.get(_url(tramite), {"IDT": tramite.idt}).status_code == 200
