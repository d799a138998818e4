"""Public pages: the access request form, the follow-up page, the gestores and órgãos lists."""

import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from comites.arquivos import TAMANHO_MAXIMO
from comites.models import Ambiente, Comite, SolicitacaoDeAcesso
from tests.comites.conftest import homologacao_completa
from tests.factories.comites import JPEG_MINIMO, PDF_MINIMO, ComiteFactory, GestorFactory, SolicitacaoFactory
from tests.factories.estrutura import OrgaoFactory
from tests.factories.portal import PessoaFactory

pytestmark = pytest.mark.django_db

URL = "/solicitar-acesso/"


def _post(client, catalogos, unidade=None, arquivos=None, url=URL, **extra):
    gestor_tecnologico, sistema = catalogos
    dados = {
        "ambiente": "homologacao",
        "executivo_federal": "sim" if unidade else "nao",
        "unidade": unidade.pk if unidade else "",
        "gestor_tecnologico": gestor_tecnologico.pk,
        "sistema_de_governo": sistema.pk,
        "nome": "Maria da Silva",
        "cpf": "529.982.247-25",
        "email": "maria@orgao.gov.br",
        "email_confirmacao": "maria@orgao.gov.br",
        "email_unidade": "protocolo@orgao.gov.br",
        "email_unidade_confirmacao": "protocolo@orgao.gov.br",
        "telefone": "(61) 3333-4444",
        "celular": "(61) 99999-8888",
        "website": "",
    }
    if unidade is None:
        dados.update(orgao_nome="Prefeitura de Exemplo", orgao_sigla="PMEX", orgao_uf="GO",
                     orgao_cnpj="11.222.333/0001-81", orgao_endereco="Praça Central, 1", orgao_cep="74000-000")
    arquivos = arquivos or {
        "documento_comprobatorio": SimpleUploadedFile("portaria.pdf", PDF_MINIMO, "application/pdf"),
        "documento_identificacao": SimpleUploadedFile("rg.jpg", JPEG_MINIMO, "image/jpeg"),
    }
    dados.update(arquivos)
    dados.update(extra)
    return client.post(url, dados, REMOTE_ADDR=extra.pop("ip", "10.0.0.1"))


def test_home_page_shows_the_request_button_and_public_links(client):
    conteudo = client.get("/").content.decode()
    assert 'href="/solicitar-acesso/"' in conteudo
    assert "Solicitar Acesso ao Tramita.GOV.BR" in conteudo
    assert 'href="/gestores/"' in conteudo and 'href="/orgaos/"' in conteudo


def test_form_opens_without_login_with_honeypot_labelled_for_humans(client, catalogos):
    resposta = client.get(URL, {"executivo_federal": "nao"})
    assert resposta.status_code == 200
    conteudo = resposta.content.decode()
    assert "Deixe este campo em branco" in conteudo and 'class="comites-hp"' in conteudo
    for rotulo in ("Executivo Federal", "CNPJ", "CEP", "Sistema de Governo", "Confirme o e-mail da Unidade",
                   "Documento comprobatório", "RG/CPF", "Celular"):
        assert rotulo in conteudo, rotulo


def test_first_step_asks_only_whether_the_orgao_is_in_the_federal_executive(client):
    conteudo = client.get(URL).content.decode()
    assert "O órgão ou entidade é do Poder Executivo Federal?" in conteudo
    assert 'name="executivo_federal" value="sim"' in conteudo and 'name="executivo_federal" value="nao"' in conteudo
    assert 'method="get"' in conteudo and 'name="cpf"' not in conteudo and 'name="busca"' not in conteudo


def test_first_step_sent_without_an_answer_asks_for_it(client):
    conteudo = client.get(URL, {"passo": "1"}).content.decode()
    assert "Responda Sim ou Não para continuar." in conteudo and 'name="cpf"' not in conteudo


