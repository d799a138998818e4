"""The public NUP lookup (``/consulta/nup/``): anonymous, validated, route and status only, rate-limited."""

import pytest
from django.urls import reverse

from tests.factories.tramites import enviar, levar_a
from tramites import state_machine as sm
from tramites.nup import formatar

URL = "/consulta/nup/"
NUP = formatar("23037001462" + "2021")  # 23037.001462/2021-65
DIGITOS = NUP.replace(".", "").replace("/", "").replace("-", "")
DESCRICAO = "Contratação emergencial de vigilância"
INTERESSADO = "Fulano de Tal Interessado"


@pytest.fixture
def tramites_do_nup(orgao_a, orgao_b):
    """A process sent A → B and concluded (6), then sent B → A and stuck in 2 (the destination must act)."""
    documentos = [{"ordem": 1, "descricao": "Ofício secreto 7/2021", "especie_nome_no_produtor": "Ofício",
                   "componentes": [{"ordem": 1, "nome": "oficio.pdf", "hash": "A" * 43 + "=", "tamanho": 11,
                                    "mime_type": "application/pdf", "tipo_de_conteudo": "txt"}]}]
    primeiro = enviar(orgao_a, orgao_b, protocolo=NUP, descricao=DESCRICAO, documentos=documentos,
                      metadados={"processo": {"interessados": [{"nome": INTERESSADO}]}})
    levar_a(primeiro, sm.Status.RECIBO_RECEBIDO_REMETENTE, orgao_a, orgao_b)
    segundo = enviar(orgao_b, orgao_a, protocolo=NUP, descricao=DESCRICAO, documentos=documentos)
    levar_a(segundo, sm.Status.COMPONENTES_ENVIADOS_REMETENTE, orgao_b, orgao_a)
    return primeiro, segundo


def test_the_url_is_named_consulta_nup():
    assert reverse("tramites:consulta_nup") == URL


@pytest.mark.django_db
def test_anonymous_person_gets_the_form_without_login(client):
    resposta = client.get(URL)
    assert resposta.status_code == 200
    html = resposta.content.decode()
    assert '<form method="get"' in html and 'name="nup"' in html and '<label for="f-nup">' in html


@pytest.mark.django_db
def test_the_home_page_and_menu_link_to_the_lookup_for_anonymous_users(client):
    html = client.get("/").content.decode()
    assert f'href="{URL}"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("digitado", [NUP, DIGITOS, f"  {NUP}  ", "23037 001462 2021 65", "23037.001462.2021.65"])
def test_the_nup_is_found_with_or_without_punctuation(client, tramites_do_nup, digitado):
    primeiro, segundo = tramites_do_nup
    html = client.get(URL, {"nup": digitado}).content.decode()
    assert f"Trâmites do processo {NUP}" in html
    assert f"<td>{primeiro.idt}</td>" in html and f"<td>{segundo.idt}</td>" in html


@pytest.mark.django_db
def test_each_trâmite_shows_route_status_guidance_and_the_gestores_of_the_órgão_that_must_act(
        client, tramites_do_nup, orgao_a, orgao_b):
    primeiro, segundo = tramites_do_nup
    html = client.get(URL, {"nup": NUP}).content.decode()
    assert "Órgão ORGA (ORGA)" in html and "Protocolo de ORGA (PROT-ORGA)" in html
    assert "Órgão ORGB (ORGB)" in html and "Protocolo de ORGB (PROT-ORGB)" in html
    assert sm.Status.RECIBO_RECEBIDO_REMETENTE.rotulo_com_numero in html
    dois = sm.Status.COMPONENTES_ENVIADOS_REMETENTE
    assert dois.rotulo_com_numero in html and dois.significado in html
    assert dois.o_que_fazer.split(":")[0] in html
    # Stuck in 2 after B → A: the destination (A) must act; its public gestores page is linked.
    gestores = (reverse("comites:gestores_publicos")
                + f"?orgao=%C3%93rg%C3%A3o+ORGA&amp;ambiente={orgao_a.comite.ambiente}")
    assert f'href="{gestores}"' in html
    assert "Gestores de protocolo do órgão de destino: Órgão ORGA (ORGA)" in html
    assert html.count("Gestores de protocolo do órgão") == 1  # the concluded trâmite needs nobody


