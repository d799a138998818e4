"""DELETE tramites/{IDT}, GET tramites/{IDT}/recibo-de-envio, reprodução do último trâmite, motivosUrgencia."""

import pytest

from tests.factories.tramites import enviar as enviar_pelo_servico
from tests.factories.tramites import levar_a
from tests.tramites.api.envio.apoio import BASE, postar
from tramites import state_machine as sm
from tramites.models import HistoricoDeStatus, Recibo, Tramite

pytestmark = pytest.mark.django_db


def _apagar(cliente, idt, consulta=""):
    return cliente.delete(f"{BASE}tramites/{idt}{consulta}", HTTP_ACCEPT="*/*")


@pytest.mark.parametrize("situacao", sorted(sm.Status, key=int))
def test_cancelamento_pelo_remetente_so_de_1_a_4(api_a, lado_a, lado_b, situacao):
    tramite = levar_a(enviar_pelo_servico(lado_a, lado_b), situacao, lado_a, lado_b)
    historico = HistoricoDeStatus.objects.filter(tramite=tramite).count()
    resposta = _apagar(api_a, tramite.idt)
    if sm.pode_cancelar(situacao):
        assert resposta.status_code == 200, resposta.content
        assert Tramite.objects.get(pk=tramite.pk).status == sm.Status.CANCELADO.value
        assert HistoricoDeStatus.objects.filter(tramite=tramite).count() == historico + 1
    else:
        assert (resposta.status_code, resposta.json()["codigoErro"]) == (409, "0065")
        assert resposta.json()["mensagem"] == sm.motivo_para_nao_cancelar(situacao)
        assert Tramite.objects.get(pk=tramite.pk).status == situacao.value
        assert HistoricoDeStatus.objects.filter(tramite=tramite).count() == historico


def test_cancelamento_em_5_usa_o_texto_do_modulo(api_a, lado_a, lado_b):
    tramite = levar_a(enviar_pelo_servico(lado_a, lado_b), sm.Status.RECIBO_ENVIADO_DESTINATARIO, lado_a, lado_b)
    assert "já iniciou o recebimento desse processo" in _apagar(api_a, tramite.idt).json()["mensagem"]


def test_destinatario_nao_cancela_e_outro_orgao_nem_ve(api_b, api_c, lado_a, lado_b):
    tramite = enviar_pelo_servico(lado_a, lado_b)
    assert (_apagar(api_b, tramite.idt).status_code, _apagar(api_b, tramite.idt).json()["codigoErro"]) == (403, "0003")
    resposta = _apagar(api_c, tramite.idt)
    assert (resposta.status_code, resposta.json()["codigoErro"]) == (404, "0004")
    assert Tramite.objects.get(pk=tramite.pk).status == sm.Status.INICIADO.value


def test_idt_redundante_diferente_responde_0001(api_a, lado_a, lado_b):
    tramite = enviar_pelo_servico(lado_a, lado_b)
    resposta = _apagar(api_a, tramite.idt, f"?IDT={tramite.idt + 1}")
    assert (resposta.status_code, resposta.json()["codigoErro"]) == (400, "0001")
    assert _apagar(api_a, tramite.idt, f"/?IDT={tramite.idt}").status_code == 200


def test_recibo_de_envio_so_depois_de_2_e_igual_na_repeticao(api_a, lado_a, lado_b):
    tramite = enviar_pelo_servico(lado_a, lado_b)
    url = f"{BASE}tramites/{tramite.idt}/recibo-de-envio"
    antes = api_a.get(url)
    assert (antes.status_code, antes.json()["codigoErro"]) == (409, "0065")
    levar_a(tramite, sm.Status.COMPONENTES_ENVIADOS_REMETENTE, lado_a, lado_b)
    primeiro, segundo = api_a.get(url), api_a.get(url + "/")
    assert primeiro.status_code == 200, primeiro.content
    assert primeiro.json() == segundo.json()
    assert primeiro.json()["reciboDeEnvio"]["IDT"] == tramite.idt
    assert primeiro.json()["reciboDeEnvio"]["hashesDosComponentesDigitais"] == sorted(
        tramite.componentes.values_list("hash", flat=True))
    assert Recibo.objects.filter(tramite=tramite, tipo=Recibo.Tipo.ENVIO).count() == 1


