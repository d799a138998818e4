"""``services.criar_tramite``: IDT, NRE (assigned once per process, reused), sides, centralizadora, 0044."""

import re

import pytest
from django.utils import timezone

from estrutura.models import Unidade
from tests.factories.estrutura import UnidadeFactory
from tests.factories.hipoteses import EspecieDocumentalFactory, HipoteseLegalFactory
from tests.factories.tramites import documentos, enviar, levar_a, protocolo_novo
from tramites import services
from tramites import state_machine as sm
from tramites.models import ComponenteDigital, Documento, HistoricoDeStatus, RegistroEletronico, Tipo, Tramite
from tramites.services import AtorNaoAutorizado, DadosInvalidos, TramiteEmAndamento

S, A = sm.Status, sm.Ator


def test_novo_tramite_nasce_em_1_com_nre_de_16_digitos_e_historico(orgao_a, orgao_b):
    tramite = enviar(orgao_a, orgao_b, documentos=documentos(2), descricao="Processo de teste", urgente=True,
                     motivo_urgencia=2)
    tramite.refresh_from_db()
    assert tramite.status == S.INICIADO and tramite.idt > 0
    assert re.fullmatch(rf"\d{{12}}{timezone.localdate().year}", tramite.nre)
    assert tramite.registro.nre == tramite.nre and tramite.registro.protocolo == tramite.protocolo
    assert (tramite.comite_remetente, tramite.comite_destinatario) == (orgao_a.comite, orgao_b.comite)
    assert (tramite.sistema_remetente, tramite.sistema_destinatario) == (orgao_a.sistema, orgao_b.sistema)
    assert (tramite.urgente, tramite.motivo_urgencia, tramite.descricao) == (True, 2, "Processo de teste")
    assert tramite.criado_em == tramite.status_desde == tramite.atualizado_em
    historico = HistoricoDeStatus.objects.get(tramite=tramite)
    assert (historico.de, historico.para, historico.evento, historico.ator, historico.sistema_id) == (
        None, S.INICIADO, "envio", "remetente", orgao_a.sistema.pk)
    assert Documento.objects.filter(tramite=tramite).count() == 2
    componente = ComponenteDigital.objects.filter(tramite=tramite).first()
    assert (componente.nome, componente.tamanho, componente.recebido, componente.verificado) == ("doc1.pdf", 11,
                                                                                                 False, False)
    assert len(componente.hash) == 44


def test_cada_tramite_ganha_um_idt_novo_e_o_nre_do_processo_e_reutilizado(orgao_a, orgao_b):
    protocolo = protocolo_novo()
    ida = levar_a(enviar(orgao_a, orgao_b, protocolo=protocolo), S.RECIBO_RECEBIDO_REMETENTE, orgao_a, orgao_b)
    volta = enviar(orgao_b, orgao_a, protocolo=protocolo)  # devolução, without the NRE
    de_novo = levar_a(volta, S.CANCELADO, orgao_b, orgao_a)
    terceiro = enviar(orgao_a, orgao_b, protocolo=protocolo, nre=ida.nre)  # with the NRE
    assert len({ida.idt, volta.idt, terceiro.idt}) == 3
    assert ida.nre == volta.nre == de_novo.nre == terceiro.nre
    assert RegistroEletronico.objects.filter(protocolo=protocolo).count() == 1


def test_processos_diferentes_ganham_nres_diferentes(orgao_a, orgao_b):
    assert enviar(orgao_a, orgao_b).nre != enviar(orgao_a, orgao_b).nre


def test_segundo_envio_com_tramite_em_andamento_da_0044_e_nada_e_criado(orgao_a, orgao_b, orgao_c):
    primeiro = levar_a(enviar(orgao_a, orgao_b), S.RECIBO_ENVIADO_DESTINATARIO, orgao_a, orgao_b)
    antes = (Tramite.objects.count(), HistoricoDeStatus.objects.count(), Documento.objects.count())
    with pytest.raises(TramiteEmAndamento) as erro:
        enviar(orgao_a, orgao_c, protocolo=primeiro.protocolo)
    assert erro.value.codigo_erro == "0044"
    assert f"IDT {primeiro.idt}" in erro.value.mensagem and "já possui trâmite em andamento" in erro.value.mensagem
    assert (Tramite.objects.count(), HistoricoDeStatus.objects.count(), Documento.objects.count()) == antes


def test_tramite_recusado_aguardando_ciencia_ainda_bloqueia_o_processo(orgao_a, orgao_b):
    primeiro = levar_a(enviar(orgao_a, orgao_b), S.RECUSADO, orgao_a, orgao_b)
    with pytest.raises(TramiteEmAndamento):
        enviar(orgao_a, orgao_b, protocolo=primeiro.protocolo)
    services.aplicar(primeiro, sm.Evento.CIENCIA_DA_RECUSA, orgao_a.agente(A.REMETENTE))
    assert enviar(orgao_a, orgao_b, protocolo=primeiro.protocolo).nre == primeiro.nre


def test_documento_avulso_vai_a_varios_destinos_mas_um_por_destino(orgao_a, orgao_b, orgao_c):
    protocolo = protocolo_novo()
    para_b = enviar(orgao_a, orgao_b, protocolo=protocolo, tipo=Tipo.DOCUMENTO)
    para_c = enviar(orgao_a, orgao_c, protocolo=protocolo, tipo=Tipo.DOCUMENTO)
    assert para_b.nre == para_c.nre and para_b.idt != para_c.idt
    with pytest.raises(TramiteEmAndamento):
        enviar(orgao_a, orgao_b, protocolo=protocolo, tipo=Tipo.DOCUMENTO)


