"""Component uploads by ticket: whole, byte ranges (any order, repeated, conflicting, past the size), the
termination call, the verification task (1→2, hash mismatch) and who may reach a ticket."""

import pytest

from tests.tramites.api.envio.apoio import enviar, processo, subir, terminar, url_do_ticket
from tests.tramites.api.envio.conftest import hash_de
from tramites import state_machine as sm
from tramites.models import ComponenteDigital, HistoricoDeStatus, Tramite

pytestmark = pytest.mark.django_db

CONTEUDO = bytes(range(256)) * 40  # 10 240 bytes


@pytest.fixture
def envio(api_a, lado_a, lado_b, especie, django_capture_on_commit_callbacks):
    corpo = processo(lado_a.protocolo, lado_b.protocolo, [CONTEUDO])
    with django_capture_on_commit_callbacks(execute=True):
        dados = enviar(api_a, corpo).json()
    return dados["ticketParaEnvioDeComponentesDigitais"], corpo["processo"]["protocolo"], dados["IDT"]


def _situacao(idt):
    return Tramite.objects.get(pk=idt).status


def test_componente_inteiro_verificado_leva_o_tramite_a_2(api_a, envio, django_capture_on_commit_callbacks):
    ticket, protocolo, idt = envio
    with django_capture_on_commit_callbacks(execute=True):
        resposta = subir(api_a, ticket, CONTEUDO, protocolo)
    assert resposta.status_code == 200, resposta.content
    assert _situacao(idt) == sm.Status.COMPONENTES_ENVIADOS_REMETENTE.value
    componente = ComponenteDigital.objects.get(tramite_id=idt)
    assert componente.verificado and componente.caminho
    assert HistoricoDeStatus.objects.filter(tramite_id=idt, evento=sm.Evento.COMPONENTES_ARMAZENADOS).count() == 1


def test_hash_e_protocolo_como_parametros_da_consulta(api_a, envio, django_capture_on_commit_callbacks):
    from tests.tramites.api.envio.apoio import multipart
    ticket, protocolo, idt = envio
    corpo, tipo = multipart(CONTEUDO, None, None)
    with django_capture_on_commit_callbacks(execute=True):
        resposta = api_a.generic("PUT", url_do_ticket(ticket) + f"/?hashDoComponenteDigital={hash_de(CONTEUDO)}"
                                 f"&protocolo={protocolo}".replace("+", "%2B").replace("/2026", "%2F2026"),
                                 corpo, content_type=tipo)
    assert resposta.status_code == 200, resposta.content
    assert _situacao(idt) == sm.Status.COMPONENTES_ENVIADOS_REMETENTE.value


@pytest.mark.parametrize("ordem", [[(0, 4096), (4096, 8192), (8192, 10240)], [(8192, 10240), (0, 4096), (4096, 8192)]])
def test_partes_em_ordem_ou_fora_de_ordem(api_a, envio, ordem, django_capture_on_commit_callbacks):
    ticket, protocolo, idt = envio
    for inicio, fim in ordem:
        resposta = subir(api_a, ticket, CONTEUDO[inicio:fim], protocolo, hash_=hash_de(CONTEUDO),
                         intervalo=f"{inicio}-{fim}")
        assert resposta.status_code == 200, resposta.content
    assert _situacao(idt) == sm.Status.INICIADO.value  # nothing happens before the termination call
    with django_capture_on_commit_callbacks(execute=True):
        assert terminar(api_a, ticket, hash_de(CONTEUDO), protocolo).status_code == 200
    assert _situacao(idt) == sm.Status.COMPONENTES_ENVIADOS_REMETENTE.value


def test_parte_repetida_e_aceita_e_conflitante_responde_0061(api_a, envio):
    ticket, protocolo, _idt = envio
    h = hash_de(CONTEUDO)
    assert subir(api_a, ticket, CONTEUDO[:4096], protocolo, hash_=h, intervalo="0-4096").status_code == 200
    assert subir(api_a, ticket, CONTEUDO[:4096], protocolo, hash_=h, intervalo="0-4096").status_code == 200
    sobreposta = b"\xff" * 100
    resposta = subir(api_a, ticket, sobreposta, protocolo, hash_=h, intervalo="4000-4100")
    assert (resposta.status_code, resposta.json()["codigoErro"]) == (409, "0061")


def test_parte_alem_do_tamanho_responde_0060_com_o_texto_do_barramento(api_a, envio):
    ticket, protocolo, _idt = envio
    resposta = subir(api_a, ticket, b"x" * 100, protocolo, hash_=hash_de(CONTEUDO), intervalo="10200-10300")
    assert (resposta.status_code, resposta.json()["codigoErro"]) == (400, "0060")
    assert resposta.json()["mensagem"] == ("A parte informada ultrapassa o tamanho do componente digital informado "
                                           "nos metadados do trâmite.")


def test_termino_com_partes_faltando_responde_0063(api_a, envio):
    ticket, protocolo, idt = envio
    subir(api_a, ticket, CONTEUDO[:4096], protocolo, hash_=hash_de(CONTEUDO), intervalo="0-4096")
    resposta = terminar(api_a, ticket, hash_de(CONTEUDO), protocolo)
    assert (resposta.status_code, resposta.json()["codigoErro"]) == (409, "0063")
    assert "4096-10240" in resposta.json()["mensagem"]
    assert _situacao(idt) == sm.Status.INICIADO.value