def test_recibo_de_envio_de_outro_orgao_responde_404(api_c, lado_a, lado_b):
    tramite = levar_a(enviar_pelo_servico(lado_a, lado_b), sm.Status.COMPONENTES_ENVIADOS_REMETENTE, lado_a, lado_b)
    assert api_c.get(f"{BASE}tramites/{tramite.idt}/recibo-de-envio").status_code == 404


def _reproduzir(cliente, tramite):
    destino = tramite.unidade_destinatario
    return postar(cliente, f"NREs/{tramite.nre}/destinatarios/{destino.repositorio_id}/{destino.pk}/"
                           "reproducoes-de-tramite", {})


def test_reproducao_cria_novo_idt_em_1_pedindo_todos_os_componentes(api_a, lado_a, lado_b):
    ultimo = levar_a(enviar_pelo_servico(lado_a, lado_b), sm.Status.RECIBO_RECEBIDO_REMETENTE, lado_a, lado_b)
    resposta = _reproduzir(api_a, ultimo)
    assert resposta.status_code == 200, resposta.content
    dados = resposta.json()
    novo = Tramite.objects.get(pk=dados["IDT"])
    assert novo.idt != ultimo.idt and novo.nre == ultimo.nre and novo.reproducao
    assert novo.status == sm.Status.INICIADO.value and sm.eh_pendencia_do_remetente(novo.status)
    assert dados["ticketParaReenvioDeComponentesDigitais"] == novo.ticket
    assert dados["processosComComponentesDigitaisSolicitados"][0]["hashes"] == list(
        ultimo.componentes.values_list("hash", flat=True))


def test_reproducao_com_tramite_aberto_responde_0044_com_o_texto_do_barramento(api_a, lado_a, lado_b):
    aberto = enviar_pelo_servico(lado_a, lado_b)
    resposta = _reproduzir(api_a, aberto)
    assert (resposta.status_code, resposta.json()["codigoErro"]) == (409, "0044")
    assert resposta.json()["mensagem"] == f"NRE, '{aberto.nre}', já possui trâmite em andamento para este destinatário"


def test_reproducao_sem_componentes_responde_0001(api_a, lado_a, lado_b):
    ultimo = levar_a(enviar_pelo_servico(lado_a, lado_b, documentos=[{"ordem": 1, "retirado": True}]),
                     sm.Status.CANCELADO, lado_a, lado_b)
    resposta = _reproduzir(api_a, ultimo)
    assert resposta.status_code == 400
    assert "não há componentes digitais válidos a serem reproduzidos" in resposta.json()["mensagem"]


def test_reproducao_de_outro_orgao_responde_404(api_c, lado_a, lado_b):
    ultimo = levar_a(enviar_pelo_servico(lado_a, lado_b), sm.Status.CANCELADO, lado_a, lado_b)
    assert _reproduzir(api_c, ultimo).status_code == 404
    assert Tramite.objects.count() == 1


def test_motivos_de_urgencia(api_a):
    resposta = api_a.get(f"{BASE}motivosUrgencia", HTTP_ACCEPT="*/*")
    assert resposta.status_code == 200
    motivos = resposta.json()["motivosUrgencia"]
    assert motivos and all(set(m) == {"descricao"} for m in motivos)


def test_idt_que_nao_e_numero_responde_404_json(api_a):
    resposta = api_a.delete(f"{BASE}tramites/abc")
    assert (resposta.status_code, resposta.json()["codigoErro"]) == (404, "0004")


def test_delete_on_the_pendencias_path_is_405_json_not_a_cancel(api_a):
    resposta = api_a.delete(f"{BASE}tramites/pendentes")
    assert (resposta.status_code, resposta.json()["codigoErro"]) == (405, "0010")