@pytest.mark.django_db
def test_the_public_page_never_shows_descriptions_interessados_documents_or_hashes(client, tramites_do_nup):
    html = client.get(URL, {"nup": NUP}).content.decode()
    for segredo in (DESCRICAO, INTERESSADO, "Ofício secreto", "oficio.pdf", "A" * 43):
        assert segredo not in html


@pytest.mark.django_db
@pytest.mark.parametrize("nivel", [2, 3])
def test_a_restricted_or_secret_process_shows_only_route_and_status(client, orgao_a, orgao_b, nivel):
    tramite = enviar(orgao_a, orgao_b, protocolo=NUP, descricao=DESCRICAO, nivel_de_sigilo=nivel)
    levar_a(tramite, sm.Status.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)
    html = client.get(URL, {"nup": NUP}).content.decode()
    assert "Órgão ORGA (ORGA)" in html and "Órgão ORGB (ORGB)" in html
    assert sm.Status.COMPONENTES_ENVIADOS_REMETENTE.rotulo_com_numero in html
    assert "apenas o caminho (origem e destino) e a situação" in html
    assert f"<td>{tramite.idt}</td>" not in html and ">IDT<" not in html
    assert tramite.criado_em.astimezone().strftime("%d/%m/%Y") not in html
    assert sm.Status.COMPONENTES_ENVIADOS_REMETENTE.significado not in html
    assert "Gestores de protocolo do órgão" not in html
    assert DESCRICAO not in html


@pytest.mark.django_db
def test_an_unknown_valid_nup_says_nothing_was_found(client):
    html = client.get(URL, {"nup": NUP}).content.decode()
    assert f"Nenhum trâmite do processo {NUP} foi encontrado" in html


@pytest.mark.django_db
@pytest.mark.parametrize(("digitado", "trecho"), [
    ("2303.001462/2021-65", "o código da unidade protocolizadora (antes do ponto) tem 4 algarismos em vez de 5"),
    ("23037.01462/2021-65", "o número sequencial (entre o ponto e a barra) tem 5 algarismos em vez de 6"),
    ("23037.001462/20211-65", "o ano (entre a barra e o hífen) tem 5 algarismos em vez de 4 ou 2"),
    ("23037.001462/2021-6", "o par de dígitos verificadores (depois do hífen) tem 1 algarismo em vez de 2"),
    ("23037.001462/2021-75", "o primeiro dígito verificador, 7, deveria ser 6"),
    ("23037.001462/2021-66", "o segundo dígito verificador, 6, deveria ser 5"),
    ("23037001462202100", "os dois dígitos verificadores estão errados"),
    ("2303700146220216", "o NUP sem pontuação tem 17 algarismos, mas foram informados 16"),
    ("", "O NUP não foi informado."),
    ("23037.００1462/2021-65", "não é um algarismo de 0 a 9"),
    ("23037.001462/2021-65\x07", "caractere de controle"),
    ("9" * 200, "longo demais"),
])
def test_a_wrong_nup_gets_a_pt_br_message_naming_the_wrong_part_and_finds_nothing(client, tramites_do_nup,
                                                                                    digitado, trecho):
    resposta = client.get(URL, {"nup": digitado})
    assert resposta.status_code == 200
    html = resposta.content.decode()
    assert trecho in html
    assert 'aria-invalid="true"' in html and 'role="alert"' in html
    assert "Trâmites do processo" not in html


@pytest.mark.django_db
def test_a_nul_byte_is_refused_with_400_not_500(client):
    assert client.get(URL, {"nup": "23037\x00"}).status_code == 400


@pytest.mark.django_db
def test_lookups_past_the_quota_per_ip_get_the_429_page(client, settings, tramites_do_nup):
    settings.TRAMITES_LIMITE_CONSULTA_NUP = (3, 60)
    for _ in range(3):
        assert client.get(URL, {"nup": NUP}, REMOTE_ADDR="203.0.113.9").status_code == 200
    bloqueada = client.get(URL, {"nup": NUP}, REMOTE_ADDR="203.0.113.9")
    assert bloqueada.status_code == 429
    assert bloqueada["Retry-After"] == "60"
    assert "Foram feitas muitas consultas de NUP a partir da sua rede" in bloqueada.content.decode()
    # Another address still gets its answer; the empty form is not counted.
    assert client.get(URL, {"nup": NUP}, REMOTE_ADDR="203.0.113.10").status_code == 200
    assert client.get(URL, REMOTE_ADDR="203.0.113.9").status_code == 200