def test_answer_sim_shows_the_siorg_search_and_not_the_orgao_data_fields(client, catalogos):
    conteudo = client.get(URL, {"executivo_federal": "sim"}).content.decode()
    assert 'name="busca"' in conteudo and 'name="buscar"' in conteudo
    assert 'name="executivo_federal" value="sim"' in conteudo
    for campo in ("orgao_nome", "orgao_sigla", "orgao_cnpj", "orgao_cep"):
        assert f'name="{campo}"' not in conteudo, campo
    assert 'name="cpf"' in conteudo


def test_answer_nao_shows_the_orgao_data_fields_and_not_the_siorg_search(client, catalogos):
    conteudo = client.get(URL, {"executivo_federal": "nao"}).content.decode()
    for campo in ("orgao_nome", "orgao_sigla", "orgao_uf", "orgao_cnpj", "orgao_endereco", "orgao_cep"):
        assert f'name="{campo}"' in conteudo, campo
    assert 'name="busca"' not in conteudo and 'name="unidade"' not in conteudo
    assert 'name="executivo_federal" value="nao"' in conteudo


def _dados_parciais(**extra):
    return {"executivo_federal": "sim", "ambiente": "homologacao", "nome": "Maria da Silva",
            "cpf": "529.982.247-25", "email": "maria@orgao.gov.br", "website": "", **extra}


def test_siorg_search_keeps_what_was_typed_and_shows_no_errors(client, ministerio, catalogos):
    resposta = client.post(URL, _dados_parciais(busca="gestao", buscar="1"))
    conteudo = resposta.content.decode()
    assert resposta.status_code == 200
    assert f'id="orgao_{ministerio.pk}" value="{ministerio.pk}"' in conteudo
    assert 'value="Maria da Silva"' in conteudo and 'value="529.982.247-25"' in conteudo
    assert 'value="maria@orgao.gov.br"' in conteudo
    assert "Corrija os campos indicados" not in conteudo and "Este campo é obrigatório" not in conteudo
    assert SolicitacaoDeAcesso.objects.count() == 0


def test_a_new_search_term_sent_with_enter_searches_instead_of_validating(client, ministerio, catalogos):
    conteudo = client.post(URL, _dados_parciais(busca="gestao", busca_feita="")).content.decode()
    assert f'id="orgao_{ministerio.pk}"' in conteudo and "Corrija os campos indicados" not in conteudo
    # The term already searched is sent again with the form: that is a submission, validated.
    conteudo = client.post(URL, _dados_parciais(busca="gestao", busca_feita="gestao")).content.decode()
    assert "Corrija os campos indicados" in conteudo


def test_search_does_not_count_against_the_submission_limit(client, ministerio, catalogos, settings):
    settings.COMITES_LIMITE_SOLICITACOES = (1, 3600)
    for _ in range(3):
        assert client.post(URL, _dados_parciais(busca="gestao", buscar="1")).status_code == 200
    assert _post(client, catalogos, ministerio).status_code == 302


def test_changing_the_answer_keeps_the_data_and_swaps_the_block(client, ministerio, catalogos):
    conteudo = client.post(URL, _dados_parciais(mudar_para="nao")).content.decode()
    assert 'name="orgao_nome"' in conteudo and 'name="busca"' not in conteudo
    assert 'name="executivo_federal" value="nao"' in conteudo
    assert 'value="Maria da Silva"' in conteudo and "Corrija os campos indicados" not in conteudo


def test_production_requirements_button_keeps_the_data_and_shows_the_checklist(client, ministerio, catalogos):
    ComiteFactory(unidade=ministerio)
    conteudo = client.post(URL, _dados_parciais(busca="gestao", busca_feita="gestao", ambiente="producao",
                                                requisitos=str(ministerio.pk))).content.decode()
    assert "0 de 3 requisitos cumpridos" in conteudo and 'value="Maria da Silva"' in conteudo
    assert f'value="{ministerio.pk}" checked' in conteudo


