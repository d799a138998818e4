"""POST tramites/processo and tramites/documento: the rules and their error codes, envio parcial."""

import pytest

from estrutura.models import Unidade
from tests.factories.estrutura import UnidadeFactory
from tests.tramites.api.envio.apoio import documento_avulso, enviar, postar, processo, subir
from tests.tramites.api.envio.conftest import hash_de
from tramites import state_machine as sm
from tramites.models import ComponenteDigital, HistoricoDeStatus, Tramite

pytestmark = pytest.mark.django_db


def test_envio_de_processo_cria_o_tramite_em_1_e_pede_os_componentes(api_a, lado_a, lado_b, especie):
    corpo = processo(lado_a.protocolo, lado_b.protocolo, [b"um", b"dois"])
    resposta = enviar(api_a, corpo)
    assert resposta.status_code == 200, resposta.content
    dados = resposta.json()
    tramite = Tramite.objects.get(pk=dados["IDT"])
    assert tramite.status == sm.Status.INICIADO.value and tramite.nre == dados["NRE"]
    assert dados["ticketParaEnvioDeComponentesDigitais"] == tramite.ticket
    assert dados["processosComComponentesDigitaisSolicitados"] == [
        {"protocolo": corpo["processo"]["protocolo"], "hashes": [hash_de(b"um"), hash_de(b"dois")]}]
    assert tramite.sistema_destinatario_id == lado_b.sistema.pk


def test_remetente_de_outro_orgao_responde_0005_com_o_texto_do_barramento(api_a, lado_a, lado_b, especie):
    resposta = enviar(api_a, processo(lado_b.protocolo, lado_a.protocolo))
    assert resposta.status_code == 400
    assert resposta.json()["codigoErro"] == "0005"
    assert f"A unidade {lado_b.protocolo.nome} ({lado_b.protocolo.pk}) foi mapeada de forma errada" in \
        resposta.json()["mensagem"]
    assert not Tramite.objects.exists()


def test_remetente_nao_mapeado_para_enviar_responde_0005(api_a, lado_a, lado_b, especie):
    Unidade.objects.filter(pk=lado_a.protocolo.pk).update(permite_envio=False)
    resposta = enviar(api_a, processo(lado_a.protocolo, lado_b.protocolo))
    assert resposta.json()["codigoErro"] == "0005" and not Tramite.objects.exists()


def test_destinatario_sem_mapeamento_de_recebimento_responde_0068(api_a, lado_a, lado_b, especie):
    Unidade.objects.filter(pk=lado_b.protocolo.pk).update(permite_recebimento=False)
    resposta = enviar(api_a, processo(lado_a.protocolo, lado_b.protocolo))
    assert (resposta.status_code, resposta.json()["codigoErro"]) == (400, "0068")
    assert not Tramite.objects.exists()


def test_destinatario_inativo_responde_0068(api_a, lado_a, lado_b, especie):
    Unidade.objects.filter(pk=lado_b.protocolo.pk).update(ativo=False)
    assert enviar(api_a, processo(lado_a.protocolo, lado_b.protocolo)).json()["codigoErro"] == "0068"


def test_destinatario_do_mesmo_orgao_responde_0069(api_a, lado_a, especie):
    outra = UnidadeFactory(parent=lado_a.orgao, nome="Outra de A")
    Unidade.objects.filter(pk=outra.pk).update(sistema=lado_a.sistema, permite_recebimento=True)
    resposta = enviar(api_a, processo(lado_a.protocolo, outra))
    assert (resposta.status_code, resposta.json()["codigoErro"]) == (400, "0069")


def test_estrutura_fora_do_repositorio_responde_0055(api_a, lado_a, lado_b, especie):
    corpo = processo(lado_a.protocolo, lado_b.protocolo)
    corpo["cabecalho"]["destinatario"]["numeroDeIdentificacaoDaEstrutura"] = "987654321"
    resposta = enviar(api_a, corpo)
    assert (resposta.status_code, resposta.json()["codigoErro"]) == (404, "0055")


