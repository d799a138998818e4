"""Detalhes do IDT: scope, tabs, restricted content, the refusal rule, recibos and a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comites.certificados.services import inicializar_ac
from portal.permissions import SistemaAutenticado
from tests.factories.tramites import documentos, enviar, levar_a
from tramites import state_machine as sm
from tramites.models import NivelDeSigilo, Recibo, Tramite
from tramites.services import envio
from tramites.services.detalhe import verificar

S = sm.Status


def _url(t):
    return reverse("tramites:tramite", args=[t.idt])


def test_sender_gestor_sees_every_section_with_the_process_data(orgao_a, orgao_b, gestor_a, como):
    t = enviar(orgao_a, orgao_b, descricao="Compra de material", documentos=documentos(2))
    levar_a(t, S.METADADOS_RECEBIDO_DESTINATARIO, orgao_a, orgao_b)
    html = como(gestor_a).get(_url(t)).content.decode()
    for secao in ('id="informacoes"', 'id="recibo"', 'id="situacoes"', 'id="componentes"', 'href="#componentes"'):
        assert secao in html
    assert 'id="recusa"' not in html  # only for a refused trâmite
    assert "Compra de material" in html and "doc1.pdf" in html and "doc2.pdf" in html
    assert "Total (2 componentes)" in html and "<strong>22</strong>" in html  # 11 + 11 bytes
    assert "Órgão ORGA" in html and "Protocolo de ORGB" in html and "ORGA - SEI" in html
    assert "Metadados obtidos pelo sistema destinatário" in html  # the history, with its event


def test_receiving_gestor_sees_a_public_trâmite(orgao_a, orgao_b, gestor_b, como):
    t = enviar(orgao_a, orgao_b, descricao="Compra de material")
    resposta = como(gestor_b).get(_url(t))
    assert resposta.status_code == 200 and "Compra de material" in resposta.content.decode()


def test_a_gestor_of_another_órgão_gets_404_and_anonymous_goes_to_login(orgao_a, orgao_b, orgao_c, gestor_c, client,
                                                                       como):
    t = enviar(orgao_a, orgao_b)
    assert client.get(_url(t)).status_code == 302
    assert como(gestor_c).get(_url(t)).status_code == 404
    assert como(gestor_c).get(reverse("tramites:tramite", args=[999999])).status_code == 404


def test_restricted_process_hides_the_description_from_staff_but_not_from_either_órgão(
        orgao_a, orgao_b, gestor_b, admin, como):
    t = enviar(orgao_a, orgao_b, descricao="Apuração disciplinar sigilosa", nivel_de_sigilo=NivelDeSigilo.RESTRITO)
    html_admin = como(admin).get(_url(t)).content.decode()
    assert "Apuração disciplinar sigilosa" not in html_admin and "Conteúdo restrito" in html_admin
    assert "Apuração disciplinar sigilosa" in como(gestor_b).get(_url(t)).content.decode()


def test_restricted_document_hides_its_name_and_hash_from_staff(orgao_a, orgao_b, gestor_a, admin, como):
    docs = documentos(2)
    docs[1]["nivel_de_sigilo"] = NivelDeSigilo.SIGILOSO
    docs[1]["hipotese_legal"] = None
    t = enviar(orgao_a, orgao_b, documentos=docs)
    oculto = t.componentes.get(nome="doc2.pdf").hash
    html = como(admin).get(_url(t)).content.decode()
    assert "doc1.pdf" in html and "doc2.pdf" not in html and oculto not in html and "Documento restrito" in html
    html = como(gestor_a).get(_url(t)).content.decode()
    assert "doc2.pdf" in html and oculto in html


def test_after_a_refusal_only_the_sender_sees_the_data_and_the_refusal(orgao_a, orgao_b, gestor_a, gestor_b, como):
    t = enviar(orgao_a, orgao_b, descricao="Processo que será recusado")
    levar_a(t, S.RECUSADO, orgao_a, orgao_b)
    do_remetente = como(gestor_a).get(_url(t)).content.decode()
    assert "Processo que será recusado" in do_remetente and "doc1.pdf" in do_remetente
    assert 'id="recusa"' in do_remetente and "04 - Espécie documental não mapeada no destinatário" in do_remetente
    assert "Espécie documental não mapeada no destinatário." in do_remetente  # the justificativa
    do_destinatario = como(gestor_b).get(_url(t))
    html = do_destinatario.content.decode()
    assert do_destinatario.status_code == 200  # route and status stay visible to the receiver
    assert "Processo que será recusado" not in html and "doc1.pdf" not in html
    assert "apenas o órgão remetente visualiza" in html


def test_recibo_de_envio_shows_a_valid_bus_signature_and_a_tampered_one_shows_invalid(orgao_a, orgao_b, gestor_a,
                                                                                      como):
    inicializar_ac()
    t = enviar(orgao_a, orgao_b)
    levar_a(t, S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)
    sistema = SistemaAutenticado(nome=orgao_a.sistema.nome, comite_ids=frozenset({orgao_a.comite.pk}),
                                 pk=orgao_a.sistema.pk)
    envio.recibo_de_envio(t, sistema)
    html = como(gestor_a).get(_url(t)).content.decode()
    assert "Válida: a assinatura confere" in html
    assert t.componentes.get().hash in html
    recibo = Recibo.objects.get(tramite=t, tipo=Recibo.Tipo.ENVIO)
    recibo.assinatura = "A" + recibo.assinatura[1:] if recibo.assinatura[0] != "A" else "B" + recibo.assinatura[1:]
    assert verificar(recibo, __import__("json").loads(recibo.conteudo)).valida is False


def test_detail_runs_a_constant_number_of_queries(orgao_a, orgao_b, gestor_a, como, settings):
    cliente = como(gestor_a)
    pequeno = enviar(orgao_a, orgao_b, documentos=documentos(1))
    levar_a(pequeno, S.RECIBO_ENVIADO_DESTINATARIO, orgao_a, orgao_b)
    grande = enviar(orgao_a, orgao_b, documentos=documentos(12))
    levar_a(grande, S.RECIBO_ENVIADO_DESTINATARIO, orgao_a, orgao_b)
    cliente.get(_url(pequeno))  # warm the session and parameter caches
    contagens = []
    for t in (pequeno, grande):
        with CaptureQueriesContext(connection) as consultas:
            assert cliente.get(_url(t)).status_code == 200
        contagens.append(len(consultas))
    assert contagens[0] == contagens[1], contagens
    assert contagens[1] <= 20, contagens


@pytest.mark.parametrize(("texto", "esperado"), [
    ("abc", 404), ("١٢٣", 404), ("0" * 17, 404),
    ("12%00", 400),  # NUL: refused by the portal's middleware before any view
])
def test_nre_page_refuses_odd_input_without_error(gestor_a, como, texto, esperado):
    resposta = como(gestor_a).get(f"/painel/nre/{texto}/")
    assert resposta.status_code == esperado


def test_situação_tab_lists_every_transition_with_actor(orgao_a, orgao_b, gestor_a, como):
    t = enviar(orgao_a, orgao_b)
    levar_a(t, S.CANCELADO, orgao_a, orgao_b)
    html = como(gestor_a).get(_url(t)).content.decode()
    assert "Envio iniciado pelo sistema remetente" in html and "Cancelamento do trâmite" in html
    assert "Sistema remetente: ORGA - SEI" in html
    assert Tramite.objects.get(pk=t.pk).historico.count() == 2


def test_restricted_process_hides_its_public_documents_from_staff_too(orgao_a, orgao_b, admin, como):
    t = enviar(orgao_a, orgao_b, nivel_de_sigilo=NivelDeSigilo.RESTRITO)
    html = como(admin).get(_url(t)).content.decode()
    assert "doc1.pdf" not in html and t.componentes.get().hash not in html