def test_attachments_are_kept_after_a_validation_error_and_sent_with_the_next_submission(
    client, ministerio, catalogos, _media_privada
):
    resposta = _post(client, catalogos, ministerio, cpf="111.111.111-11")
    conteudo = resposta.content.decode()
    assert "CPF inválido" in conteudo
    assert "Arquivo recebido: <strong>portaria.pdf</strong>" in conteudo
    assert "Arquivo recebido: <strong>rg.jpg</strong>" in conteudo
    tokens = dict(re.findall(r'name="(documento_\w+)_mantido" value="([^"]+)"', conteudo))
    assert set(tokens) == {"documento_comprobatorio", "documento_identificacao"}

    resposta = _post(client, catalogos, ministerio, arquivos={f"{campo}_mantido": token for campo, token in
                                                              tokens.items()})
    assert resposta.status_code == 302
    sol = SolicitacaoDeAcesso.objects.get()
    assert sol.documento_comprobatorio_nome == "portaria.pdf" and sol.documento_identificacao_nome == "rg.jpg"
    assert sol.documento_comprobatorio.read().startswith(b"%PDF-")
    assert sol.documento_identificacao.name.endswith(".jpg")
    assert list((_media_privada / "solicitacoes-temporarias").iterdir()) == []  # the kept copies are gone


def test_attachment_chosen_before_a_search_is_kept(client, ministerio, catalogos):
    dados = _dados_parciais(busca="gestao", buscar="1",
                            documento_comprobatorio=SimpleUploadedFile("portaria.pdf", PDF_MINIMO))
    conteudo = client.post(URL, dados).content.decode()
    assert "Arquivo recebido: <strong>portaria.pdf</strong>" in conteudo
    assert 'name="documento_identificacao_mantido"' not in conteudo


def test_a_refused_attachment_is_not_kept(client, ministerio, catalogos):
    arquivos = {
        "documento_comprobatorio": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", "application/pdf"),
        "documento_identificacao": SimpleUploadedFile("rg.jpg", JPEG_MINIMO, "image/jpeg"),
    }
    conteudo = _post(client, catalogos, ministerio, arquivos=arquivos).content.decode()
    assert "Formato não aceito" in conteudo
    assert 'name="documento_comprobatorio_mantido"' not in conteudo
    assert 'name="documento_identificacao_mantido"' in conteudo


def test_a_forged_or_expired_attachment_token_is_ignored(client, ministerio, catalogos):
    from django.core import signing

    forjado = signing.dumps({"i": "0" * 32, "n": "x.pdf"}, salt="outro-sal")
    resposta = _post(client, catalogos, ministerio, arquivos={"documento_comprobatorio_mantido": forjado,
                                                              "documento_identificacao_mantido": "lixo"})
    conteudo = resposta.content.decode()
    assert resposta.status_code == 200
    assert 'id="id_documento_comprobatorio_error">Este campo é obrigatório' in conteudo
    assert 'id="id_documento_identificacao_error">Este campo é obrigatório' in conteudo
    assert "_mantido\" value=" not in conteudo
    assert SolicitacaoDeAcesso.objects.count() == 0


def test_an_expired_attachment_token_is_ignored_and_old_files_are_purged(client, ministerio, catalogos,
                                                                        monkeypatch, _media_privada):
    from comites import anexos

    token = anexos.guardar(SimpleUploadedFile("portaria.pdf", PDF_MINIMO))
    assert anexos.recuperar(token).read() == PDF_MINIMO
    monkeypatch.setattr(anexos, "VALIDADE", -1)
    assert anexos.recuperar(token) is None
    resposta = _post(client, catalogos, ministerio, arquivos={"documento_comprobatorio_mantido": token})
    assert 'id="id_documento_comprobatorio_error">Este campo é obrigatório' in resposta.content.decode()
    assert len(list((_media_privada / anexos.PASTA).iterdir())) == 1  # the expired file, still on disk
    assert anexos.purgar_expirados() == 1
    assert list((_media_privada / anexos.PASTA).iterdir()) == []


