"""GET tramites?IDT=&NRE=&protocolo=&remetente[…]=&destinatario[…]= (#22): scoped rows, history, pending
hashes, refusal text, paging."""

import base64

import pytest

from tests.factories.tramites import enviar, hash_de, levar_a
from tramites import state_machine as sm

from .conftest import API

S = sm.Status
pytestmark = pytest.mark.django_db
URL = API + "tramites"


def _consulta(cliente, consulta):
    resposta = cliente.get(URL + "?" + consulta) if isinstance(consulta, str) else cliente.get(URL, consulta)
    assert resposta.status_code == 200, resposta.content
    return resposta.json()


def test_a_row_carries_the_fields_clients_read(cliente_b, orgao_a, orgao_b):
    tramite = levar_a(enviar(orgao_a, orgao_b), S.RECUSADO, orgao_a, orgao_b)
    [linha] = _consulta(cliente_b, {"IDT": tramite.idt})["tramites"]
    assert linha["IDT"] == tramite.idt and linha["NRE"] == tramite.nre and linha["protocolo"] == tramite.protocolo
    assert linha["situacaoAtual"] == S.RECUSADO
    assert [m["situacao"] for m in linha["mudancasDeSituacao"]] == [1, 2, 3, 8]
    assert all(m["dataHora"].endswith("Z") for m in linha["mudancasDeSituacao"])
    assert linha["remetente"]["numeroDeIdentificacaoDaEstrutura"] == str(orgao_a.protocolo.pk)
    assert linha["justificativaDaRecusa"] == "Espécie documental não mapeada no destinatário."
    assert linha["hashDosComponentesPendentesDeRecebimento"] == []


def test_filters_as_php_sends_them(cliente_a, orgao_a, orgao_b, orgao_c):
    para_b = enviar(orgao_a, orgao_b)
    para_c = enviar(orgao_a, orgao_c)

    def idts(consulta):
        return [t["IDT"] for t in _consulta(cliente_a, consulta)["tramites"]]
    assert idts("") == [para_b.idt, para_c.idt]
    assert idts(f"NRE={para_c.nre}") == [para_c.idt]
    assert idts(f"protocolo={para_b.protocolo}") == [para_b.idt]
    repositorio = orgao_c.protocolo.repositorio_id
    assert idts(f"destinatario[identificacaoDoRepositorioDeEstruturas]={repositorio}"
                f"&destinatario[numeroDeIdentificacaoDaEstrutura]={orgao_c.protocolo.pk}") == [para_c.idt]
    assert idts(f"remetente[numeroDeIdentificacaoDaEstrutura]={orgao_b.protocolo.pk}") == []


def test_another_orgao_sees_nothing_of_a_and_b(cliente_c, orgao_a, orgao_b):
    tramite = enviar(orgao_a, orgao_b)
    assert _consulta(cliente_c, {"IDT": tramite.idt}) == {"totalDeRegistros": 0, "tramites": []}
    assert _consulta(cliente_c, "")["tramites"] == []


def test_pending_hashes_are_those_the_receiver_has_not_downloaded_whole(cliente_b, tramite_com_componentes):
    primeiro, segundo = b"primeiro componente " * 50, b"segundo"
    tramite = tramite_com_componentes(S.METADADOS_RECEBIDO_DESTINATARIO)
    [linha] = _consulta(cliente_b, {"IDT": tramite.idt})["tramites"]
    assert linha["hashDosComponentesPendentesDeRecebimento"] == sorted([hash_de(primeiro), hash_de(segundo)])
    corpo = {"hashDoComponenteDigital": hash_de(segundo), "protocolo": tramite.protocolo}
    resposta = cliente_b.post(f"{API}tramites/{tramite.idt}/protocolos/componentes-digitais", corpo,
                              content_type="application/json")
    assert base64.b64decode(b"".join(resposta.streaming_content)) == segundo
    [linha] = _consulta(cliente_b, {"IDT": tramite.idt})["tramites"]
    assert linha["hashDosComponentesPendentesDeRecebimento"] == [hash_de(primeiro)]


def test_paging_by_registro_inicial_and_quantidade(cliente_a, orgao_a, orgao_b):
    idts = [enviar(orgao_a, orgao_b).idt for _ in range(3)]
    pagina = _consulta(cliente_a, {"registroInicial": 1, "quantidadeDeRegistros": 1})
    assert pagina["totalDeRegistros"] == 3 and [t["IDT"] for t in pagina["tramites"]] == [idts[1]]


@pytest.mark.parametrize("consulta", [
    "IDT=abc", "IDT=%D9%A3", "NRE=12a", "remetente=5", "remetente[numeroDeIdentificacaoDaEstrutura]=x",
    "quantidadeDeRegistros=0", "protocolo=%00",
])
def test_bad_parameters_are_0001(cliente_a, consulta):
    resposta = cliente_a.get(URL + "?" + consulta)
    assert resposta.status_code == 400 and resposta.json()["codigoErro"] == "0001", consulta