def test_centralizadora_do_destinatario_vira_unidade_receptora(api_a, lado_a, lado_b, especie):
    atendida = UnidadeFactory(parent=lado_b.orgao, nome="Atendida")
    Unidade.objects.filter(pk=atendida.pk).update(unidade_receptora=lado_b.protocolo)
    resposta = enviar(api_a, processo(lado_a.protocolo, atendida))
    assert resposta.status_code == 200, resposta.content
    tramite = Tramite.objects.get(pk=resposta.json()["IDT"])
    assert (tramite.unidade_destinatario_id, tramite.unidade_receptora_id) == (atendida.pk, lado_b.protocolo.pk)


def test_nre_desconhecido_e_recusado(api_a, lado_a, lado_b, especie):
    resposta = enviar(api_a, processo(lado_a.protocolo, lado_b.protocolo, nre="0000009999992026"))
    assert resposta.status_code == 404 and resposta.json()["codigoErro"] == "0004"


def test_segundo_envio_com_tramite_aberto_responde_0044(api_a, lado_a, lado_b, especie):
    corpo = processo(lado_a.protocolo, lado_b.protocolo)
    assert enviar(api_a, corpo).status_code == 200
    resposta = enviar(api_a, corpo)
    assert (resposta.status_code, resposta.json()["codigoErro"]) == (409, "0044")
    assert Tramite.objects.count() == 1


def test_corpo_invalido_responde_0001_e_nada_muda(api_a, lado_a, lado_b, especie):
    corpo = processo(lado_a.protocolo, lado_b.protocolo)
    corpo["processo"]["descricao"] = "x\x00y"
    resposta = enviar(api_a, corpo)
    assert resposta.status_code == 400 and resposta.json()["codigoErro"] == "0001"
    assert not Tramite.objects.exists()


def test_envio_parcial_nao_pede_o_que_o_barramento_ja_tem_do_nre(
        api_a, lado_a, lado_b, especie, django_capture_on_commit_callbacks):
    corpo = processo(lado_a.protocolo, lado_b.protocolo, [b"antigo"])
    with django_capture_on_commit_callbacks(execute=True):
        primeiro = enviar(api_a, corpo).json()
    with django_capture_on_commit_callbacks(execute=True):
        assert subir(api_a, primeiro["ticketParaEnvioDeComponentesDigitais"], b"antigo",
                     corpo["processo"]["protocolo"]).status_code == 200
    tramite = Tramite.objects.get(pk=primeiro["IDT"])
    from tramites.services import Agente, aplicar
    aplicar(tramite, sm.Evento.CANCELAMENTO, Agente.do_sistema(lado_a.sistema, sm.Ator.REMETENTE))
    segundo_corpo = processo(lado_a.protocolo, lado_b.protocolo, [b"antigo", b"novo"],
                             protocolo=corpo["processo"]["protocolo"], nre=primeiro["NRE"])
    with django_capture_on_commit_callbacks(execute=True):
        segundo = enviar(api_a, segundo_corpo).json()
    assert segundo["NRE"] == primeiro["NRE"]
    assert segundo["processosComComponentesDigitaisSolicitados"][0]["hashes"] == [hash_de(b"novo")]
    guardado = ComponenteDigital.objects.get(tramite_id=segundo["IDT"], hash=hash_de(b"antigo"))
    assert (guardado.solicitado, guardado.verificado) == (False, True)


def test_envio_sem_nada_a_pedir_vai_direto_a_2(api_a, lado_a, lado_b, especie, django_capture_on_commit_callbacks):
    corpo = processo(lado_a.protocolo, lado_b.protocolo, [b"ja tenho"])
    with django_capture_on_commit_callbacks(execute=True):
        primeiro = enviar(api_a, corpo).json()
    with django_capture_on_commit_callbacks(execute=True):
        subir(api_a, primeiro["ticketParaEnvioDeComponentesDigitais"], b"ja tenho", corpo["processo"]["protocolo"])
    from tramites.services import Agente, aplicar
    aplicar(Tramite.objects.get(pk=primeiro["IDT"]), sm.Evento.CANCELAMENTO,
            Agente.do_sistema(lado_a.sistema, sm.Ator.REMETENTE))
    with django_capture_on_commit_callbacks(execute=True):
        segundo = enviar(api_a, corpo).json()
    assert segundo["processosComComponentesDigitaisSolicitados"] == []
    assert Tramite.objects.get(pk=segundo["IDT"]).status == sm.Status.COMPONENTES_ENVIADOS_REMETENTE.value