@pytest.mark.django_db
def test_the_quota_follows_the_client_address_behind_a_trusted_proxy(client, settings):
    settings.TRAMITES_LIMITE_CONSULTA_NUP = (1, 60)
    settings.TRUSTED_PROXIES = ["127.0.0.1"]

    def de(cliente_real):
        return client.get(URL, {"nup": NUP}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=cliente_real).status_code

    assert de("198.51.100.1") == 200
    assert de("198.51.100.2") == 200
    assert de("198.51.100.1") == 429


@pytest.mark.django_db
def test_answers_are_cached_briefly_and_not_longer_than_the_nup_lifetime(client, settings, orgao_a, orgao_b,
                                                                         django_assert_num_queries):
    settings.CONSULTA_NUP_CACHE_SEGUNDOS = 30
    tramite = enviar(orgao_a, orgao_b, protocolo=NUP)
    primeira = client.get(URL, {"nup": NUP}).content
    with django_assert_num_queries(0):
        assert client.get(URL, {"nup": NUP}).content == primeira
    levar_a(tramite, sm.Status.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)
    settings.CONSULTA_NUP_CACHE_SEGUNDOS = 0  # lifetime over: the next answer is computed again
    assert sm.Status.COMPONENTES_ENVIADOS_REMETENTE.rotulo_com_numero in client.get(URL, {"nup": NUP}).content.decode()


@pytest.mark.django_db
def test_the_lookup_runs_a_constant_number_of_queries(client, settings, orgao_a, orgao_b, django_assert_num_queries):
    settings.CONSULTA_NUP_CACHE_SEGUNDOS = 0
    for _ in range(3):
        tramite = enviar(orgao_a, orgao_b, protocolo=NUP)
        levar_a(tramite, sm.Status.RECIBO_RECEBIDO_REMETENTE, orgao_a, orgao_b)
    with django_assert_num_queries(2):  # the trâmites, then the names of their units and órgãos
        client.get(URL, {"nup": NUP})
    with django_assert_num_queries(1):
        client.get(URL, {"nup": formatar("999990000012026")})  # nothing found: no name to look up


def test_a_trâmite_from_or_to_the_órgão_itself_names_it_once_not_as_órgão_and_again_as_unit(
        client, orgao_a, orgao_b):
    from tramites.models import Tramite

    t = enviar(orgao_a, orgao_b, protocolo=NUP)
    Tramite.objects.filter(pk=t.pk).update(unidade_destinatario=orgao_b.orgao)  # sent to the órgão's root unit
    html = client.get(URL, {"nup": NUP}).content.decode()
    assert "<strong>Órgão ORGA (ORGA)</strong><br>Protocolo de ORGA (PROT-ORGA)" in html
    assert html.count("Órgão ORGB (ORGB)") == 1 and "<strong>Órgão ORGB (ORGB)</strong></td>" in html


@pytest.mark.django_db
def test_the_precompiled_trâmites_query_returns_exactly_what_the_orm_query_returns(tramites_do_nup, settings):
    from tramites import consulta_publica

    protocolos = consulta_publica.variantes(NUP)
    esperado = list(consulta_publica._consulta_dos_tramites(protocolos, settings.AMBIENTE))
    assert len(esperado) >= 2
    assert consulta_publica._tramites(protocolos, settings.AMBIENTE) == esperado
    assert consulta_publica._tramites(consulta_publica.variantes(NUP), "homologacao" if settings.AMBIENTE
                                      != "homologacao" else "producao") == []


@pytest.mark.django_db
@pytest.mark.parametrize("quantas", [1, 4, 5, 9])
def test_the_names_of_any_number_of_units_match_the_orm(quantas):
    from estrutura.models import Unidade
    from tests.factories.estrutura import OrgaoFactory
    from tramites import consulta_publica

    ids = {OrgaoFactory(nome=f"Órgão {i}", sigla=f"O{i}").pk for i in range(quantas)}
    esperado = {pk: (nome, sigla) for pk, nome, sigla in Unidade.objects.filter(pk__in=ids)
                .values_list("pk", "nome", "sigla")}
    assert len(esperado) == quantas
    assert consulta_publica._nomes(ids) == esperado
    assert consulta_publica._nomes(set()) == {}
