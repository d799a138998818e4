"""GET tramites/pendentes (#15): per side, what needs action from the calling system; todas=false lists
only what was not yet delivered to it."""

import pytest

from tests.factories.tramites import enviar, levar_a
from tramites import state_machine as sm

from .conftest import API

S = sm.Status
pytestmark = pytest.mark.django_db
URL = API + "tramites/pendentes"


def _pendentes(cliente, **consulta):
    resposta = cliente.get(URL, consulta)
    assert resposta.status_code == 200, resposta.content
    return resposta.json()


@pytest.mark.parametrize("status, de_quem", [
    (S.INICIADO, "a"), (S.COMPONENTES_ENVIADOS_REMETENTE, "b"), (S.METADADOS_RECEBIDO_DESTINATARIO, "b"),
    (S.COMPONENTES_RECEBIDOS_DESTINATARIO, "b"), (S.RECIBO_ENVIADO_DESTINATARIO, "a"), (S.RECUSADO, "a"),
    (S.RECIBO_RECEBIDO_REMETENTE, None), (S.CIENCIA_RECUSA, None),
    (S.CANCELADO, None),  # cancelled by the sender's own system (levar_a): it knows already
    (S.CANCELADO_AUTOMATICAMENTE, "a"),  # issue 11 (3a): the sender's until it reads the trâmite
])
def test_each_status_is_a_pendencia_of_one_side_only(cliente_a, cliente_b, orgao_a, orgao_b, status, de_quem):
    tramite = levar_a(enviar(orgao_a, orgao_b), status, orgao_a, orgao_b)
    esperado = [{"IDT": tramite.idt, "status": int(status)}]
    assert _pendentes(cliente_a, todas="true") == (esperado if de_quem == "a" else [])
    assert _pendentes(cliente_b, todas="1") == (esperado if de_quem == "b" else [])


def test_a_system_of_another_orgao_sees_none_of_them(cliente_c, orgao_a, orgao_b):
    levar_a(enviar(orgao_a, orgao_b), S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)
    enviar(orgao_a, orgao_b)
    assert _pendentes(cliente_c) == []


def test_todas_false_lists_each_pendencia_once_and_again_after_a_transition(cliente_b, orgao_a, orgao_b):
    tramite = levar_a(enviar(orgao_a, orgao_b), S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)
    assert _pendentes(cliente_b, todas="false") == [{"IDT": tramite.idt, "status": 2}]
    assert _pendentes(cliente_b, todas="0") == []
    assert _pendentes(cliente_b, todas="true") == [{"IDT": tramite.idt, "status": 2}]  # all, delivered or not
    cliente_b.get(f"{API}tramites/{tramite.idt}")  # the metadata: 2→3, a new pendência
    assert _pendentes(cliente_b, todas="false") == [{"IDT": tramite.idt, "status": 3}]


def test_without_todas_everything_is_listed_oldest_first(cliente_b, orgao_a, orgao_b):
    primeiro = levar_a(enviar(orgao_a, orgao_b), S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)
    segundo = levar_a(enviar(orgao_a, orgao_b), S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)
    _pendentes(cliente_b, todas="false")
    assert [p["IDT"] for p in _pendentes(cliente_b)] == [primeiro.idt, segundo.idt]
    assert [p["IDT"] for p in _pendentes(cliente_b)] == [primeiro.idt, segundo.idt]


def test_the_receiver_is_the_spe_mapped_for_the_unit_not_any_system_of_the_orgao(proxy_confiavel, orgao_a, orgao_b):
    from tests.factories.comites import SistemaFactory

    from .conftest import cliente_de

    levar_a(enviar(orgao_a, orgao_b), S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)
    outro = SistemaFactory(orgao_responsavel=orgao_b.comite, nome="ORGB - SUAP")
    outro_cliente = cliente_de(type(orgao_b)(orgao_b.sigla, orgao_b.comite, orgao_b.orgao, orgao_b.protocolo, outro))
    assert _pendentes(outro_cliente) == []


def test_a_bad_todas_is_0001(cliente_b):
    resposta = cliente_b.get(URL, {"todas": "talvez"})
    assert resposta.status_code == 400 and resposta.json()["codigoErro"] == "0001"