def _conferencias_enfileiradas(monkeypatch) -> list:
    from tramites.tarefas.componentes import verificar_componentes

    enfileiradas = []
    monkeypatch.setattr(verificar_componentes, "apply_async", lambda args, kwargs: enfileiradas.append(args))
    return enfileiradas


def test_envio_com_componentes_a_enviar_nao_enfileira_conferencia(
        api_a, lado_a, lado_b, especie, monkeypatch, django_capture_on_commit_callbacks):
    enfileiradas = _conferencias_enfileiradas(monkeypatch)
    corpo = processo(lado_a.protocolo, lado_b.protocolo, [b"um", b"dois"])
    with django_capture_on_commit_callbacks(execute=True):
        dados = enviar(api_a, corpo).json()
    assert dados["processosComComponentesDigitaisSolicitados"] and enfileiradas == []
    with django_capture_on_commit_callbacks(execute=True):
        assert subir(api_a, dados["ticketParaEnvioDeComponentesDigitais"], b"um",
                     corpo["processo"]["protocolo"]).status_code == 200
    assert [a[0] for a in enfileiradas] == [dados["ticketParaEnvioDeComponentesDigitais"]]


def test_envio_sem_nada_a_pedir_enfileira_uma_conferencia(
        api_a, lado_a, lado_b, especie, monkeypatch, django_capture_on_commit_callbacks):
    corpo = processo(lado_a.protocolo, lado_b.protocolo, [b"ja tenho"])
    with django_capture_on_commit_callbacks(execute=True):
        primeiro = enviar(api_a, corpo).json()
    with django_capture_on_commit_callbacks(execute=True):
        subir(api_a, primeiro["ticketParaEnvioDeComponentesDigitais"], b"ja tenho", corpo["processo"]["protocolo"])
    from tramites.services import Agente, aplicar
    aplicar(Tramite.objects.get(pk=primeiro["IDT"]), sm.Evento.CANCELAMENTO,
            Agente.do_sistema(lado_a.sistema, sm.Ator.REMETENTE))
    enfileiradas = _conferencias_enfileiradas(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        segundo = enviar(api_a, corpo).json()
    assert enfileiradas == [(segundo["ticketParaEnvioDeComponentesDigitais"], None, enfileiradas[0][2])]

def test_documento_avulso_cria_um_tramite_por_destinatario_com_um_ticket(api_a, lado_a, lado_b, orgao_c, especie):
    resposta = postar(api_a, "tramites/documento", documento_avulso(lado_a.protocolo, [lado_b.protocolo,
                                                                                      orgao_c.protocolo]))
    assert resposta.status_code == 200, resposta.content
    dados = resposta.json()
    idts = [t["IDT"] for t in dados["tramites"]]
    assert len(idts) == 2
    tramites = Tramite.objects.filter(pk__in=idts)
    assert {t.ticket for t in tramites} == {dados["ticketParaEnvioDeComponentesDigitais"]}
    assert {t.unidade_destinatario_id for t in tramites} == {lado_b.protocolo.pk, orgao_c.protocolo.pk}
    assert HistoricoDeStatus.objects.filter(tramite__in=tramites).count() == 2


def test_sem_certificado_responde_401(client, lado_a, lado_b, especie):
    resposta = client.post("/interoperabilidade/rest/v3/tramites/processo", data="{}",
                           content_type="application/json")
    assert resposta.status_code == 401 and resposta.json()["codigoErro"] == "0002"


def test_envio_de_processo_le_o_comite_de_cada_unidade_uma_so_vez(api_a, lado_a, lado_b, especie):
    """The órgão (comitê) of the remetente and of the destinatário were read five times per envio (the checks
    of each side, the same-órgão check, ``criar_tramite``); once each is enough (bench/ciclo_de_vida_bench.py)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    enviar(api_a, processo(lado_a.protocolo, lado_b.protocolo, [b"aquece"]))  # the certificate cache warm
    with CaptureQueriesContext(connection) as consultas:
        resposta = enviar(api_a, processo(lado_a.protocolo, lado_b.protocolo, [b"um"]))
    assert resposta.status_code == 200, resposta.content
    assert sum('FROM "comites_comite"' in q["sql"] for q in consultas.captured_queries) == 2