def test_nre_desconhecido_ou_de_outro_processo_e_recusado(orgao_a, orgao_b):
    with pytest.raises(DadosInvalidos) as erro:
        enviar(orgao_a, orgao_b, nre="0000009999992026")
    assert erro.value.codigo_erro == "0004" and "não foi encontrado" in erro.value.mensagem
    outro = enviar(orgao_a, orgao_b)
    with pytest.raises(DadosInvalidos, match="pertence a outro protocolo"):
        enviar(orgao_a, orgao_b, nre=outro.nre, protocolo=protocolo_novo())
    assert Tramite.objects.count() == 1


@pytest.mark.parametrize("protocolo", ["", "   ", "a\x00b", "9" * 51])
def test_protocolo_vazio_ou_hostil_e_recusado(protocolo, orgao_a, orgao_b):
    with pytest.raises(DadosInvalidos, match="protocolo"):
        enviar(orgao_a, orgao_b, protocolo=protocolo or " ")
    assert not Tramite.objects.exists() and not RegistroEletronico.objects.exists()


def test_sistema_de_outro_orgao_nao_envia_pela_unidade_de_a(orgao_a, orgao_b, orgao_c):
    with pytest.raises(AtorNaoAutorizado) as erro:
        services.criar_tramite(ator=orgao_c.agente(A.REMETENTE), remetente=orgao_a.protocolo,
                               destinatario=orgao_b.protocolo, protocolo=protocolo_novo())
    assert erro.value.codigo_erro == "0066" and "foi mapeada de forma errada" in erro.value.mensagem
    assert not Tramite.objects.exists()


def test_so_o_remetente_inicia_um_tramite(orgao_a, orgao_b):
    with pytest.raises(sm.TransicaoInvalida):
        services.criar_tramite(ator=services.Agente.barramento(), remetente=orgao_a.protocolo,
                               destinatario=orgao_b.protocolo, protocolo=protocolo_novo())


def test_centralizadora_recebe_pelo_destinatario(orgao_a, orgao_b):
    atendida = UnidadeFactory(parent=orgao_b.orgao, nome="Arquivo de ORGB")
    Unidade.objects.filter(pk=atendida.pk).update(unidade_receptora=orgao_b.protocolo)
    atendida.refresh_from_db()
    tramite = enviar(orgao_a, orgao_b, destinatario=atendida)
    assert tramite.unidade_destinatario == atendida
    assert tramite.unidade_receptora == orgao_b.protocolo == tramite.unidade_que_recebe
    assert tramite.sistema_destinatario == orgao_b.sistema  # the centralizadora's system receives
    assert tramite.comite_destinatario == orgao_b.comite


def test_especie_e_hipotese_conferidas_no_catalogo(orgao_a, orgao_b):
    especie, hipotese = EspecieDocumentalFactory(), HipoteseLegalFactory()
    docs = documentos(1)
    docs[0].update(especie=especie.codigo, hipotese_legal=hipotese.identificacao, nivel_de_sigilo=2)
    tramite = enviar(orgao_a, orgao_b, documentos=docs, nivel_de_sigilo=2, hipotese_legal=hipotese.identificacao)
    documento = Documento.objects.get(tramite=tramite)
    assert (documento.especie, documento.hipotese_legal, documento.nivel_de_sigilo) == (especie, hipotese, 2)
    componente = documento.componentes.get()
    assert (componente.especie, componente.hipotese_legal, componente.nivel_de_sigilo) == (especie, hipotese, 2)
    for campo, valor, texto in (("especie", 99999, "Espécie documental desconhecida: 99999"),
                                ("hipotese_legal", 99998, "Hipótese legal desconhecida: 99998")):
        ruins = documentos(1)
        ruins[0][campo] = valor
        with pytest.raises(DadosInvalidos, match=texto):
            enviar(orgao_a, orgao_b, documentos=ruins)
    assert Tramite.objects.count() == 1


def test_documentos_com_ordem_repetida_sao_recusados_sem_deixar_rastro(orgao_a, orgao_b):
    docs = documentos(2)
    docs[1]["ordem"] = 1
    with pytest.raises(DadosInvalidos, match="mesma ordem"):
        enviar(orgao_a, orgao_b, documentos=docs)
    assert not Tramite.objects.exists() and not HistoricoDeStatus.objects.exists()



def test_componentes_com_ordem_repetida_no_documento_sao_recusados_sem_deixar_rastro(orgao_a, orgao_b):
    docs = documentos(1)
    docs[0]["componentes"].append({**docs[0]["componentes"][0], "nome": "outro.pdf"})
    with pytest.raises(DadosInvalidos, match="componentes digitais com a mesma ordem no mesmo documento"):
        enviar(orgao_a, orgao_b, documentos=docs)
    assert not Tramite.objects.exists() and not HistoricoDeStatus.objects.exists()


def test_mesma_ordem_em_documentos_ou_protocolos_diferentes_e_aceita(orgao_a, orgao_b):
    docs = documentos(2)  # each document's component has ordem 1
    docs[1]["ordem"], docs[1]["protocolo"] = 1, "00000.000002/2026-00"  # a document of an annexed process
    tramite = enviar(orgao_a, orgao_b, documentos=docs)
    assert Documento.objects.filter(tramite=tramite).count() == 2
    assert ComponenteDigital.objects.filter(tramite=tramite).count() == 2

def test_novo_nre_tem_16_digitos():
    assert services.novo_nre(438564, 2018) == "0000004385642018"
    with pytest.raises(ValueError):
        services.novo_nre(10**12, 2018)