def test_hash_que_nao_confere_deixa_em_1_marca_o_componente_e_avisa_no_termino(
        api_a, envio, django_capture_on_commit_callbacks):
    ticket, protocolo, idt = envio
    errado = bytearray(CONTEUDO)
    errado[5000] ^= 1
    with django_capture_on_commit_callbacks(execute=True):
        resposta = subir(api_a, ticket, bytes(errado), protocolo, hash_=hash_de(CONTEUDO))
    assert resposta.status_code == 200  # verified off the request path
    assert _situacao(idt) == sm.Status.INICIADO.value
    componente = ComponenteDigital.objects.get(tramite_id=idt)
    assert not componente.verificado and not componente.recebido and "não confere" in componente.falha_de_verificacao
    aviso = terminar(api_a, ticket, hash_de(CONTEUDO), protocolo)
    assert (aviso.status_code, aviso.json()["codigoErro"]) == (400, "0062")
    with django_capture_on_commit_callbacks(execute=True):
        assert subir(api_a, ticket, CONTEUDO, protocolo).status_code == 200
    assert _situacao(idt) == sm.Status.COMPONENTES_ENVIADOS_REMETENTE.value


def test_componente_nao_solicitado_responde_0067(api_a, envio):
    ticket, protocolo, _idt = envio
    resposta = subir(api_a, ticket, b"outro", protocolo)
    assert (resposta.status_code, resposta.json()["codigoErro"]) == (400, "0067")


def test_ticket_de_outro_sistema_responde_404(api_b, api_c, envio):
    ticket, protocolo, _idt = envio
    for cliente in (api_b, api_c):
        resposta = subir(cliente, ticket, CONTEUDO, protocolo)
        assert (resposta.status_code, resposta.json()["codigoErro"]) == (404, "0004")
    assert not ComponenteDigital.objects.filter(bytes_recebidos__gt=0).exists()



def test_alvo_de_ticket_alheio_responde_404_mesmo_sem_a_conferencia_da_view(lado_a, lado_b, envio):
    from tramites import erros
    from tramites.services.componentes import alvo, principal_do_sistema

    ticket, protocolo, _idt = envio
    dados = {"hashDoComponenteDigital": hash_de(CONTEUDO), "protocolo": protocolo}
    with pytest.raises(erros.ErroDaApi) as recusa:
        alvo(principal_do_sistema(lado_b.sistema), ticket, dados)
    assert recusa.value.codigo == "0004"
    assert alvo(principal_do_sistema(lado_a.sistema), ticket, dados).hash == hash_de(CONTEUDO)


def test_subir_componente_inteiro_consulta_o_ticket_uma_vez(api_a, envio):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ticket, protocolo, _idt = envio
    with CaptureQueriesContext(connection) as consultas:
        assert subir(api_a, ticket, CONTEUDO, protocolo).status_code == 200
    conferencias = [q["sql"] for q in consultas.captured_queries
                    if q["sql"].startswith('SELECT 1 AS "a" FROM "tramites_tramite"') and "ticket" in q["sql"]]
    assert len(conferencias) == 1  # the view's 404 check; the component look-up has the ticket as a subquery

def test_reenviar_componente_depois_de_2_responde_0065_e_nao_registra_nada(
        api_a, envio, django_capture_on_commit_callbacks):
    ticket, protocolo, idt = envio
    with django_capture_on_commit_callbacks(execute=True):
        subir(api_a, ticket, CONTEUDO, protocolo)
    historico = HistoricoDeStatus.objects.filter(tramite_id=idt).count()
    resposta = subir(api_a, ticket, CONTEUDO, protocolo)
    assert (resposta.status_code, resposta.json()["codigoErro"]) == (409, "0065")
    assert HistoricoDeStatus.objects.filter(tramite_id=idt).count() == historico


def test_tarefa_repetida_nao_desfaz_a_verificacao_nem_transita_duas_vezes(
        api_a, lado_a, envio, django_capture_on_commit_callbacks):
    from tramites.services import componentes
    from tramites.tarefas.componentes import verificar_componentes

    ticket, protocolo, idt = envio
    with django_capture_on_commit_callbacks(execute=True):
        subir(api_a, ticket, CONTEUDO, protocolo)
    sistema = {"pk": lado_a.sistema.pk, "nome": lado_a.sistema.nome, "comite_ids": [lado_a.comite.pk]}
    verificar_componentes.run(ticket, hash_de(CONTEUDO), sistema)  # a redelivery of the same message
    componente = ComponenteDigital.objects.get(tramite_id=idt)
    assert componente.verificado and componente.falha_de_verificacao == ""
    assert HistoricoDeStatus.objects.filter(tramite_id=idt, evento=sm.Evento.COMPONENTES_ARMAZENADOS).count() == 1
    assert componentes.concluir_envio_se_completo(Tramite.objects.get(pk=idt)) is False


def test_tarefa_de_outro_sistema_nao_alcanca_o_ticket(api_a, lado_b, envio):
    from tramites.tarefas.componentes import verificar_componentes

    ticket, protocolo, idt = envio
    subir(api_a, ticket, CONTEUDO, protocolo)  # complete, but its task never ran (callbacks not executed)
    intruso = {"pk": lado_b.sistema.pk, "nome": lado_b.sistema.nome, "comite_ids": [lado_b.comite.pk]}
    verificar_componentes.run(ticket, hash_de(CONTEUDO), intruso)
    assert not ComponenteDigital.objects.get(tramite_id=idt).verificado
    assert _situacao(idt) == sm.Status.INICIADO.value