def test_search_needs_three_letters(client, ministerio):
    conteudo = client.get(URL, {"busca": "mg"}).content.decode()
    assert "ao menos 3 letras" in conteudo
    assert f'id="orgao_{ministerio.pk}"' not in conteudo


def test_search_lists_root_orgao_and_explains_a_matching_sub_unit(client, ministerio):
    conteudo = client.get(URL, {"busca": "gestao"}).content.decode()  # accents ignored
    assert f'name="unidade" id="orgao_{ministerio.pk}" value="{ministerio.pk}"' in conteudo

    conteudo = client.get(URL, {"busca": "SEGES"}).content.decode()
    assert f'id="orgao_{ministerio.pk}"' in conteudo  # the órgão is offered, not the sub-unit
    subunidade = ministerio.filhas.get()
    assert f'id="orgao_{subunidade.pk}"' not in conteudo
    assert "só o órgão (a unidade raiz) pode pedir acesso" in conteudo


def test_valid_siorg_request_is_saved_and_requester_lands_on_follow_up_page(
    client, ministerio, catalogos, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        resposta = _post(client, catalogos, ministerio)
    sol = SolicitacaoDeAcesso.objects.get()
    assert resposta.status_code == 302
    assert resposta["Location"] == f"/solicitar-acesso/acompanhar/{sol.token}/"
    assert sol.unidade == ministerio and sol.ip == "10.0.0.1"
    assert sol.documento_identificacao.path.endswith(".jpg")
    assert {tuple(m.to) for m in mail.outbox} == {("maria@orgao.gov.br",), ("processo.eletronico@tramita.local",)}
    pagina = client.get(resposta["Location"]).content.decode()
    assert sol.protocolo in pagina and "Pendente" in pagina


def test_valid_non_siorg_request_is_saved_without_unit(client, catalogos):
    resposta = _post(client, catalogos)
    assert resposta.status_code == 302
    sol = SolicitacaoDeAcesso.objects.get()
    assert sol.unidade is None and sol.repositorio is None
    assert (sol.orgao_cnpj, sol.orgao_cep, sol.orgao_uf) == ("11222333000181", "74000000", "GO")


def test_choosing_a_sub_unit_is_refused_with_an_explanation(client, ministerio, catalogos):
    subunidade = ministerio.filhas.get()
    resposta = _post(client, catalogos, subunidade)
    assert resposta.status_code == 200
    conteudo = resposta.content.decode()
    assert "é uma unidade interna" in conteudo and ministerio.nome in conteudo
    assert SolicitacaoDeAcesso.objects.count() == 0


def test_non_siorg_request_requires_orgao_fields_and_valid_documents(client, catalogos):
    resposta = _post(client, catalogos, orgao_nome="", orgao_cnpj="11.111.111/1111-11", orgao_cep="123")
    conteudo = resposta.content.decode()
    assert "Campo obrigatório para órgãos fora do Executivo Federal" in conteudo
    assert "CNPJ inválido" in conteudo and "CEP inválido" in conteudo
    assert SolicitacaoDeAcesso.objects.count() == 0


def test_bad_cpf_and_mismatched_email_confirmation_are_reported(client, ministerio, catalogos):
    conteudo = _post(client, catalogos, ministerio, cpf="111.111.111-11",
                     email_confirmacao="outro@orgao.gov.br").content.decode()
    assert "CPF inválido" in conteudo
    assert "A confirmação não confere com o e-mail informado" in conteudo
    assert SolicitacaoDeAcesso.objects.count() == 0


def test_upload_is_checked_by_content_not_by_name(client, ministerio, catalogos):
    arquivos = {
        "documento_comprobatorio": SimpleUploadedFile("portaria.pdf", b"MZ\x90\x00 executable", "application/pdf"),
        "documento_identificacao": SimpleUploadedFile("rg.png", b"GIF89a....", "image/png"),
    }
    conteudo = _post(client, catalogos, ministerio, arquivos=arquivos).content.decode()
    assert conteudo.count("Formato não aceito") >= 2
    assert SolicitacaoDeAcesso.objects.count() == 0


def test_upload_over_ten_megabytes_is_refused(client, ministerio, catalogos):
    grande = io.BytesIO(PDF_MINIMO + b"0" * TAMANHO_MAXIMO)
    arquivos = {
        "documento_comprobatorio": SimpleUploadedFile("grande.pdf", grande.getvalue(), "application/pdf"),
        "documento_identificacao": SimpleUploadedFile("rg.pdf", PDF_MINIMO, "application/pdf"),
    }
    conteudo = _post(client, catalogos, ministerio, arquivos=arquivos).content.decode()
    assert "mais de 10 MB" in conteudo
    assert SolicitacaoDeAcesso.objects.count() == 0


def test_filled_honeypot_saves_nothing_and_sends_nothing(client, ministerio, catalogos,
                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        resposta = _post(client, catalogos, ministerio, website="http://spam.example")
    assert resposta.status_code == 200
    assert SolicitacaoDeAcesso.objects.count() == 0 and mail.outbox == []


def test_submissions_are_rate_limited_per_ip(client, ministerio, catalogos, settings):
    settings.COMITES_LIMITE_SOLICITACOES = (2, 3600)
    _post(client, catalogos, ministerio, cpf="1")
    _post(client, catalogos, ministerio, cpf="1")
    bloqueada = _post(client, catalogos, ministerio)
    assert bloqueada.status_code == 429
    assert "Muitas tentativas" in bloqueada.content.decode()
    outro_ip = client.post(URL, {"website": ""}, REMOTE_ADDR="10.9.9.9")
    assert outro_ip.status_code == 200
    assert SolicitacaoDeAcesso.objects.count() == 0


def test_duplicate_request_shows_the_orgaos_public_gestores_instead(client, ministerio, catalogos):
    comite = ComiteFactory(unidade=ministerio)
    pessoa = PessoaFactory(nome="Gestora Atual", email="pessoal@orgao.gov.br", email_unidade="prot@orgao.gov.br",
                           cpf="52998224725")
    GestorFactory(comite=comite, pessoa=pessoa)
    resposta = _post(client, catalogos, ministerio, cpf="168.995.350-09")
    conteudo = resposta.content.decode()
    assert resposta.status_code == 200
    assert "já tem Comitê Gestor de Protocolo ativo" in conteudo
    assert "Gestora Atual" in conteudo and "prot@orgao.gov.br" in conteudo
    assert "pessoal@orgao.gov.br" not in conteudo
    assert "52998224725" not in conteudo and "529.982.247-25" not in conteudo and "982.247" not in conteudo
    assert SolicitacaoDeAcesso.objects.count() == 0


def test_production_request_without_homologation_shows_the_unmet_checklist(client, ministerio, catalogos):
    ComiteFactory(unidade=ministerio)
    conteudo = _post(client, catalogos, ministerio, ambiente="producao").content.decode()
    assert "testes mínimos" in conteudo and "0 de 3 requisitos cumpridos" in conteudo
    assert conteudo.count(">Pendente<") == 3
    assert SolicitacaoDeAcesso.objects.count() == 0


def test_production_form_shows_the_checklist_with_idts_once_the_orgao_is_chosen(client, ministerio,
                                                                                fonte_de_tramites):
    comite = ComiteFactory(unidade=ministerio)
    fonte_de_tramites[comite.pk] = homologacao_completa()[:2]
    conteudo = client.get(URL, {"ambiente": "producao", "unidade": ministerio.pk}).content.decode()
    assert "2 de 3 requisitos cumpridos" in conteudo
    assert "IDT: 101" in conteudo and "IDT: 102" in conteudo


def test_production_request_passes_when_homologation_is_complete(client, ministerio, catalogos,
                                                                 fonte_de_tramites):
    comite = ComiteFactory(unidade=ministerio)
    fonte_de_tramites[comite.pk] = homologacao_completa()
    resposta = _post(client, catalogos, ministerio, ambiente="producao")
    assert resposta.status_code == 302
    assert SolicitacaoDeAcesso.objects.get().ambiente == Ambiente.PRODUCAO


def test_follow_up_page_shows_refusal_justification_and_never_the_cpf(client):
    sol = SolicitacaoFactory(status=SolicitacaoDeAcesso.Status.RECUSADA, justificativa="Documento ilegível.",
                             cpf="52998224725", email="privado@orgao.gov.br")
    conteudo = client.get(f"/solicitar-acesso/acompanhar/{sol.token}/").content.decode()
    assert "Recusada" in conteudo and "Documento ilegível." in conteudo
    assert "982.247" not in conteudo and "52998224725" not in conteudo
    assert 'name="robots" content="noindex"' in conteudo


def test_follow_up_page_with_unknown_token_is_404(client):
    SolicitacaoFactory()
    assert client.get("/solicitar-acesso/acompanhar/nao-existe/").status_code == 404


def test_public_gestores_list_shows_contact_data_but_never_cpf_or_personal_email(client):
    comite = ComiteFactory(unidade=OrgaoFactory(nome="Agência Nacional de Exemplo", sigla="ANEX"))
    pessoa = PessoaFactory(nome="Beatriz Gestora", cpf="52998224725", email="beatriz.pessoal@orgao.gov.br",
                           email_unidade="protocolo@anex.gov.br", telefone="(61) 2020-3030")
    GestorFactory(comite=comite, pessoa=pessoa)
    GestorFactory(comite=comite, pessoa=PessoaFactory(nome="Ex Gestor"), ativo=False)
    ComiteFactory(unidade=OrgaoFactory(nome="Órgão Inativo"), ativo=False)

    conteudo = client.get("/gestores/").content.decode()
    assert "Agência Nacional de Exemplo - ANEX" in conteudo
    assert "Beatriz Gestora" in conteudo and "protocolo@anex.gov.br" in conteudo and "(61) 2020-3030" in conteudo
    assert "Ex Gestor" not in conteudo and "Órgão Inativo" not in conteudo
    assert "beatriz.pessoal@orgao.gov.br" not in conteudo
    for forma in ("52998224725", "529.982.247-25", "***.982.247-**", "982.247"):
        assert forma not in conteudo


def test_public_gestores_list_is_searchable_by_sigla_and_paginated(client):
    alvo = ComiteFactory(unidade=OrgaoFactory(nome="Fundação Alvo", sigla="FALVO"))
    for _ in range(21):
        ComiteFactory()
    assert "Fundação Alvo" in client.get("/gestores/", {"orgao": "falvo"}).content.decode()
    assert "Ministério" not in client.get("/gestores/", {"orgao": "falvo"}).content.decode()
    primeira = client.get("/gestores/").content.decode()
    assert "Página 1 de 2" in primeira
    assert client.get("/gestores/", {"pagina": 2}).status_code == 200
    assert alvo.pk


def test_public_orgaos_list_separates_implantados_from_em_implantacao(client):
    import datetime

    implantado = OrgaoFactory(nome="Órgão Pronto")
    ComiteFactory(unidade=implantado)
    ComiteFactory(unidade=implantado, ambiente=Ambiente.PRODUCAO, implantacao=Comite.Implantacao.IMPLANTADO,
                  implantado_em=datetime.date(2026, 3, 15))
    ComiteFactory(unidade=OrgaoFactory(nome="Órgão Começando"))
    conteudo = client.get("/orgaos/").content.decode()
    implantados, em_implantacao = conteudo.split('id="em-implantacao"')
    assert "Órgão Pronto" in implantados and "15/03/2026" in implantados
    assert "Órgão Começando" in em_implantacao and "Órgão Pronto" not in em_implantacao


def test_private_media_url_is_not_routed(client):
    sol = SolicitacaoFactory()
    assert client.get("/_privado/" + sol.documento_comprobatorio.name).status_code == 404


def test_reverse_names_exist():
    assert reverse("comites:solicitar_acesso") == URL
